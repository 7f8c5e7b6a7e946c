// The intake in n8n's queue mode, as teams run it when one process is not enough: Postgres 17, Redis,
// a main instance that takes the webhooks and two workers that run the executions (test/e2e/queueMode.ts).
// The same intake scenarios as the one-process suite, and what only several processes bring: two
// workers pacing one token, a worker killed in the middle of a round.
import { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { secretsIn } from '../secrets';
import {
	coreWorkflow,
	INTAKE_WORKFLOW_IDS,
	type IntakeRig,
	intakeRig,
	type LoadReport,
	runLoad,
} from './intakeRig';
import { failedIntakeExecutions, replaySeed, tenAtOnce } from './intakeScenarios';
import {
	apiKey,
	executeWorkflow,
	importJson,
	PACKAGE,
	publicApi,
	type RunningN8n,
	sampleWorkflow,
	waitFor,
} from './n8n';
import { type QueueCluster, startQueueCluster } from './queueMode';

jest.setTimeout(15 * 60 * 1000);

const PORT = 5710;
const READER_ID = 'queueReader00001';
let amo: Awaited<ReturnType<typeof startAmoCrmSandbox>>;
let cluster: QueueCluster;
let api: ReturnType<typeof publicApi>;
let rig: IntakeRig;
/** Executions running when a test killed a worker: those of that worker end as crashed. */
const killed = new Set<string>();

/**
 * Another team's workflow on the same token: gets each contact whose ID it is sent, one request per
 * contact, while the intake works.
 */
const readerWorkflow = {
	id: READER_ID,
	name: 'Read contacts (same token)',
	nodes: [
		{
			id: 'r1',
			name: 'Read Request',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'queue-reader',
			parameters: {
				httpMethod: 'POST',
				path: 'read-contacts',
				responseMode: 'onReceived',
				options: {},
			},
		},
		{
			id: 'r2',
			name: 'IDs',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0],
			parameters: { fieldToSplitOut: 'body.ids', options: { destinationFieldName: 'id' } },
		},
		{
			id: 'r3',
			name: 'Get Contact',
			type: `${PACKAGE}.amoCrm`,
			typeVersion: 1,
			position: [440, 0],
			parameters: {
				resource: 'contact',
				operation: 'get',
				contactId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			},
			credentials: { amoCrmApi: { id: 'amoDemoToken0001', name: 'amoCRM sandbox' } },
		},
	],
	connections: {
		'Read Request': { main: [[{ node: 'IDs', type: 'main', index: 0 }]] },
		IDs: { main: [[{ node: 'Get Contact', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
};

beforeAll(
	async () => {
		amo = await startAmoCrmSandbox(0);
		cluster = await startQueueCluster({ port: PORT, workers: 2, concurrency: 10 });
		const { home, main } = cluster;
		await importJson(home, 'credentials', [
			{
				id: 'amoDemoToken0001',
				name: 'amoCRM sandbox',
				type: 'amoCrmApi',
				data: {
					zone: 'custom',
					subdomain: '',
					baseUrl: amo.url,
					accessToken: AMOCRM_SANDBOX.longLivedToken,
				},
			},
		]);
		// Retries sooner and fewer than a user would set, and a lock that a dead worker leaves after a minute.
		await importJson(home, 'workflow', [
			coreWorkflow({ retrySeconds: '={{ 1 }}', maxAttempts: '={{ 2 }}', lockMinutes: '={{ 1 }}' }),
			sampleWorkflow('site-form-intake.json'),
			readerWorkflow,
		]);
		api = publicApi(main, await apiKey(main));
		rig = intakeRig(main, api, amo);
		for (const id of [...INTAKE_WORKFLOW_IDS.filter((id) => id !== 'envyToAmoCrm0001'), READER_ID])
			await api('POST', `/workflows/${id}/activate`);
	},
	40 * 60 * 1000,
);

afterAll(async () => {
	await cluster?.stop();
	await amo?.close();
});

const ranOn = (worker: RunningN8n) =>
	[...worker.log().matchAll(/Worker started execution (\d+)/g)].length;

describe('queue mode: main + 2 workers on Postgres 17 and Redis', () => {
	it('replays the seed log at the same cost as one process', async () => {
		await replaySeed(rig, amo, 'literal', '604-72-3');
		expect(cluster.workers.map(ranOn).every((n) => n > 0)).toBe(true);
	});

	it('ten different submissions for one new phone at once: one contact, one lead, ten notes, one lock row', async () => {
		const before = cluster.workers.map(ranOn);
		const { cost, slowestMs } = await tenAtOnce(rig, ['+7 (916) 555-21-22', '89165552122']);
		const split = cluster.workers.map((w, i) => ranOn(w) - before[i]);
		process.stdout.write(
			`queue mode race: 10 submissions of one new phone, ${cost} amoCRM requests, slowest answer ${slowestMs} ms, executions per worker ${split.join('/')}\n`,
		);
		expect(split.every((n) => n > 0)).toBe(true);
	});

	it('a burst of 300 while other executions and another n8n process read contacts with the same token: none lost or duplicated, the account never blocked', async () => {
		amo.sandbox.seed({
			contacts: Array.from({ length: 600 }, (_, i) => ({
				name: `Читаемый ${i}`,
				custom_fields_values: [
					{
						field_code: 'PHONE',
						values: [{ value: `+7 902 ${String(3000000 + i).slice(1)}`, enum_code: 'WORK' }],
					},
				],
			})),
		} as any);
		const ids: number[] = rig
			.state()
			.contacts.filter((c: any) => String(c.name).startsWith('Читаемый'))
			.map((c: any) => c.id);
		// Bull hands jobs to whichever worker asks first, so reads started through the webhook may all run on
		// one worker; `n8n execute` runs the other 300 in a process of its own, with the same token.
		const cliReader = {
			...readerWorkflow,
			id: 'queueCliReader01',
			name: 'Read contacts from the command line (same token)',
			nodes: [
				{
					id: 'c1',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'c2',
					name: 'IDs',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [220, 0],
					parameters: {
						jsCode: `return ${JSON.stringify(ids.slice(300))}.map((id) => ({ json: { id } }));`,
					},
				},
				readerWorkflow.nodes[2],
			],
			connections: {
				Start: { main: [[{ node: 'IDs', type: 'main', index: 0 }]] },
				IDs: { main: [[{ node: 'Get Contact', type: 'main', index: 0 }]] },
			},
		};
		await importJson(cluster.home, 'workflow', cliReader);
		const from = rig.apiCalls().length;
		let reads: Array<Promise<unknown>> = [];
		const report = await runLoad(
			rig,
			{
				tag: 'очередь',
				count: 300,
				returning: ['+7 (916) 555-21-22'],
				doubleEvery: 0,
				prefix: '903',
				concurrency: 20,
				onProgress: (sent) => {
					if (sent !== 20) return;
					reads = [
						...[0, 1].map((part) =>
							fetch(`${cluster.main.url}/webhook/read-contacts`, {
								method: 'POST',
								headers: { 'content-type': 'application/json' },
								body: JSON.stringify({ ids: ids.slice(part * 150, (part + 1) * 150) }),
							}),
						),
						executeWorkflow(cluster.home, cliReader.id, PORT + 30),
					];
				},
			},
			300_000,
		);
		await Promise.all(reads);
		await waitFor(
			async () =>
				rig.apiCalls().filter((r) => /^\/api\/v4\/contacts\/\d+$/.test(r.path) && r.status === 200)
					.length,
			(n) => n >= 600,
			180_000,
		);
		const requests = rig.apiCalls().slice(from);
		const limited = requests.filter((r) => r.fault === 'rate limit').length;
		process.stdout.write(
			`queue mode burst: ${JSON.stringify(report)}; ${requests.length} requests, ${limited} answered 429 by the 7 per second limit (${((100 * limited) / requests.length).toFixed(2)} %)\n`,
		);
		expect(report).toMatchObject({
			submissions: 300,
			received: 300,
			duplicateContacts: 0,
			duplicateLeads: 0,
			duplicateNotes: 0,
			lost: 0,
			inFailedList: 0,
		});
		expect(requests.filter((r) => r.status === 403)).toEqual([]);
		expect(
			rig
				.apiCalls()
				.filter(
					(r) =>
						/^\/api\/v4\/contacts\/\d+$/.test(r.path) &&
						r.status === 200 &&
						ids.includes(Number(r.path.split('/').pop())),
				),
		).toHaveLength(600);
	});

	it('a worker killed (SIGKILL) in the middle of a round: every submission in amoCRM exactly once, nothing stuck in working', async () => {
		// Each answer takes a second, so the worker dies while amoCRM saves the round's notes.
		await rig.faults({ latencyMs: 1000 });
		let victim = -1;
		let report: LoadReport;
		try {
			report = await runLoad(
				rig,
				{
					tag: 'падение',
					count: 60,
					returning: [],
					doubleEvery: 0,
					prefix: '904',
					concurrency: 20,
					onProgress: async (sent) => {
						if (sent < 60) return;
						// A round is writing its notes: the worker that sent the latest one is killed while its
						// connection is open.
						const note = await waitFor(
							async () =>
								[...rig.apiCalls()]
									.reverse()
									.find(
										(r) =>
											r.path === '/api/v4/leads/notes' &&
											JSON.stringify(r.body).includes('падение №'),
									),
							(r) => r !== undefined,
							120_000,
						);
						victim = cluster.workerWithPort(note!.remotePort!);
						expect(victim).toBeGreaterThanOrEqual(0);
						for (const execution of (await api('GET', '/executions?status=running&limit=250')).data)
							killed.add(String(execution.id));
						await cluster.workers[victim].stop('SIGKILL');
						// Its replacement, as a supervisor restarts a dead worker.
						await cluster.restartWorker(victim);
					},
				},
				300_000,
			);
		} finally {
			await rig.faults({ latencyMs: 0 });
		}
		process.stdout.write(
			`queue mode worker killed: worker ${victim + 1}, executions ${[...killed].join(', ')}; ${JSON.stringify(report!)}\n`,
		);
		expect(report!).toMatchObject({
			submissions: 60,
			received: 60,
			contactsCreated: 60,
			leadsCreated: 60,
			notes: 60,
			tasks: 60,
			duplicateContacts: 0,
			duplicateLeads: 0,
			duplicateNotes: 0,
			lost: 0,
			inFailedList: 0,
		});
		const rows = (await rig.queue()).filter((r) => String(r.comment).startsWith('падение №'));
		expect(rows.filter((r) => r.state !== 'done')).toEqual([]);
	});

	it('no execution failed but those killed with their worker', async () => {
		const failed = await failedIntakeExecutions(cluster.main);
		// n8n ends an execution that died with its worker in one of two ways: the main instance finds it
		// unfinished, or Bull gives the stalled job up ("failed to be processed too many times").
		const deaths = [
			'Workflow did not finish, possible out-of-memory issue',
			'This execution failed to be processed too many times',
		];
		const crashed = failed.filter(
			(text) =>
				[...killed].some((id) => text.includes(` #${id} `)) &&
				deaths.some((death) => text.includes(death)),
		);
		process.stdout.write(`executions that died with the killed worker: ${crashed.join('; ')}\n`);
		expect(failed.filter((text) => !crashed.includes(text))).toEqual([]);
	});

	it('neither the token nor anything secret is in the queue or the index', async () => {
		expect(secretsIn(JSON.stringify(await rig.queue()))).toEqual([]);
		expect(secretsIn(JSON.stringify(await rig.rowsOf('amocrm_intake_contacts')))).toEqual([]);
	});
});
