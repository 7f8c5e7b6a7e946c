// `npm run bench`: how long a site form waits for its answer — from the POST to the site form
// webhook to the answer that says the submission is queued — for 1, 10 and 100 submissions sent at
// once, in one n8n process (SQLite) and in queue mode (main + 2 workers, Postgres 17, Redis), with
// the intake core working on what came in. Prints p50 / p95 / max per case and mode, beside n8n's
// own floor on the same machine: a workflow that only answers (a Webhook node set to answer at
// once), and one that writes the row to a data table and then answers, as the site form does.
import { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { coreWorkflow, intakeRig } from '../e2e/intakeRig';
import {
	apiKey,
	importJson,
	type N8nHome,
	prepareHome,
	publicApi,
	type RunningN8n,
	sampleWorkflow,
	startN8n,
} from '../e2e/n8n';
import { startQueueCluster } from '../e2e/queueMode';
import { saveResults } from './results';

const PORT = 5730;
const GROUPS = [1, 10, 100];
/** Each group size is sent this many times; the figures are over all their answers. */
const REPEATS: Record<number, number> = { 1: 10, 10: 3, 100: 1 };

const percentile = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** The floor: what any webhook execution of this n8n costs, and one that only queues a row. */
const floorWorkflows = [
	{
		id: 'ackFloorAnswer01',
		name: 'Floor: answer only',
		nodes: [
			{
				id: 'f1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: 'floor-answer',
				parameters: {
					httpMethod: 'POST',
					path: 'floor-answer',
					responseMode: 'onReceived',
					options: {},
				},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none' },
	},
	{
		id: 'ackFloorInsert01',
		name: 'Floor: insert a row, then answer',
		nodes: [
			{
				id: 'f1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: 'floor-insert',
				parameters: {
					httpMethod: 'POST',
					path: 'floor-insert',
					responseMode: 'responseNode',
					options: {},
				},
			},
			{
				id: 'f2',
				name: 'Row',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: {
					mode: 'raw',
					jsonOutput:
						"={{ { source: 'floor', name: $json.body.name, phone_raw: $json.body.phone, received_at: Date.now() } }}",
					options: {},
				},
			},
			{
				id: 'f3',
				name: 'Insert',
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1.1,
				position: [400, 0],
				parameters: {
					resource: 'row',
					operation: 'insert',
					dataTableId: { __rl: true, mode: 'name', value: 'ack_floor' },
					columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
					options: {},
				},
			},
			{
				id: 'f4',
				name: 'Answer',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.4,
				position: [600, 0],
				parameters: {
					respondWith: 'json',
					responseBody: '={{ JSON.stringify({ ok: true, queued: [$json.id] }) }}',
					options: {},
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Row', type: 'main', index: 0 }]] },
			Row: { main: [[{ node: 'Insert', type: 'main', index: 0 }]] },
			Insert: { main: [[{ node: 'Answer', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none' },
	},
];

async function setUp(home: N8nHome, amoUrl: string) {
	for (const workflow of floorWorkflows) await importJson(home, 'workflow', workflow);
	await importJson(home, 'credentials', [
		{
			id: 'amoDemoToken0001',
			name: 'amoCRM sandbox',
			type: 'amoCrmApi',
			data: {
				zone: 'custom',
				subdomain: '',
				baseUrl: amoUrl,
				accessToken: AMOCRM_SANDBOX.longLivedToken,
			},
		},
	]);
	await importJson(home, 'workflow', coreWorkflow());
	await importJson(home, 'workflow', sampleWorkflow('site-form-intake.json'));
}

async function post(
	n8n: RunningN8n,
	path: string,
	body: unknown,
): Promise<{ status: number; ms: number }> {
	const started = performance.now();
	const response = await fetch(`${n8n.url}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	await response.arrayBuffer();
	return { status: response.status, ms: performance.now() - started };
}

async function measure(
	mode: string,
	n8n: RunningN8n,
	amo: Awaited<ReturnType<typeof startAmoCrmSandbox>>,
	prefix: string,
) {
	const api = publicApi(n8n, await apiKey(n8n));
	await api('POST', '/data-tables', {
		name: 'ack_floor',
		columns: ['source', 'name', 'phone_raw']
			.map((name) => ({ name, type: 'string' }))
			.concat([{ name: 'received_at', type: 'number' }]),
	});
	for (const id of ['amoIntakeCore001', 'amoSiteLead00001', ...floorWorkflows.map((w) => w.id)])
		await api('POST', `/workflows/${id}/activate`);
	const rig = intakeRig(n8n, api, amo);
	await rig.submit({ name: 'Разогрев', phone: `+7 ${prefix} 000-00-00` });
	await rig.settled(120_000);
	for (const path of ['floor-answer', 'floor-insert'])
		await post(n8n, path, { name: 'Разогрев', phone: '0' });
	const rows: Array<Record<string, string | number>> = [];
	let sent = 1;
	const cases: Array<
		[
			string,
			(body: { name: string; phone: string }) => Promise<{ status: number; ms: number }>,
			boolean,
		]
	> = [
		['site form', (body) => rig.submit(body), true],
		['floor: answer only', (body) => post(n8n, 'floor-answer', body), false],
		['floor: insert, answer', (body) => post(n8n, 'floor-insert', body), false],
	];
	for (const [what, send, settles] of cases) {
		for (const size of GROUPS) {
			const ms: number[] = [];
			for (let repeat = 0; repeat < REPEATS[size]; repeat++) {
				const acks = await Promise.all(
					Array.from({ length: size }, () =>
						send({
							name: `Клиент ${sent}`,
							phone: `+7 ${prefix} ${String(1000000 + sent++).slice(1)}`,
						}),
					),
				);
				if (acks.some((a) => a.status !== 200))
					throw new Error(
						`${what}: a submission was refused: ${JSON.stringify(acks.find((a) => a.status !== 200))}`,
					);
				ms.push(...acks.map((a) => a.ms));
				if (settles) await rig.settled(300_000);
				else await new Promise((r) => setTimeout(r, 2000));
			}
			ms.sort((a, b) => a - b);
			rows.push({
				mode,
				workflow: what,
				'sent at once': size,
				answers: ms.length,
				'p50 ms': Math.round(percentile(ms, 50)),
				'p95 ms': Math.round(percentile(ms, 95)),
				'max ms': Math.round(ms.at(-1)!),
			});
			process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);
		}
	}
	return rows;
}

async function main() {
	const amo = await startAmoCrmSandbox(0);
	const rows: Array<Record<string, string | number>> = [];
	const home = await prepareHome();
	await setUp(home, amo.url);
	const single = await startN8n(home, PORT);
	try {
		rows.push(...(await measure('one process', single, amo, '931')));
	} finally {
		await single.stop();
	}
	const cluster = await startQueueCluster({ port: PORT + 40 });
	try {
		await setUp(cluster.home, amo.url);
		rows.push(...(await measure('queue mode (main + 2 workers)', cluster.main, amo, '932')));
	} finally {
		await cluster.stop();
	}
	console.table(rows);
	saveResults('acks', { rows });
	await amo.close();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
