import vm from 'node:vm';

import { sampleWorkflow } from '../e2e/n8n';

/**
 * The Code node `name` of workflows/<file>, as the workflow holds it, as a function: `$('Node')` answers
 * with the items given for that node, `$input` with those given as `$input`; returns the json of the
 * items the code returns.
 */
export function codeNode(file: string, name: string): (inputs: Record<string, unknown[]>) => Promise<any[]> {
	const code = sampleWorkflow(file).nodes.find((n: any) => n.name === name).parameters.jsCode as string;
	return async (inputs) => {
		const $ = (node: string) => ({ first: () => ({ json: inputs[node][0] }), all: () => inputs[node].map((json) => ({ json })) });
		const items = (await vm.runInNewContext(`(async () => {\n${code}\n})()`, { $, $input: $('$input') })) as Array<{ json: any }>;
		return items.map((item) => item.json);
	};
}
