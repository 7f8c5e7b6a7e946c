// A node that reads another node's output (`$('Name')`) fails its execution with "Node 'Name' hasn't
// been executed" when it runs on a path that did not pass through that node — a failed execution for
// n8n to save and error workflows to report, even when the work was done. For every sample workflow:
// each such reference is to a node on every path from every trigger to the reader, or is guarded by
// `$('Name').isExecuted`. Paths are the canvas's connections; what an IF or Switch decides is not
// seen, so a reference that only a Switch's condition makes safe is listed below with the reason.
import fs from 'node:fs';
import path from 'node:path';

import { sampleWorkflow } from '../e2e/n8n';

const SAFE_BY_CONDITION: Record<string, string> = {
	'amocrm-intake-core.json: Index Due → When Called':
		'Step sends only runs started by When Called with intake_step "index" to the index branch',
	'amocrm-migration.json: Gather the Export → Bitrix24 Answer':
		'Way In sends only the Bitrix24 way through the read loop, and Gather returns for the other ways first',
	'amocrm-migration.json: Gather the Export → Read Bitrix24':
		'Way In sends only the Bitrix24 way through the read loop, and Gather returns for the other ways first',
};

type Workflow = {
	nodes: Array<{ name: string; type: string; parameters: unknown }>;
	connections: Record<string, Record<string, Array<Array<{ node: string }> | null>>>;
};

/** For each node, the nodes every path from a trigger (a node nothing leads into) to it passes through. */
function alwaysBefore(workflow: Workflow): Map<string, Set<string>> {
	const names = workflow.nodes.filter((n) => !n.type.endsWith('stickyNote')).map((n) => n.name);
	const from = new Map(names.map((n) => [n, new Set<string>()]));
	for (const [source, outputs] of Object.entries(workflow.connections)) {
		for (const targets of Object.values(outputs).flat())
			for (const { node } of targets ?? []) from.get(node)?.add(source);
	}
	const triggers = names.filter((n) => from.get(n)!.size === 0);
	const before = new Map(names.map((n) => [n, new Set(triggers.includes(n) ? [n] : names)]));
	for (let changed = true; changed; ) {
		changed = false;
		for (const name of names) {
			if (triggers.includes(name)) continue;
			const common = [...from.get(name)!]
				.map((p) => before.get(p)!)
				.reduce((a, b) => new Set([...a].filter((n) => b.has(n))));
			const next = new Set([name, ...common]);
			if (next.size !== before.get(name)!.size) {
				before.set(name, next);
				changed = true;
			}
		}
	}
	return before;
}

/** The nodes a node's parameters read without checking that they ran. */
function unguardedReferences(parameters: unknown): string[] {
	const text = JSON.stringify(parameters).replace(/\\"/g, '"');
	const named = [...text.matchAll(/\$\(['"]([^'"]+)['"]\)/g)].map((m) => m[1]);
	// Helpers such as `const records = (node) => $(node).all()` read the nodes they are called with.
	for (const helper of text.matchAll(/const (\w+) = \(node[^)]*\) =>([^\\]*)/g)) {
		if (helper[2].includes('$(node)') && !helper[2].includes('$(node).isExecuted')) {
			named.push(
				...[...text.matchAll(new RegExp(`\\b${helper[1]}\\(['"]([^'"]+)['"]`, 'g'))].map(
					(m) => m[1],
				),
			);
		}
	}
	return [...new Set(named)].filter(
		(name) =>
			!text.includes(`$('${name}').isExecuted`) && !text.includes(`$("${name}").isExecuted`),
	);
}

const files = fs
	.readdirSync(path.join(__dirname, '../../workflows'))
	.filter((f) => f.endsWith('.json'));

describe.each(files)('%s', (file) => {
	it('reads other nodes only where they have run on every path, or checks that they ran', () => {
		const workflow: Workflow = sampleWorkflow(file);
		const before = alwaysBefore(workflow);
		const names = new Set(workflow.nodes.map((n) => n.name));
		let checked = 0;
		const unsafe: string[] = [];
		for (const node of workflow.nodes) {
			if (!before.has(node.name)) continue;
			for (const read of unguardedReferences(node.parameters)) {
				checked++;
				const reference = `${file}: ${node.name} → ${read}`;
				expect(names).toContain(read);
				if (!before.get(node.name)!.has(read) && !SAFE_BY_CONDITION[reference])
					unsafe.push(reference);
			}
		}
		expect(unsafe).toEqual([]);
		if (file !== 'call-logging.json') expect(checked).toBeGreaterThan(0);
	});
});

it('finds a read of a node that a path skips, and accepts it guarded', () => {
	const workflow: Workflow = {
		nodes: ['Webhook', 'Schedule', 'Queued', 'Start', 'Answer'].map((name) => ({
			name,
			type: 'x',
			parameters: {},
		})),
		connections: {
			Webhook: { main: [[{ node: 'Queued' }]] },
			Queued: { main: [[{ node: 'Start' }]] },
			Schedule: { main: [[{ node: 'Start' }]] },
			Start: { main: [[{ node: 'Answer' }]] },
		},
	};
	const before = alwaysBefore(workflow);
	expect([...before.get('Answer')!].sort()).toEqual(['Answer', 'Start']);
	expect(before.get('Queued')!.has('Webhook')).toBe(true);
	expect(unguardedReferences({ jsonOutput: "={{ $('Queued').first().json }}" })).toEqual([
		'Queued',
	]);
	expect(
		unguardedReferences({
			jsonOutput: "={{ $('Queued').isExecuted ? $('Queued').first().json : {} }}",
		}),
	).toEqual([]);
	expect(
		unguardedReferences({
			jsCode: "const rows = (node) => $(node).all();\nreturn rows('Queued');",
		}),
	).toEqual(['Queued']);
	expect(
		unguardedReferences({
			jsCode:
				"const rows = (node) => ($(node).isExecuted ? $(node).all() : []);\nreturn rows('Queued');",
		}),
	).toEqual([]);
});
