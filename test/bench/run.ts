// `npm run bench`: request counts and rates of the AmoCrm node against the sandbox with its 7 req/s
// limiter on, beside naive one-request-per-item runs in the same process. Prints a table and writes
// test/bench/results/<date>.json. Bounded: the naive create baseline runs on a sample and is scaled;
// the naive call and tag figures are one request per call and a read plus a write per record.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { saveResults } from './results';

process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'amocrm-envybox-bench-'));
process.env.N8N_ENCRYPTION_KEY = 'bench-encryption-key';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10000);
const NAIVE_SAMPLE = Number(process.env.BENCH_NAIVE_SAMPLE ?? 210);

async function main() {
	const { startAmoCrmSandbox } = await import('../sandbox/amocrm/server');
	const { AMOCRM_SANDBOX } = await import('../sandbox/amocrm/state');
	const { credentialsFor, runAmoCrm } = await import('../workflow/amocrm');
	const sandbox = await startAmoCrmSandbox(0);
	// The naive baselines draw 429s (counted in the table) that would soon turn a real account into
	// amoCRM's 403 block, and then every later phase would measure the block: it is off here.
	await fetch(`${sandbox.url}/__sandbox/faults`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ blockAfter429s: 0 }),
	});
	const api = async (method: string, p: string, body?: unknown) => {
		const response = await fetch(`${sandbox.url}${p}`, {
			method,
			headers: {
				authorization: `Bearer ${AMOCRM_SANDBOX.longLivedToken}`,
				'content-type': 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return response;
	};
	const log = () => sandbox.requests.filter((r) => r.path.startsWith('/api/v4/'));
	// Each phase starts with an empty log and after a quiet second, so that no phase pays for the
	// sandbox's rate window still holding the previous phase's requests.
	const clear = async () => {
		await new Promise((r) => setTimeout(r, 1100));
		sandbox.requests.length = 0;
	};
	const rows: Array<Record<string, string | number>> = [];

	// 1. Create 10,000 contacts through the node (batched).
	await clear();
	const items = Array.from({ length: CONTACTS }, (_, i) => ({
		name: `Bench ${i}`,
		phone: `+7 900 ${String(1000000 + i).slice(1)}`,
	}));
	let t = Date.now();
	const created = await runAmoCrm(
		sandbox,
		{
			resource: 'contact',
			operation: 'create',
			name: '={{$json.name}}',
			additionalFields: { phones: { phone: [{ number: '={{$json.phone}}' }] } },
		},
		{ items },
	);
	const createSeconds = (Date.now() - t) / 1000;
	if (created.error()) throw created.error();
	const createRequests = log().length;
	const create429 = log().filter((r) => r.status === 429).length;

	// 1b. A fifth as many again, 250 per request: an account that takes amoCRM's hard cap (the credential's Records per Write Request).
	await clear();
	const BIG_BATCHES = CONTACTS / 5;
	const at250 = credentialsFor(sandbox);
	at250.amoCrmApi = { ...at250.amoCrmApi, writeBatchSize: 250 };
	t = Date.now();
	const created250 = await runAmoCrm(
		sandbox,
		{
			resource: 'contact',
			operation: 'create',
			name: '={{$json.name}}',
			additionalFields: { phones: { phone: [{ number: '={{$json.phone}}' }] } },
		},
		{
			items: Array.from({ length: BIG_BATCHES }, (_, i) => ({
				name: `Bench 250 ${i}`,
				phone: `+7 901 ${String(1000000 + i).slice(1)}`,
			})),
			credentials: at250,
		},
	);
	const create250Seconds = (Date.now() - t) / 1000;
	if (created250.error()) throw created250.error();
	const create250Requests = log().length;
	const create250429 = log().filter((r) => r.status === 429).length;

	// 2. Naive create: one POST per contact, paced at 7 req/s, on a sample.
	await clear();
	t = Date.now();
	const gap = 1000 / 7;
	for (let i = 0; i < NAIVE_SAMPLE; i++) {
		const started = Date.now();
		await api('POST', '/api/v4/contacts', [{ name: `Naive ${i}` }]);
		const wait = gap - (Date.now() - started);
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
	}
	const naiveSeconds = ((Date.now() - t) / 1000) * (CONTACTS / NAIVE_SAMPLE);
	const naive429 = log().filter((r) => r.status === 429).length;

	// 3. Read everything back through the node (250 per page).
	await clear();
	t = Date.now();
	const read = await runAmoCrm(sandbox, {
		resource: 'contact',
		operation: 'getAll',
		returnAll: true,
		simplify: false,
	});
	const readSeconds = (Date.now() - t) / 1000;
	const readRequests = log().length;
	const read429 = log().filter((r) => r.status === 429).length;
	const totalContacts = read.out.length;

	// 4. Naive read: 50 per page (amoCRM's default page size), paced at 7 req/s.
	await clear();
	t = Date.now();
	let naiveReadRequests = 0;
	for (let page = 1; ; page++) {
		const started = Date.now();
		const response = await api('GET', `/api/v4/contacts?page=${page}&limit=50`);
		naiveReadRequests++;
		if (response.status === 204) break;
		if (response.status === 429) {
			await new Promise((r) => setTimeout(r, 1000));
			page--;
			continue;
		}
		if (response.status !== 200)
			throw new Error(`naive read, page ${page}: HTTP ${response.status}`);
		const body = (await response.json()) as any;
		if (body._embedded.contacts.length < 50) break;
		const wait = gap - (Date.now() - started);
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
	}
	const naiveReadSeconds = (Date.now() - t) / 1000;
	const naiveRead429 = log().filter((r) => r.status === 429).length;

	// 5. Sustained rate: 70 single reads through the node, serial, against the limiter.
	await clear();
	const ids = Array.from({ length: 70 }, (_, i) => ({ id: created.out[i].id }));
	t = Date.now();
	await runAmoCrm(
		sandbox,
		{
			resource: 'contact',
			operation: 'get',
			contactId: { __rl: true, mode: 'id', value: '={{$json.id}}' },
		},
		{ items: ids },
	);
	const rateSeconds = (Date.now() - t) / 1000;
	// The first 7 requests may go at once; the sustained rate is what follows that first burst.
	const rateRequests = log().length;
	const rate = (rateRequests - 7) / rateSeconds;
	const rate429 = log().filter((r) => r.status === 429).length;

	// 6. 1,000 calls to numbers of existing contacts, through the node (50 per request).
	await clear();
	const CALLS = Math.min(1000, CONTACTS);
	t = Date.now();
	const calls = await runAmoCrm(
		sandbox,
		{
			resource: 'call',
			operation: 'create',
			direction: 'inbound',
			phone: '={{$json.phone}}',
			duration: 30,
			source: 'bench',
		},
		{ items: items.slice(0, CALLS).map((item) => ({ phone: item.phone })) },
	);
	const callSeconds = (Date.now() - t) / 1000;
	if (calls.error()) throw calls.error();
	const callRequests = log().length;
	const call429 = log().filter((r) => r.status === 429).length;
	const callsFiled = calls.out.filter((c) => c.added).length;

	// 7. Add a tag to 1,000 contacts without losing their others: read all (250 per request), write all (50 per request).
	await clear();
	t = Date.now();
	const tagged = await runAmoCrm(
		sandbox,
		{
			resource: 'tag',
			operation: 'add',
			entityType: 'contacts',
			recordId: '={{$json.id}}',
			tags: 'bench',
		},
		{ items: created.out.slice(0, CALLS).map((c) => ({ id: c.id })) },
	);
	const tagSeconds = (Date.now() - t) / 1000;
	if (tagged.error()) throw tagged.error();
	const tagRequests = log().length;
	const tag429 = log().filter((r) => r.status === 429).length;

	rows.push({
		measure: `create ${CONTACTS} contacts (node, 50 per request)`,
		requests: createRequests,
		seconds: createSeconds.toFixed(1),
		'requests / 1000 records': ((createRequests / CONTACTS) * 1000).toFixed(1),
		'429s': create429,
	});
	rows.push({
		measure: `create ${BIG_BATCHES} contacts (node, 250 per request)`,
		requests: create250Requests,
		seconds: create250Seconds.toFixed(1),
		'requests / 1000 records': ((create250Requests / BIG_BATCHES) * 1000).toFixed(1),
		'429s': create250429,
	});
	rows.push({
		measure: `create ${CONTACTS} contacts (one POST each, from ${NAIVE_SAMPLE} measured)`,
		requests: CONTACTS,
		seconds: naiveSeconds.toFixed(1),
		'requests / 1000 records': 1000,
		'429s': `${naive429} of ${NAIVE_SAMPLE}`,
	});
	rows.push({
		measure: `read ${totalContacts} contacts (node, 250/page)`,
		requests: readRequests,
		seconds: readSeconds.toFixed(1),
		'requests / 1000 records': ((readRequests / totalContacts) * 1000).toFixed(1),
		'429s': read429,
	});
	rows.push({
		measure: `read ${totalContacts} contacts (50/page)`,
		requests: naiveReadRequests,
		seconds: naiveReadSeconds.toFixed(1),
		'requests / 1000 records': ((naiveReadRequests / totalContacts) * 1000).toFixed(1),
		'429s': naiveRead429,
	});
	rows.push({
		measure: '70 single reads in a row (node)',
		requests: rateRequests,
		seconds: rateSeconds.toFixed(1),
		'requests / 1000 records': '-',
		'429s': rate429,
	});
	rows.push({
		measure: `add ${CALLS} calls (node, batched; ${callsFiled} filed)`,
		requests: callRequests,
		seconds: callSeconds.toFixed(1),
		'requests / 1000 records': ((callRequests / CALLS) * 1000).toFixed(1),
		'429s': call429,
	});
	rows.push({
		measure: `add a tag to ${CALLS} contacts (node: read + write, batched)`,
		requests: tagRequests,
		seconds: tagSeconds.toFixed(1),
		'requests / 1000 records': ((tagRequests / CALLS) * 1000).toFixed(1),
		'429s': tag429,
	});
	rows.push({
		measure: `the same ${CALLS} calls / tags one request per record (naive)`,
		requests: `${CALLS} / ${2 * CALLS}`,
		seconds: `${(CALLS / 7).toFixed(0)} / ${((2 * CALLS) / 7).toFixed(0)} at 7 req/s`,
		'requests / 1000 records': '1000 / 2000',
		'429s': '-',
	});
	const summary: Record<string, number | string> = {
		callRatioVsNaive: Number((CALLS / callRequests).toFixed(1)),
		tagRatioVsNaive: Number(((2 * CALLS) / tagRequests).toFixed(1)),
		createRatioVsNaive: Number((CONTACTS / createRequests).toFixed(1)),
		createSpeedupVsNaive: Number((naiveSeconds / createSeconds).toFixed(1)),
		readRatioVsNaive: Number((naiveReadRequests / readRequests).toFixed(1)),
		achievedRate: Number(rate.toFixed(2)),
		shareOfLimit: `${((rate / 7) * 100).toFixed(1)} %`,
	};
	// 8. Envybox: read 1,000 leads through the node (50 per page, the API's page) against one lead/get per lead.
	const { startEnvyboxSandbox } = await import('../sandbox/envybox/server');
	const { runEnvybox } = await import('../workflow/envybox');
	const envybox = await startEnvyboxSandbox(0);
	const LEADS = 1000;
	await fetch(`${envybox.url}/__sandbox/seed`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			leads: Array.from({ length: LEADS }, (_, n) => ({
				values: { name: `Bench ${n}`, phone: `7911${String(n).padStart(7, '0')}` },
			})),
		}),
	});
	const envyboxLog = () => envybox.requests.filter((r) => r.path.startsWith('/openapi/'));
	t = Date.now();
	const leads = await runEnvybox(envybox as never, {
		resource: 'lead',
		operation: 'getAll',
		returnAll: true,
	});
	const envyboxSeconds = (Date.now() - t) / 1000;
	if (leads.error()) throw leads.error();
	const envyboxRequests = envyboxLog().length;
	const envybox429 = envyboxLog().filter((r) => r.status === 429).length;
	rows.push({
		measure: `Envybox: read ${leads.out.length} leads (node, 50/page)`,
		requests: envyboxRequests,
		seconds: envyboxSeconds.toFixed(1),
		'requests / 1000 records': ((envyboxRequests / leads.out.length) * 1000).toFixed(1),
		'429s': envybox429,
	});
	rows.push({
		measure: `Envybox: the same ${LEADS} leads one lead/get each (naive)`,
		requests: LEADS,
		seconds: '-',
		'requests / 1000 records': 1000,
		'429s': '-',
	});
	summary.envyboxReadRatioVsNaive = Number((LEADS / envyboxRequests).toFixed(1));
	await envybox.close();

	console.table(rows);
	console.log(summary);
	saveResults('amocrm', { rows, summary });
	await sandbox.close();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
