import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Marks an error with the item it belongs to, so n8n points at the right input. */
export function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

export function errorItem(
	ctx: IExecuteFunctions,
	error: Error,
	itemIndex: number,
): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	const description = (error as NodeApiError).description;
	if (description) json.description = description;
	const httpCode = (error as NodeApiError).httpCode;
	if (httpCode) json.httpCode = httpCode;
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	// With On Error "Continue (using error output)" n8n moves an item to the error output when it
	// carries `error`; from json alone only when json holds nothing but the message.
	if (ctx.getNode().onError === 'continueErrorOutput') item.error = error as NodeApiError;
	return item;
}

export function toItems(
	data: IDataObject | IDataObject[],
	itemIndex: number,
): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({
		json,
		pairedItem: { item: itemIndex },
	}));
}

/**
 * Runs `run` for every input item; honours Continue On Fail and pairs every output with its input.
 * `concurrency` > 1 keeps that many items in flight, for reads that cannot be batched: a slow answer
 * then does not hold the next request back (the per-credential pace still applies). Outputs keep
 * the items' order; without Continue On Fail no new item starts after a failure, and the failure of
 * the lowest item is thrown once the ones in flight are answered.
 */
export async function forEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
	concurrency = 1,
): Promise<INodeExecutionData[]> {
	const results: Array<IDataObject | IDataObject[]> = [];
	const failures = new Map<number, Error>();
	let next = 0;
	const worker = async () => {
		while (next < items.length && (failures.size === 0 || this.continueOnFail())) {
			const i = next++;
			try {
				results[i] = await run(i);
			} catch (error) {
				failures.set(i, error as Error);
			}
		}
	};
	await Promise.all(
		Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker),
	);
	if (failures.size && !this.continueOnFail()) {
		const first = Math.min(...failures.keys());
		throw withItemIndex(this, failures.get(first), first);
	}
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const failure = failures.get(i);
		output.push(...(failure ? [errorItem(this, failure, i)] : toItems(results[i], i)));
	}
	return output;
}
