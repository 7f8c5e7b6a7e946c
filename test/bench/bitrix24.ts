// `npm run bench` (Bitrix24 part): a portal of 50,000 contacts and 50,000 deals in three funnels,
// with companies, migrated through the migration workflow in real n8n from the Bitrix24 sandbox (its
// request bucket and its operating-time budget on, as a real portal has them) into the amoCRM sandbox
// (7 requests a second): requests, seconds and the peak memory of n8n's processes. Then a portal of
// 10,000 + 10,000 into an empty account, n8n killed half-way through the writes and started again:
// the second run must import the rest and nothing twice. Beside it, in this process, the way the workflow
// read before (offset paging, `start` = `next`, 550 ms apart, the node retried 3 times 1 s apart from
// the first page) against a fresh copy of the portal. Prints a table and writes
// test/bench/results/bitrix24-<date>.json.
import fs from 'node:fs';

import { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { startBitrix24Sandbox } from '../sandbox/bitrix24/server';
import { API, migrate } from '../e2e/migrationForm';
import {
	apiKey,
	importJson,
	type N8nHome,
	prepareHome,
	publicApi,
	type RunningN8n,
	sampleWorkflow,
	startN8n,
	waitFor,
} from '../e2e/n8n';
import { saveResults } from './results';

const RECORDS = Number(process.env.BENCH_BITRIX24_RECORDS ?? 50_000);
/** The interrupted import runs on a smaller portal: it measures correctness, not speed. */
const INTERRUPTED_RECORDS = Number(process.env.BENCH_BITRIX24_INTERRUPTED_RECORDS ?? 10_000);
/** Which parts run: `whole`, `interrupted`, `offset` (all by default; the whole portal takes about 20 minutes). */
const STEPS = (process.env.BENCH_BITRIX24_STEPS ?? 'whole,interrupted,offset').split(',');
const COMPANIES = Math.max(1, Math.round(RECORDS / 100));
const HOUR = 60 * 60 * 1000;
const PORT = 5770; // its task broker takes PORT + 10
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The portal: a phone for every contact, an email for every other, a company for one in three; a deal per contact over three funnels. */
function portal(count: number) {
	const stages = [
		'NEW',
		'PREPARATION',
		'WON',
		'LOSE',
		'C3:NEW',
		'C3:EXECUTING',
		'C3:WON',
		'C3:LOSE',
		'C7:NEW',
		'C7:APOLOGY',
	];
	return {
		categories: [
			{ id: 3, name: 'Опт' },
			{ id: 7, name: 'Тендеры' },
		],
		companies: Array.from({ length: COMPANIES }, (_, i) => ({
			ID: String(i + 1),
			TITLE: `Компания ${i + 1}`,
		})),
		contacts: Array.from({ length: count }, (_, i) => ({
			ID: String(i + 1),
			NAME: `Клиент`,
			LAST_NAME: `${i + 1}`,
			PHONE: [{ VALUE: `+7 915 ${String(i).padStart(7, '0')}`, VALUE_TYPE: 'WORK' }],
			...(i % 2
				? {}
				: {
						EMAIL: [{ VALUE: `b24client${i}@example.com`, VALUE_TYPE: 'WORK' }],
					}),
			COMPANY_ID: i % 3 ? '0' : String((i % COMPANIES) + 1),
		})),
		deals: Array.from({ length: count }, (_, i) => ({
			ID: String(i + 1),
			TITLE: `Сделка ${i + 1}`,
			OPPORTUNITY: String(1000 + i),
			STAGE_ID: stages[i % stages.length],
			CONTACT_ID: String(i + 1),
		})),
	};
}

/** Peak resident memory (VmHWM) of each process of n8n's process group, in MB. */
function peakMemory(n8n: RunningN8n): Record<string, number> {
	const group = n8n.process.pid!;
	const peaks: Record<string, number> = {};
	for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== group) continue;
			const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
			const label =
				Number(pid) === group
					? 'n8n'
					: cmdline.includes('runner')
						? 'task runner'
						: (/^Name:\s+(.+)$/m.exec(status)?.[1] ?? pid);
			const hwm = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) / 1024;
			peaks[label] = Math.max(peaks[label] ?? 0, Math.round(hwm));
		} catch {
			// the process ended meanwhile
		}
	}
	return peaks;
}

