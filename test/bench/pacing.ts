// `npm run bench`: one token shared by several n8n processes (queue-mode workers), each reading
// contacts one request at a time through the AmoCrm node, against the sandbox's 7 requests a second
// and its 403 block after repeated 429s. Prints, per run: 429 answers (share of all requests), whether
// the account was blocked, and the rate achieved while every process had work, against 7 a second.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { saveResults } from './results';

const run = promisify(execFile);
const PER_PROCESS = Number(process.env.BENCH_PACING_READS ?? 420);

async function main() {
	const sandbox = await startAmoCrmSandbox(0);
	sandbox.sandbox.seed({
		contacts: Array.from({ length: PER_PROCESS * 3 }, (_, i) => ({ name: `Клиент ${i}` })),
	} as any);
	const ids = (sandbox.sandbox.dump() as any).contacts.map((c: any) => c.id as number);
	const rows: Array<Record<string, string | number>> = [];
	for (const processes of (process.env.BENCH_PACING_PROCESSES ?? '1,2,3').split(',').map(Number)) {
		if (rows.length) await new Promise((r) => setTimeout(r, 61_000)); // the previous run's 429s out of the block's minute
		sandbox.requests.length = 0;
		const started = Date.now();
		const results = await Promise.all(
			Array.from({ length: processes }, (_, p) =>
				run(path.join('node_modules', '.bin', 'tsx'), [path.join(__dirname, 'pacingProcess.ts')], {
					env: {
						...process.env,
						AMOCRM_SANDBOX_URL: sandbox.url,
						CONTACT_IDS: ids.slice(p * PER_PROCESS, (p + 1) * PER_PROCESS).join(','),
					},
					maxBuffer: 16 * 1024 * 1024,
				}).then(({ stdout }) => ({
					...JSON.parse(stdout.trim().split('\n').pop()!),
					ended: Date.now(),
				})),
			),
		);
		const log = sandbox.requests.filter((r) => r.path.startsWith('/api/v4/'));
		const overlapEnd = Math.min(...results.map((r) => r.ended));
		const firstAt = Math.min(...log.map((r) => r.time));
		const answered = log.filter((r) => r.status === 200 && r.time <= overlapEnd).length;
		const tooMany = log.filter((r) => r.status === 429).length;
		const rate = answered / ((overlapEnd - firstAt) / 1000);
		rows.push({
			processes,
			reads: results.reduce((sum, r) => sum + r.read, 0),
			failed: results.reduce((sum, r) => sum + r.failed, 0),
			requests: log.length,
			'429s': tooMany,
			// The first collision (processes starting together at full pace) beside the later probes.
			'429s in the first 10 s': log.filter((r) => r.status === 429 && r.time - firstAt < 10_000)
				.length,
			'429 share': `${((100 * tooMany) / log.length).toFixed(2)} %`,
			blocked: log.filter((r) => r.status === 403).length,
			'req/s while all busy': Number(rate.toFixed(2)),
			'share of 7/s': `${((100 * rate) / 7).toFixed(1)} %`,
			seconds: Math.round((Date.now() - started) / 1000),
		});
		process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);
	}
	console.table(rows);
	saveResults('pacing', { runs: rows });
	await sandbox.close();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
