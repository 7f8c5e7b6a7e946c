// `npm run bench` (fourth part): the intake workflows in real n8n against the amoCRM sandbox with its
// 7 req/s limiter on and amoCRM's literal search, in an account of 10,000 contacts.
//  0. the core's index of contacts: requests to fill it, and its upkeep while nothing is submitted;
//  1. requests per submission by branch, one submission at a time (each processed alone: no batching);
//  2. a burst of 500 mixed submissions: requests per submission, and the useful request rate (answered,
//     not 429) while amoCRM is being written to, as a share of the 7 req/s limit;
//     the same burst queued while the core is held, then released and started at once: the core's own pace;
//  3. the same burst while a second execution reads contacts one by one with the same token;
//  4. 1,000 submissions (one in five from a returning client, some sent twice) under 429 bursts, 5xx,
//     dropped connections and latency spikes, with a 30-second 403 block on the way, with the core's
//     shipped retry settings: what reached amoCRM, duplicates, lost, p50/p95 from webhook to note.
// Prints tables and writes test/bench/results/intake-<date>.json.

import { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { coreWorkflow, intakeRig, isIndexUpkeep, type LoadReport, runLoad } from '../e2e/intakeRig';
import {
	apiKey,
	importJson,
	prepareHome,
	publicApi,
	sampleWorkflow,
	startN8n,
	waitFor,
} from '../e2e/n8n';
import { saveResults } from './results';

const PORT = 5698;
const BURST = Number(process.env.BENCH_INTAKE_BURST ?? 500);
const ACCOUNT_CONTACTS = Number(process.env.BENCH_INTAKE_CONTACTS ?? 10_000);
const FAULT_RUN = Number(process.env.BENCH_INTAKE_FAULTS ?? 1000);
const READER_PATH = 'bench-read-contacts';
// Injected 429s come whatever the node's pace, so they do not count towards amoCRM's block by repeated
// 429s here (the node's own pace is what must never walk into it); the run has its 403 block all the same.
const FAULTS = {
	rate429: 0.05,
	rate5xx: 0.03,
	rateReset: 0.02,
	rateSpike: 0.05,
	spikeMs: 3000,
	seed: 7,
	blockAfter429s: 0,
};
const CREDENTIAL = { amoCrmApi: { id: 'amoDemoToken0001', name: 'amoCRM sandbox' } };

/** A second workflow on the same token: a webhook that reads the contacts whose IDs it gets, one request each. */
const readerWorkflow = {
	id: 'benchReader00001',
	name: 'Read contacts one by one (bench)',
	active: false,
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none' },
	connections: {
		Ids: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
		Split: { main: [[{ node: 'Contact', type: 'main', index: 0 }]] },
	},
	nodes: [
		{
			id: 'r1',
			name: 'Ids',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			position: [0, 0],
			webhookId: READER_PATH,
			parameters: { httpMethod: 'POST', path: READER_PATH, responseMode: 'lastNode', options: {} },
		},
		{
			id: 'r2',
			name: 'Split',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: { jsCode: 'return $json.body.ids.map((id) => ({ json: { id } }));' },
		},
		{
			id: 'r3',
			name: 'Contact',
			type: 'n8n-nodes-amocrm-envybox.amoCrm',
			typeVersion: 1,
			position: [400, 0],
			parameters: {
				resource: 'contact',
				operation: 'get',
				contactId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			},
			credentials: CREDENTIAL,
		},
	],
};

const START_PATH = 'bench-start-core';
/** Starts the core the way the site form does (Process Queue), so a queue filled while it was held is worked at once. */
const starterWorkflow = {
	id: 'benchStarter0001',
	name: 'Start the intake core (bench)',
	active: false,
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none' },
	connections: {
		Start: { main: [[{ node: 'Consume', type: 'main', index: 0 }]] },
		Consume: { main: [[{ node: 'Process Queue', type: 'main', index: 0 }]] },
	},
	nodes: [
		{
			id: 's1',
			name: 'Start',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			position: [0, 0],
			webhookId: START_PATH,
			parameters: { httpMethod: 'POST', path: START_PATH, options: {} },
		},
		{
			id: 's2',
			name: 'Consume',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: {
				mode: 'manual',
				includeOtherFields: false,
				options: {},
				assignments: {
					assignments: [{ id: 'c0', name: 'intake_step', value: 'consume', type: 'string' }],
				},
			},
		},
		{
			id: 's3',
			name: 'Process Queue',
			type: 'n8n-nodes-base.executeWorkflow',
			typeVersion: 1.2,
			position: [400, 0],
			parameters: {
				source: 'database',
				workflowId: { __rl: true, mode: 'id', value: 'amoIntakeCore001' },
				mode: 'once',
				options: { waitForSubWorkflow: false },
			},
		},
	],
};

/** Answered requests per second between the first and the last request of `log`, and its share of 7. */
function usefulRate(log: Array<{ time: number; durationMs: number; status: number }>) {
	const answered = log.filter((r) => r.status !== 429);
	if (answered.length < 2) return { rate: 0, share: 0, seconds: 0 };
	const seconds =
		(Math.max(...answered.map((r) => r.time + r.durationMs)) -
			Math.min(...answered.map((r) => r.time))) /
		1000;
	const rate = answered.length / seconds;
	return {
		rate: Number(rate.toFixed(2)),
		share: Number(((rate / 7) * 100).toFixed(1)),
		seconds: Number(seconds.toFixed(1)),
	};
}

/**
 * Answered requests per second while requests follow one another (gaps under a second): how near the
 * 7 a second the core gets when it has work for amoCRM. With the index it has little: most of a burst
 * is n8n's own work between the requests.
 */
function busyRate(log: Array<{ time: number; status: number }>) {
	const starts = log
		.filter((r) => r.status !== 429)
		.map((r) => r.time)
		.sort((a, b) => a - b);
	let busyMs = 0;
	let gaps = 0;
	for (let i = 1; i < starts.length; i++) {
		const gap = starts[i] - starts[i - 1];
		if (gap < 1000) {
			busyMs += gap;
			gaps++;
		}
	}
	const rate = busyMs ? gaps / (busyMs / 1000) : 0;
	return {
		rate: Number(rate.toFixed(2)),
		share: Number(((rate / 7) * 100).toFixed(1)),
		busySeconds: Number((busyMs / 1000).toFixed(1)),
	};
}

async function main() {
	const amo = await startAmoCrmSandbox(0);
	// The account's clients, saved with the masks and spaces managers type: the index is filled from them.
	const formats = [
		(d: string) => `+7 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
		(d: string) => `8 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8)}`,
		(d: string) => `+7${d}`,
	];
	amo.sandbox.seed({
		contacts: Array.from({ length: ACCOUNT_CONTACTS }, (_, i) => {
			const digits = `927${String(1000000 + i).slice(1)}`;
			return {
				name: `Клиент базы ${i}`,
				custom_fields_values: [
					{ field_code: 'PHONE', values: [{ value: formats[i % 3](digits), enum_code: 'WORK' }] },
				],
			};
		}),
	} as never);
	const home = await prepareHome();
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
	await importJson(home, 'workflow', coreWorkflow());
	await importJson(home, 'workflow', sampleWorkflow('site-form-intake.json'));
	await importJson(home, 'workflow', readerWorkflow);
	await importJson(home, 'workflow', starterWorkflow);
	const n8n = await startN8n(home, PORT);
	try {
		const api = publicApi(n8n, await apiKey(n8n));
		for (const id of [
			'amoIntakeCore001',
			'amoSiteLead00001',
			readerWorkflow.id,
			starterWorkflow.id,
		])
			await api('POST', `/workflows/${id}/activate`);
		await waitFor(
			async () =>
				(
					await fetch(`${n8n.url}/webhook/${READER_PATH}`, {
						method: 'POST',
						body: '{"ids":[]}',
						headers: { 'content-type': 'application/json' },
					})
				).status,
			(s) => s !== 404,
		);
		const startCore = async () => {
			const answer = await fetch(`${n8n.url}/webhook/${START_PATH}`, { method: 'POST' });
			if (answer.status !== 200)
				throw new Error(`the core could not be started: ${answer.status} ${await answer.text()}`);
		};
		const rig = intakeRig(n8n, api, amo);

		// 0. The index: filled by the first run of the core (the schedule, within a minute), then kept current.
		const fillStarted = Date.now();
		await rig.indexFilled(600_000);
		const fillRequests = rig.apiCalls().filter(isIndexUpkeep).length;
		const fillSeconds = Math.round((Date.now() - fillStarted) / 1000);
		const idleFrom = rig.apiCalls().length;
		const idleStarted = Date.now();
		await new Promise((r) => setTimeout(r, 3 * 60_000 + 5000));
		const idleUpkeep = rig.apiCalls().slice(idleFrom).filter(isIndexUpkeep).length;
		const upkeepPerMinute = Number((idleUpkeep / ((Date.now() - idleStarted) / 60_000)).toFixed(1));

		// 1. Branches, one at a time.
		const branches: Array<[string, unknown]> = [
			['new client (phone)', { name: 'Анна', phone: '+7 921 000-00-01', comment: 'ветка 1' }],
			[
				'the same submission again (double submit)',
				{ name: 'Анна', phone: '+7 921 000-00-01', comment: 'ветка 1' },
			],
			[
				'returning client with an open lead',
				{ name: 'Анна', phone: '8 921 000 00 01', comment: 'ветка 2' },
			],
			[
				'returning client, new email (contact updated)',
				{ name: 'Анна', phone: '+79210000001', email: 'anna@example.com', comment: 'ветка 3' },
			],
			[
				'new client (phone and email, neither known)',
				{
					name: 'Борис',
					phone: '+7 921 000-00-02',
					email: 'boris@example.com',
					comment: 'ветка 4',
				},
			],
			[
				'no usable phone or email (lead for review)',
				{ name: 'Вера', phone: '12-34', comment: 'ветка 5' },
			],
		];
		const branchRows: Array<Record<string, string | number>> = [];
		for (const [branch, body] of branches)
			branchRows.push({ branch, 'requests (one at a time)': await rig.costOf(body, 120_000) });
		const [anna] = rig.contactsWith('+79210000001');
		const [annaLead] = rig.leadsOf(anna.id);
		await fetch(`${amo.url}/api/v4/leads`, {
			method: 'PATCH',
			headers: {
				authorization: `Bearer ${AMOCRM_SANDBOX.longLivedToken}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify([
				{ id: annaLead.id, status_id: 143, pipeline_id: AMOCRM_SANDBOX.pipelineId },
			]),
		});
		branchRows.push({
			branch: 'known contact, no open lead (new lead for it)',
			'requests (one at a time)': await rig.costOf(
				{ name: 'Анна', phone: '+79210000001', comment: 'ветка 6' },
				120_000,
			),
		});

		// Returning clients for the bursts: 50 contacts in the account with an open lead each.
		const returning = Array.from(
			{ length: 50 },
			(_, i) => `+7 922 ${String(1000000 + i).slice(1)}`,
		);
		const seeded = rig.state();
		const firstContactId = Math.max(0, ...seeded.contacts.map((c: any) => c.id)) + 1000;
		const firstLeadId = Math.max(0, ...seeded.leads.map((l: any) => l.id)) + 1000;
		amo.sandbox.seed({
			contacts: returning.map((phone, i) => ({
				id: firstContactId + i,
				name: `Постоянный ${i}`,
				custom_fields_values: [
					{ field_code: 'PHONE', values: [{ value: phone, enum_code: 'WORK' }] },
				],
			})),
			leads: returning.map((_, i) => ({
				id: firstLeadId + i,
				name: `Открытая ${i}`,
				pipeline_id: AMOCRM_SANDBOX.pipelineId,
				status_id: AMOCRM_SANDBOX.statuses.first,
			})),
			links: returning.map((_, i) => ({
				entity_type: 'leads',
				entity_id: firstLeadId + i,
				to_entity_type: 'contacts',
				to_entity_id: firstContactId + i,
			})),
		} as never);
		// Saved behind the core's back, as a manager would: known once the index has looked again.
		await rig.indexKnows(returning);

		// 2. A burst alone.
		await new Promise((r) => setTimeout(r, 1100));
		let from = rig.apiCalls().length;
		const burst = await runLoad(
			rig,
			{ tag: 'поток', count: BURST, returning, doubleEvery: 0, prefix: '923' },
			900_000,
		);
		const burstRate = usefulRate(rig.apiCalls().slice(from));
		const burstBusy = busyRate(rig.apiCalls().slice(from));

		// 2b. The same burst queued while the core is held, then processed: the core's own pace, without
		// the webhook executions of arriving submissions competing for the machine.
		await rig.setLock('bench', Date.now() + 30 * 60_000);
		from = rig.apiCalls().length;
		const queuedFirst = await runLoad(
			rig,
			{
				tag: 'очередь',
				count: BURST,
				returning,
				doubleEvery: 0,
				prefix: '926',
				onProgress: async (sent) => {
					if (sent !== BURST) return;
					await rig.setLock('', 0);
					await startCore();
				},
			},
			900_000,
		);
		const queuedFirstRate = usefulRate(rig.apiCalls().slice(from));
		const queuedFirstBusy = busyRate(rig.apiCalls().slice(from));

		// 3. The same burst with a second execution on the same token.
		await new Promise((r) => setTimeout(r, 1100));
		from = rig.apiCalls().length;
		const ids = rig
			.state()
			.contacts.slice(0, 300)
			.map((c: any) => c.id);
		const reader = fetch(`${n8n.url}/webhook/${READER_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ids }),
		});
		const shared = await runLoad(
			rig,
			{ tag: 'поток2', count: BURST, returning, doubleEvery: 0, prefix: '924' },
			900_000,
		);
		const readerAnswer = await reader;
		if (readerAnswer.status !== 200)
			throw new Error(
				`the reader execution failed: ${readerAnswer.status} ${await readerAnswer.text()}`,
			);
		const sharedLog = rig.apiCalls().slice(from);
		const sharedRate = usefulRate(sharedLog);
		const sharedBusy = busyRate(sharedLog);
		from = rig.apiCalls().length;
		const readerRequests = sharedLog.filter(
			(r) => r.method === 'GET' && /^\/api\/v4\/contacts\/\d+$/.test(r.path),
		).length;

		// 4. Faults: 1,000 submissions, 429 bursts, 5xx, dropped connections, latency spikes, then a 30 s 403 block.
		await rig.faults(FAULTS);
		let blocked: Promise<void> | undefined;
		let faulted: LoadReport;
		// 429 bursts: every 30 s, two seconds in which amoCRM answers every request with 429.
		const burstsOf429 = setInterval(() => {
			void rig.faults({ rate429: 1 });
			setTimeout(() => void rig.faults({ rate429: FAULTS.rate429 }), 2000);
		}, 30_000);
		try {
			faulted = await runLoad(
				rig,
				{
					tag: 'сбой',
					count: FAULT_RUN,
					returning,
					doubleEvery: 50,
					prefix: '925',
					onProgress: (sent) => {
						if (!blocked && sent >= FAULT_RUN * 0.4) blocked = rig.block(30_000, 1);
					},
				},
				1_800_000,
			);
			await blocked;
		} finally {
			clearInterval(burstsOf429);
			await rig.faults({
				rate429: 0,
				rate5xx: 0,
				rateReset: 0,
				rateSpike: 0,
				block403: false,
				script: [],
				blockAfter429s: 30,
			});
		}

		// What the submissions cost; the index's upkeep, which runs whatever is submitted, is shown apart.
		const perSubmission = (report: LoadReport) =>
			Number(((report.requests - report.upkeepRequests) / report.submissions).toFixed(2));
		const loadRow = (
			measure: string,
			report: LoadReport,
			rate?: ReturnType<typeof usefulRate>,
			busy?: ReturnType<typeof busyRate>,
		) => ({
			measure,
			submissions: report.submissions + report.doubleSubmits,
			requests: report.requests - report.upkeepRequests,
			'index upkeep': report.upkeepRequests,
			'per submission': perSubmission(report),
			'429s': report.throttled,
			'useful req/s': rate ? `${rate.rate} (${rate.share} % of 7)` : '-',
			'req/s while writing': busy ? `${busy.rate} (${busy.share} %, ${busy.busySeconds} s)` : '-',
			'p50 / p95 s': `${report.p50Seconds} / ${report.p95Seconds}`,
			seconds: report.seconds,
		});
		const loadRows = [
			loadRow(`burst of ${BURST}`, burst, burstRate, burstBusy),
			loadRow(
				`burst of ${BURST} queued first, then processed (the core alone)`,
				queuedFirst,
				queuedFirstRate,
				queuedFirstBusy,
			),
			loadRow(
				`burst of ${BURST} + a second execution reading ${ids.length} contacts (${readerRequests} requests)`,
				shared,
				sharedRate,
				sharedBusy,
			),
			loadRow(
				`${FAULT_RUN} under faults (+${faulted!.doubleSubmits} double submits)`,
				faulted!,
				usefulRate(rig.apiCalls().slice(from)),
			),
		];
		const outcome = (
			[
				'received',
				'contactsCreated',
				'leadsCreated',
				'notes',
				'tasks',
				'duplicateContacts',
				'duplicateLeads',
				'duplicateNotes',
				'inFailedList',
				'lost',
			] as const
		).map((key) => ({
			measure: key,
			'burst (no faults)': burst[key],
			'under faults': faulted![key],
		}));
		// The bursts' mix one at a time: four new clients (phone, a third with an email) and one returning client in five.
		const cost = (branch: string) =>
			Number(branchRows.find((row) => row.branch === branch)!['requests (one at a time)']);
		const oneByOneMix = Number(
			((4 * cost('new client (phone)') + cost('returning client with an open lead')) / 5).toFixed(
				2,
			),
		);
		const summary = {
			accountContacts: ACCOUNT_CONTACTS,
			indexFillRequests: fillRequests,
			indexFillSeconds: fillSeconds,
			indexUpkeepRequestsPerMinuteIdle: upkeepPerMinute,
			burstRequestsPerSubmission: perSubmission(burst),
			oneAtATimeRequestsPerSubmission: oneByOneMix,
			burstRatioVsOneAtATime: Number((oneByOneMix / perSubmission(burst)).toFixed(1)),
			burstShareOfLimit: `${burstRate.share} %`,
			burstShareOfLimitWhileWriting: `${burstBusy.share} %`,
			coreAloneShareOfLimit: `${queuedFirstRate.share} %`,
			sharedShareOfLimit: `${sharedRate.share} %`,
			sharedThrottled: shared.throttled,
			faultsInjected: faulted!.injected,
		};
		console.table(branchRows);
		console.table(loadRows);
		console.table(outcome);
		console.log(summary);
		saveResults('intake', {
			branches: branchRows,
			load: loadRows,
			reports: { burst, queuedFirst, shared, faulted: faulted! },
			summary,
		});
	} catch (error) {
		console.error(n8n.log().slice(-4000));
		throw error;
	} finally {
		await n8n.stop();
		await amo.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