/** The old way: each list paged with `start`, 550 ms apart; a failed page restarts the list 1 s later, three tries. */
async function offsetRead(webhookUrl: string) {
	const started = Date.now();
	let requests = 0;
	let read = 0;
	for (const method of ['crm.contact.list', 'crm.deal.list']) {
		let tries = 0;
		let start: number | undefined = 0;
		let listRead = 0;
		while (start !== undefined) {
			requests++;
			const response = await fetch(`${webhookUrl}${method}.json`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					start,
					order: { ID: 'ASC' },
					select: ['ID', 'NAME', 'LAST_NAME', 'PHONE', 'EMAIL'],
				}),
			});
			const body = (await response.json()) as {
				result?: unknown[];
				next?: number;
				error?: string;
			};
			if (response.status !== 200) {
				if (++tries >= 3)
					return {
						requests,
						read: read + listRead,
						seconds: (Date.now() - started) / 1000,
						stoppedBy: `${method}: ${body.error}`,
					};
				await sleep(1000);
				start = 0;
				listRead = 0;
				continue;
			}
			listRead += body.result?.length ?? 0;
			start = body.next;
			await sleep(550);
		}
		read += listRead;
	}
	return {
		requests,
		read,
		seconds: (Date.now() - started) / 1000,
		stoppedBy: '',
	};
}

/** Execution time a full offset read asks of Bitrix24 per list, by the sandbox's cost model (defaults). */
function offsetOperatingSeconds(count: number) {
	let seconds = 0;
	for (let start = 0; start < count; start += 50) seconds += 0.1 + (count + start) * 0.000021;
	return seconds;
}

