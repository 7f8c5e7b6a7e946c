// `npm run bench` (second part): 10,000 contacts and 10,000 deals migrated through the migration
// workflow in real n8n from one amoCRM sandbox (read through its API) into another, both with their
// 7 req/s limiter on, then the same again (nothing to create), beside a naive one-request-per-record run of a sample of the same data in this
// process, scaled. Prints a table and writes test/bench/results/migration-<date>.json.

import { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import {
	apiKey,
	importJson,
	prepareHome,
	publicApi,
	sampleWorkflow,
	startN8n,
	waitFor,
} from '../e2e/n8n';
import { API, migrate } from '../e2e/migrationForm';
import { saveResults } from './results';

const RECORDS = Number(process.env.BENCH_MIGRATION_RECORDS ?? 10000);
const NAIVE_SAMPLE = Number(process.env.BENCH_NAIVE_SAMPLE ?? 210);
const PORT = 5697;

/** An amoCRM account of `count` clients, each with a phone, every other one an email, and one deal each. */
function sourceAccount(count: number) {
	const F = AMOCRM_SANDBOX.fields;
	return {
		contacts: Array.from({ length: count }, (_, i) => ({
			id: 21000001 + i,
			name: `Клиент ${i}`,
			custom_fields_values: [
				{
					field_id: F.contactPhone,
					values: [{ value: `+7 915 ${String(i).padStart(7, '0')}`, enum_code: 'WORK' }],
				},
				...(i % 2
					? []
					: [
							{
								field_id: F.contactEmail,
								values: [{ value: `client${i}@example.com`, enum_code: 'WORK' }],
							},
						]),
			],
		})),
		leads: Array.from({ length: count }, (_, i) => ({
			id: 31000001 + i,
			name: `Сделка ${i}`,
			price: 1000 + i,
			pipeline_id: AMOCRM_SANDBOX.pipelineId,
			status_id: i % 3 ? AMOCRM_SANDBOX.statuses.first : AMOCRM_SANDBOX.statuses.second,
		})),
		links: Array.from({ length: count }, (_, i) => ({
			entity_type: 'leads',
			entity_id: 31000001 + i,
			to_entity_type: 'contacts',
			to_entity_id: 21000001 + i,
		})),
	};
}

async function main() {
	const sandbox = await startAmoCrmSandbox(0);
	const source = await startAmoCrmSandbox(0);
	source.sandbox.seed(sourceAccount(RECORDS) as never);
	const home = await prepareHome();
	await importJson(home, 'credentials', [
		{
			id: 'amoDemoToken0001',
			name: 'amoCRM sandbox',
			type: 'amoCrmApi',
			data: {
				zone: 'custom',
				subdomain: '',
				baseUrl: sandbox.url,
				accessToken: AMOCRM_SANDBOX.longLivedToken,
			},
		},
	]);
	await importJson(home, 'workflow', sampleWorkflow('amocrm-migration.json'));
	const n8n = await startN8n(home, PORT);
	try {
		await publicApi(n8n, await apiKey(n8n))('POST', '/workflows/amoMigration0001/activate');
		await waitFor(
			async () => (await fetch(`${n8n.url}/form/amocrm-migration`)).status,
			(status) => status === 200,
		);
		const fields = {
			Source: 'amoCRM',
			'Way In': API,
			'amoCRM Address': source.url,
			'amoCRM Token': AMOCRM_SANDBOX.longLivedToken,
			'Default Responsible User': 'admin@sandbox.test',
		};
		const api = () => sandbox.requests.filter((r) => r.path.startsWith('/api/v4/'));
		const rows: Array<Record<string, string | number>> = [];
		const runs: Record<
			string,
			{
				sourceReads: number;
				requests: number;
				writes: number;
				reads: number;
				throttled: number;
				seconds: number;
				summary: unknown;
			}
		> = {};

		for (const run of ['first import', 'same file again']) {
			await new Promise((r) => setTimeout(r, 1100));
			sandbox.requests.length = 0;
			source.requests.length = 0;
			const started = Date.now();
			const { title, report } = await migrate(n8n.url, fields);
			const seconds = (Date.now() - started) / 1000;
			if (title !== 'Migration finished') throw new Error(`${run}: ${title}`);
			const requests = api();
			runs[run] = {
				sourceReads: source.requests.filter((r) => r.path.startsWith('/api/v4/')).length,
				requests: requests.length,
				writes: requests.filter((r) => r.method !== 'GET').length,
				reads: requests.filter((r) => r.method === 'GET').length,
				throttled: requests.filter((r) => r.status === 429).length,
				seconds,
				summary: report.summary,
			};
			const s = report.summary;
			rows.push({
				measure: `${run}: ${RECORDS} contacts + ${RECORDS} deals (workflow)`,
				created: `${s.contacts.created} + ${s.deals.created}`,
				'source reads': runs[run].sourceReads,
				requests: requests.length,
				'reads / writes': `${runs[run].reads} / ${runs[run].writes}`,
				seconds: seconds.toFixed(1),
				'target requests / 1000 records': ((requests.length / (2 * RECORDS)) * 1000).toFixed(1),
				'429s': runs[run].throttled,
			});
		}

		// Naive: one POST per contact and one per deal (with its contact), paced at 7 req/s, on a sample.
		await new Promise((r) => setTimeout(r, 1100));
		const gap = 1000 / 7;
		const post = async (endpoint: string, body: unknown) =>
			await fetch(`${sandbox.url}${endpoint}`, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${AMOCRM_SANDBOX.longLivedToken}`,
					'content-type': 'application/json',
				},
				body: JSON.stringify(body),
			});
		const started = Date.now();
		for (let i = 0; i < NAIVE_SAMPLE / 2; i++) {
			for (const [endpoint, body] of [
				[
					'/api/v4/contacts',
					[
						{
							name: `Naive ${i}`,
							custom_fields_values: [
								{ field_code: 'PHONE', values: [{ value: `+7916${String(i).padStart(7, '0')}` }] },
							],
						},
					],
				],
				['/api/v4/leads', [{ name: `Naive ${i}`, price: i }]],
			] as const) {
				const at = Date.now();
				await post(endpoint, body);
				const wait = gap - (Date.now() - at);
				if (wait > 0) await new Promise((r) => setTimeout(r, wait));
			}
		}
		const naiveSeconds = ((Date.now() - started) / 1000) * ((2 * RECORDS) / NAIVE_SAMPLE);
		rows.push({
			measure: `one request per record (${NAIVE_SAMPLE} measured, scaled)`,
			created: `${RECORDS} + ${RECORDS}`,
			'source reads': '-',
			requests: 2 * RECORDS,
			'reads / writes': `0 / ${2 * RECORDS}`,
			seconds: naiveSeconds.toFixed(1),
			'target requests / 1000 records': 1000,
			'429s': '-',
		});
		const first = runs['first import'];
		const summary = {
			requestRatioVsNaive: Number(((2 * RECORDS) / first.requests).toFixed(1)),
			speedupVsNaive: Number((naiveSeconds / first.seconds).toFixed(1)),
			achievedRequestRate: Number((first.requests / first.seconds).toFixed(2)),
			runs,
		};
		console.table(rows);
		console.log({
			requestRatioVsNaive: summary.requestRatioVsNaive,
			speedupVsNaive: summary.speedupVsNaive,
			achievedRequestRate: summary.achievedRequestRate,
		});
		saveResults('migration', { rows, summary });
	} catch (error) {
		console.error(n8n.log().slice(-4000));
		throw error;
	} finally {
		await n8n.stop();
		await Promise.all([sandbox.close(), source.close()]);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
