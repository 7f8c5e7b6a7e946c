import vm from 'node:vm';

import { sampleWorkflow } from '../e2e/n8n';

/** The items a node gave: one run's json values, or `{ runs }` for a node that ran several times (a loop). */
export type NodeOutput = unknown[] | { runs: unknown[][] };

/**
 * The Code node `name` of workflows/<file>, as the workflow holds it, as a function: `$('Node')` answers
 * with the items given for that node (its latest run for `first()`, `last()` and `all()`, run `r` for
 * `all(0, r)`), `$input` and `$json` with those given as `$input`; returns the json of the items the
 * code returns. `edit` changes the code first, as a user would in the editor.
 */
export function codeNode(
	file: string,
	name: string,
	edit: (code: string) => string = (code) => code,
): (inputs: Record<string, NodeOutput>) => Promise<any[]> {
	const code = edit(
		sampleWorkflow(file).nodes.find((n: any) => n.name === name).parameters.jsCode as string,
	);
	return async (inputs) => {
		const runsOf = (node: string): unknown[][] => {
			const output = inputs[node] ?? [];
			return Array.isArray(output) ? [output] : output.runs;
		};
		const $ = (node: string) => {
			const runs = runsOf(node);
			const latest = runs[runs.length - 1] ?? [];
			return {
				first: () => ({ json: latest[0] }),
				last: () => ({ json: latest[latest.length - 1] }),
				all: (_branch = 0, run?: number) =>
					(run === undefined ? latest : (runs[run] ?? [])).map((json) => ({ json })),
			};
		};
		const context = { $, $input: $('$input'), $json: runsOf('$input').at(-1)?.[0] };
		const items = (await vm.runInNewContext(`(async () => {\n${code}\n})()`, context)) as Array<{
			json: any;
		}>;
		return items.map((item) => item.json);
	};
}
