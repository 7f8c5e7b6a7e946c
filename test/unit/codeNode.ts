import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

/**
 * The Code node `name` of workflows/<file>, as the workflow holds it, as a function: `$('Node')` answers
 * with the items given for that node; returns the json of the items the code returns.
 */
export function codeNode(file: string, name: string): (inputs: Record<string, unknown[]>) => Promise<any[]> {
	const workflow = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'workflows', file), 'utf8'));
	const code = workflow.nodes.find((n: any) => n.name === name).parameters.jsCode as string;
	return async (inputs) => {
		const $ = (node: string) => ({ first: () => ({ json: inputs[node][0] }), all: () => inputs[node].map((json) => ({ json })) });
		const items = (await vm.runInNewContext(`(async () => {\n${code}\n})()`, { $ })) as Array<{ json: any }>;
		return items.map((item) => item.json);
	};
}
