// `npm run bench`: how long a site form waits for its answer — from the POST to the site form
// webhook to the answer that says the submission is queued — for 1, 10 and 100 submissions sent at
// once, in one n8n process (SQLite) and in queue mode (main + 2 workers, Postgres 17, Redis), with
// the intake core working on what came in. Prints p50 / p95 / max per case and mode.
import { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { coreWorkflow, intakeRig } from '../e2e/intakeRig';
import { apiKey, importJson, type N8nHome, prepareHome, publicApi, type RunningN8n, sampleWorkflow, startN8n } from '../e2e/n8n';
import { startQueueCluster } from '../e2e/queueMode';
import { saveResults } from './results';

const PORT = 5730;
const GROUPS = [1, 10, 100];
/** Each group size is sent this many times; the figures are over all their answers. */
const REPEATS: Record<number, number> = { 1: 10, 10: 3, 100: 1 };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function setUp(home: N8nHome, amoUrl: string) {
	await importJson(home, 'credentials', [
		{ id: 'amoDemoToken0001', name: 'amoCRM sandbox', type: 'amoCrmApi', data: { zone: 'custom', subdomain: '', baseUrl: amoUrl, accessToken: AMOCRM_SANDBOX.longLivedToken } },
	]);
	await importJson(home, 'workflow', coreWorkflow());
	await importJson(home, 'workflow', sampleWorkflow('site-form-intake.json'));
}

async function measure(mode: string, n8n: RunningN8n, amo: Awaited<ReturnType<typeof startAmoCrmSandbox>>, prefix: string) {
	const api = publicApi(n8n, await apiKey(n8n));
	for (const id of ['amoIntakeCore001', 'amoSiteLead00001']) await api('POST', `/workflows/${id}/activate`);
	const rig = intakeRig(n8n, api, amo);
	await rig.submit({ name: 'Разогрев', phone: `+7 ${prefix} 000-00-00` });
	await rig.settled(120_000);
	const rows: Array<Record<string, string | number>> = [];
	let sent = 1;
	for (const size of GROUPS) {
		const ms: number[] = [];
		for (let repeat = 0; repeat < REPEATS[size]; repeat++) {
			const acks = await Promise.all(Array.from({ length: size }, () => rig.submit({ name: `Клиент ${sent}`, phone: `+7 ${prefix} ${String(1000000 + sent++).slice(1)}` })));
			if (acks.some((a) => a.status !== 200)) throw new Error(`a submission was refused: ${JSON.stringify(acks.find((a) => a.status !== 200))}`);
			ms.push(...acks.map((a) => a.ms));
			await rig.settled(300_000);
		}
		ms.sort((a, b) => a - b);
		rows.push({ mode, 'sent at once': size, answers: ms.length, 'p50 ms': Math.round(percentile(ms, 50)), 'p95 ms': Math.round(percentile(ms, 95)), 'max ms': Math.round(ms.at(-1)!) });
		process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);
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
