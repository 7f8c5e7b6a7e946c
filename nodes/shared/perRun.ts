// Values read once per node run (one execution context) and shared by its requests; nothing here
// outlives the run.
const perRun = new WeakMap<object, Map<string, Promise<unknown>>>();

export async function oncePerRun<T>(ctx: object, key: string, load: () => Promise<T>): Promise<T> {
	let values = perRun.get(ctx);
	if (!values) {
		values = new Map();
		perRun.set(ctx, values);
	}
	if (!values.has(key)) values.set(key, load());
	return (await values.get(key)) as T;
}
