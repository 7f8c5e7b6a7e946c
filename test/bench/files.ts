// `npm run bench` (files): upload 100 files and attach them to 10 leads (10 each), through the AmoCrm
// node (File → Upload with Attach To) and the naive way in the same process — for each file its own
// upload session, its part and its own attach request, paced at 7 req/s — against the sandbox with its
// 7 req/s limiter on. Prints requests per 100 files, time, the achieved request rate against amoCRM's
// 7 req/s, 429s, and the ratios; writes test/bench/results/files-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { saveResults } from './results';

process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'amocrm-envybox-bench-'));
process.env.N8N_ENCRYPTION_KEY = 'bench-encryption-key';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';

const FILES = Number(process.env.BENCH_FILES ?? 100);
const LEADS = 10;
const LIMIT = 7;

/** Bytes of file `n`: 1 to 64 KiB, one part each at amoCRM's 512 KiB parts. */
const fileBytes = (n: number) =>
	Buffer.from(Array.from({ length: 1024 * (1 + ((n * 37) % 64)) }, (_, i) => (i * 13 + n) % 256));

async function main() {
	const { startAmoCrmSandbox } = await import('../sandbox/amocrm/server');
	const { AMOCRM_SANDBOX } = await import('../sandbox/amocrm/state');
	const { runAmoCrm } = await import('../workflow/amocrm');
	const sandbox = await startAmoCrmSandbox(0);
	const control = async (p: string, body: unknown) =>
		await fetch(`${sandbox.url}/__sandbox/${p}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
	// The naive way draws 429s that would soon turn a real account into amoCRM's 403 block: it is off here.
	await control('faults', { blockAfter429s: 0 });
	const leadIds = Array.from({ length: LEADS }, (_, i) => 30_000_501 + i);
	await control('seed', { leads: leadIds.map((id) => ({ id, name: `Bench ${id}` })) });
	const files = Array.from({ length: FILES }, (_, n) => ({
		n,
		lead: leadIds[n % LEADS],
		bytes: fileBytes(n),
	}));
	const log = () => sandbox.requests;
	const clear = async () => {
		await new Promise((r) => setTimeout(r, 1100));
		sandbox.requests.length = 0;
	};
	const measure = (name: string, seconds: number) => {
		const requests = log().length;
		const answered = log().filter((r) => r.status !== 429).length;
		return {
			name,
			requests,
			answered,
			seconds,
			rate: answered / seconds,
			'429s': requests - answered,
		};
	};

	// 1. Through the node: one account read, a session and a part per file, one attach per lead.
	await clear();
	let t = Date.now();
	const run = await runAmoCrm(
		sandbox,
		{
			resource: 'file',
			operation: 'upload',
			binaryPropertyName: 'data',
			attachTo: 'leads',
			leadId: { __rl: true, mode: 'id', value: '={{$json.lead}}' },
		},
		{
			files: files.map((f) => ({
				json: { lead: f.lead },
				binary: {
					data: {
						base64: f.bytes.toString('base64'),
						fileName: `bench-${f.n}.bin`,
						mimeType: 'application/octet-stream',
					},
				},
			})),
		},
	);
	const node = measure('node', (Date.now() - t) / 1000);
	if (run.error()) throw run.error();
	if (run.out.filter((o) => o.attached_to).length !== FILES)
		throw new Error('the node did not attach every file');

	// 2. Naive: for each file its session, its part and its own attach request, one request at a time at 7 req/s.
	await clear();
	const gap = 1000 / LIMIT;
	const api = async (
		method: string,
		url: string,
		body: Buffer | object,
		contentType = 'application/json',
	) => {
		for (;;) {
			const started = Date.now();
			const response = await fetch(url, {
				method,
				headers: {
					authorization: `Bearer ${AMOCRM_SANDBOX.longLivedToken}`,
					'content-type': contentType,
				},
				body: Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
			});
			const wait = gap - (Date.now() - started);
			if (wait > 0) await new Promise((r) => setTimeout(r, wait));
			if (response.status === 429) {
				await new Promise((r) => setTimeout(r, 1000));
				continue;
			}
			if (response.status >= 300)
				throw new Error(`naive ${method} ${url}: HTTP ${response.status}`);
			const text = await response.text();
			return text ? JSON.parse(text) : undefined;
		}
	};
	t = Date.now();
	const account = (await (
		await fetch(`${sandbox.url}/api/v4/account?with=drive_url`, {
			headers: { authorization: `Bearer ${AMOCRM_SANDBOX.longLivedToken}` },
		})
	).json()) as { drive_url: string };
	for (const f of files) {
		const session = await api('POST', `${account.drive_url}/v1.0/sessions`, {
			file_name: `naive-${f.n}.bin`,
			file_size: f.bytes.length,
			content_type: 'application/octet-stream',
		});
		const file = await api('POST', session.upload_url, f.bytes, 'application/octet-stream');
		await api('PUT', `${sandbox.url}/api/v4/leads/${f.lead}/files`, [{ file_uuid: file.uuid }]);
	}
	const naive = measure('naive', (Date.now() - t) / 1000);

	const stateResponse = await fetch(`${sandbox.url}/__sandbox/state`);
	const state = (await stateResponse.json()) as { drive_files: unknown[]; file_links: unknown[] };
	const rows = [node, naive].map((m) => ({
		measure:
			m.name === 'node'
				? `upload + attach ${FILES} files to ${LEADS} leads (node)`
				: `the same, a session, a part and an attach per file (naive, ${LIMIT} req/s)`,
		requests: m.requests,
		'requests / 100 files': ((m.answered / FILES) * 100).toFixed(1),
		seconds: m.seconds.toFixed(1),
		'req/s answered': m.rate.toFixed(2),
		'share of 7 req/s': `${((m.rate / LIMIT) * 100).toFixed(1)} %`,
		'429s': m['429s'],
	}));
	const summary = {
		requestRatioVsNaive: Number((naive.answered / node.answered).toFixed(2)),
		speedupVsNaive: Number((naive.seconds / node.seconds).toFixed(2)),
		filesStored: state.drive_files.length,
		linksMade: state.file_links.length,
	};
	console.table(rows);
	console.log(summary);
	saveResults('files', { rows, summary });
	await sandbox.close();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