async function main() {
	const bitrix = await startBitrix24Sandbox(0);
	const amo = await startAmoCrmSandbox(0);
	bitrix.sandbox.seed(portal(RECORDS));
	const home: N8nHome = await prepareHome();
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
	await importJson(home, 'workflow', sampleWorkflow('amocrm-migration.json'));
	let n8n = await startN8n(home, PORT);
	const fields = {
		Source: 'Bitrix24',
		'Way In': API,
		'Bitrix24 Webhook URL': bitrix.webhookUrl,
		'Default Responsible User': 'admin@sandbox.test',
		'Create Missing Pipelines and Stages': 'Yes',
	};
	const ready = async () =>
		await waitFor(
			async () => (await fetch(`${n8n.url}/form/amocrm-migration`)).status,
			(status) => status === 200,
		);
	const rows: Array<Record<string, string | number>> = [];
	const results: Record<string, unknown> = {};
	try {
		await publicApi(n8n, await apiKey(n8n))('POST', '/workflows/amoMigration0001/activate');
		await ready();

		// 1. The whole portal, uninterrupted.
		let started = Date.now();
		if (STEPS.includes('whole')) {
			const whole = await migrate(n8n.url, fields, undefined, undefined, {
				timeoutMs: HOUR,
			});
			const wholeSeconds = (Date.now() - started) / 1000;
			if (whole.title !== 'Migration finished')
				throw new Error(`first run: ${whole.title}: ${whole.message}`);
			const b24Requests = bitrix.requests.length;
			const amoRequests = amo.requests.filter((r) => r.path.startsWith('/api/v4/')).length;
			const memory = peakMemory(n8n);
			results.whole = {
				seconds: wholeSeconds,
				bitrix24Requests: b24Requests,
				bitrix24Refused: bitrix.requests.filter((r) => r.status !== 200).length,
				amoRequests,
				memory,
				summary: whole.report.summary,
			};
			console.log('whole portal:', JSON.stringify(results.whole));
			rows.push({
				run: `${RECORDS} contacts + ${RECORDS} deals, ${COMPANIES} companies, 3 funnels (workflow)`,
				'Bitrix24 requests': b24Requests,
				'amoCRM requests': amoRequests,
				seconds: wholeSeconds.toFixed(0),
				'peak MB (n8n / runner)': `${memory.n8n} / ${memory['task runner'] ?? '-'}`,
				outcome: `${whole.report.summary.contacts.created} + ${whole.report.summary.deals.created} created`,
			});
		}

		// 2. Into an empty account again, n8n killed half-way through writing contacts, then started again.
		if (STEPS.includes('interrupted')) {
			amo.sandbox.reset();
			bitrix.sandbox.reset();
			bitrix.sandbox.seed(portal(INTERRUPTED_RECORDS));
			bitrix.requests.length = 0;
			n8n = await restart(n8n, home);
			await ready();
			const abort = new AbortController();
			const interrupted = migrate(n8n.url, fields, undefined, undefined, {
				signal: abort.signal,
				timeoutMs: HOUR,
			}).catch((error: Error) => error);
			await waitFor(
				async () => amo.sandbox.dump().contacts.length,
				(count: number) => count >= INTERRUPTED_RECORDS / 2,
				HOUR,
			);
			await n8n.stop('SIGKILL');
			abort.abort();
			await interrupted;
			const before = amo.sandbox.dump().contacts.length;
			n8n = await restart(n8n, home);
			await ready();
			started = Date.now();
			const resumed = await migrate(n8n.url, fields, undefined, undefined, {
				timeoutMs: HOUR,
			});
			const state = amo.sandbox.dump();
			const phones = new Set(
				state.contacts.map((c: any) =>
					JSON.stringify(
						c.custom_fields_values?.find((f: any) => f.field_code === 'PHONE')?.values,
					),
				),
			);
			results.interrupted = {
				records: INTERRUPTED_RECORDS,
				contactsBeforeRestart: before,
				summary: resumed.report?.summary,
				contacts: state.contacts.length,
				distinctPhones: phones.size,
				leads: state.leads.length,
				seconds: (Date.now() - started) / 1000,
			};
			rows.push({
				run: `${INTERRUPTED_RECORDS} + ${INTERRUPTED_RECORDS}: killed at ${before} contacts, started again (both runs)`,
				'Bitrix24 requests': bitrix.requests.length,
				'amoCRM requests': '-',
				seconds: ((Date.now() - started) / 1000).toFixed(0),
				'peak MB (n8n / runner)': '-',
				outcome: `${state.contacts.length} contacts (${phones.size} distinct), ${state.leads.length} deals; skipped ${resumed.report?.summary.contacts.skipped} contacts`,
			});
			console.log('interrupted and started again:', JSON.stringify(results.interrupted));
			if (
				state.contacts.length !== INTERRUPTED_RECORDS ||
				phones.size !== INTERRUPTED_RECORDS ||
				state.leads.length !== INTERRUPTED_RECORDS
			)
				throw new Error(`after the restart: ${JSON.stringify(results.interrupted)}`);
		}
	} catch (error) {
		console.error(n8n.log().slice(-4000));
		throw error;
	} finally {
		await n8n.stop();
		await Promise.all([bitrix.close(), amo.close()]);
	}

	// 3. The offset way on a fresh copy of the portal, same limits.
	if (STEPS.includes('offset')) {
		const fresh = await startBitrix24Sandbox(0);
		fresh.sandbox.seed(portal(RECORDS));
		const heapBefore = process.memoryUsage().rss;
		const offset = await offsetRead(fresh.webhookUrl);
		await fresh.close();
		const needed = offsetOperatingSeconds(RECORDS);
		results.offset = {
			...offset,
			operatingSecondsPerList: needed,
			rssMB: Math.round((process.memoryUsage().rss - heapBefore) / 1e6),
		};
		rows.push({
			run: 'offset paging (the earlier read), contacts then deals',
			'Bitrix24 requests': offset.requests,
			'amoCRM requests': '-',
			seconds: offset.seconds.toFixed(0),
			'peak MB (n8n / runner)': '-',
			outcome: offset.stoppedBy
				? `stopped by ${offset.stoppedBy} after ${offset.read} records`
				: `${offset.read} records read`,
		});
		const windows = Math.floor(needed / 480);
		console.log(
			`A full offset read asks ${needed.toFixed(0)} s of execution time of each list method (the budget: 480 s in any 10 minutes)${windows ? `: it can only finish after at least ${windows * 10} minutes of waiting, and the node gives up at the first OPERATION_TIME_LIMIT` : ''}.`,
		);
	}
	console.table(rows);
	saveResults('bitrix24', { rows, results });
}

async function restart(n8n: RunningN8n, home: N8nHome): Promise<RunningN8n> {
	await n8n.stop();
	return await startN8n(home, PORT);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
