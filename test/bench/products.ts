// `npm run bench` (products): products added to 1,000 leads (one catalog element each, with quantity
// and price column) through the AmoCrm node's Lead → Add Products, which links them 50 per request
// (`POST /api/v4/leads/link`), beside a naive run in the same process that links each product with
// its own request (`POST /api/v4/leads/{id}/link`), paced at amoCRM's 7 requests a second. The
// naive run is measured on a sample and scaled (BENCH_PRODUCTS_NAIVE_SAMPLE; 0 runs it in full).
// Prints requests per 1,000 leads, time, the request rate achieved against the 7 a second limit,
// and the ratios; saves test/bench/results/products-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { saveResults } from './results';

process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'amocrm-envybox-bench-'));
process.env.N8N_ENCRYPTION_KEY = 'bench-encryption-key';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';

const LEADS = Number(process.env.BENCH_PRODUCTS_LEADS ?? 1000);
const NAIVE_SAMPLE = Number(process.env.BENCH_PRODUCTS_NAIVE_SAMPLE ?? 210);
const LIMIT = 7;
const CATALOG = 5001;
const ELEMENTS = 20;

async function main() {
	const { startAmoCrmSandbox } = await import('../sandbox/amocrm/server');
	const { AMOCRM_SANDBOX } = await import('../sandbox/amocrm/state');
	const { runAmoCrm } = await import('../workflow/amocrm');
	const sandbox = await startAmoCrmSandbox(0);
	// The naive run may draw 429s, which would soon end in amoCRM's 403 block for the rest: it is off here.
	await fetch(`${sandbox.url}/__sandbox/faults`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ blockAfter429s: 0 }),
	});
	sandbox.sandbox.seed({
		catalogs: [{ id: CATALOG, name: 'Товары', type: 'products' }],
		catalog_elements: Array.from({ length: ELEMENTS }, (_, i) => ({
			catalog_id: CATALOG,
			name: `Товар ${i + 1}`,
			custom_fields_values: [{ field_code: 'PRICE', values: [{ value: 100 * (i + 1) }] }],
		})),
		leads: Array.from({ length: LEADS * 2 }, (_, i) => ({ name: `Сделка ${i + 1}` })),
	} as any);
	const dump = sandbox.sandbox.dump() as any;
	const leadIds: number[] = dump.leads.map((l: any) => l.id);
	const elementIds: number[] = dump.catalog_elements.map((e: any) => e.id);
	const priceId: number = dump.catalog_custom_fields[CATALOG].find(
		(f: any) => f.code === 'PRICE',
	).id;
	const product = (lead: number, i: number) => ({
		lead,
		element: elementIds[i % ELEMENTS],
		quantity: (i % 3) + 1,
	});

	const log = () => sandbox.requests.filter((r) => r.path.startsWith('/api/v4/'));
	const clear = async () => {
		await new Promise((r) => setTimeout(r, 1100));
		sandbox.requests.length = 0;
	};
	const linksMade = () =>
		(sandbox.sandbox.dump() as any).links.filter(
			(l: any) => l.to_entity_type === 'catalog_elements',
		).length;

	// n8n loads the package on the first run: that is not the operation's time.
	await runAmoCrm(sandbox, { resource: 'catalog', operation: 'getAll' });

	// 1. The node: Lead → Add Products for the first 1,000 leads.
	await clear();
	let t = Date.now();
	const added = await runAmoCrm(
		sandbox,
		{
			resource: 'lead',
			operation: 'addProducts',
			leadId: { __rl: true, mode: 'id', value: '={{$json.lead}}' },
			catalogId: CATALOG,
			elementId: '={{$json.element}}',
			quantity: '={{$json.quantity}}',
			options: { priceId },
		},
		{ items: leadIds.slice(0, LEADS).map(product) },
	);
	const nodeSeconds = (Date.now() - t) / 1000;
	if (added.error()) throw added.error();
	const nodeRequests = log().length;
	const node429 = log().filter((r) => r.status === 429).length;
	const nodeLinks = linksMade();
	if (nodeLinks !== LEADS) throw new Error(`the node linked ${nodeLinks} products, not ${LEADS}`);

	// 2. Naive: one link request per product, on the other 1,000 leads, paced at 7 a second.
	await clear();
	const sample = NAIVE_SAMPLE > 0 ? Math.min(NAIVE_SAMPLE, LEADS) : LEADS;
	const gap = 1000 / LIMIT;
	t = Date.now();
	for (const [i, lead] of leadIds.slice(LEADS, LEADS + sample).entries()) {
		const { element, quantity } = product(lead, i);
		for (;;) {
			const started = Date.now();
			const response = await fetch(`${sandbox.url}/api/v4/leads/${lead}/link`, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${AMOCRM_SANDBOX.longLivedToken}`,
					'content-type': 'application/json',
				},
				body: JSON.stringify([
					{
						to_entity_id: element,
						to_entity_type: 'catalog_elements',
						metadata: { catalog_id: CATALOG, quantity, price_id: priceId },
					},
				]),
			});
			// A 429 asks to wait (a second here) and send the same request again.
			if (response.status === 429) {
				await new Promise((r) => setTimeout(r, 1000));
				continue;
			}
			if (response.status !== 200) throw new Error(`naive link: HTTP ${response.status}`);
			const wait = gap - (Date.now() - started);
			if (wait > 0) await new Promise((r) => setTimeout(r, wait));
			break;
		}
	}
	if (linksMade() !== LEADS + sample)
		throw new Error(`the naive run linked ${linksMade() - LEADS} products, not ${sample}`);
	const naiveSampleSeconds = (Date.now() - t) / 1000;
	const naiveSeconds = naiveSampleSeconds * (LEADS / sample);
	const naiveSampleRequests = log().length;
	const naiveRequests = naiveSampleRequests * (LEADS / sample);
	const naive429 = log().filter((r) => r.status === 429).length;

	const per1000 = (requests: number) => ((requests / LEADS) * 1000).toFixed(1);
	const rate = (requests: number, seconds: number) => requests / seconds;
	const rows = [
		{
			measure: `add a product to ${LEADS} leads (node, 50 per request)`,
			requests: nodeRequests,
			'requests / 1000 leads': per1000(nodeRequests),
			seconds: nodeSeconds.toFixed(1),
			'requests / s': rate(nodeRequests, nodeSeconds).toFixed(2),
			'share of 7 req/s': `${((rate(nodeRequests, nodeSeconds) / LIMIT) * 100).toFixed(1)} %`,
			'429s': node429,
		},
		{
			measure: `the same, one request per product (naive${sample < LEADS ? `, scaled from ${sample} measured` : ''})`,
			requests: Math.round(naiveRequests),
			'requests / 1000 leads': per1000(naiveRequests),
			seconds: naiveSeconds.toFixed(1),
			'requests / s': rate(naiveSampleRequests, naiveSampleSeconds).toFixed(2),
			'share of 7 req/s': `${((rate(naiveSampleRequests, naiveSampleSeconds) / LIMIT) * 100).toFixed(1)} %`,
			'429s': `${naive429} of ${naiveSampleRequests}`,
		},
	];
	const summary = {
		requestRatioVsNaive: Number((naiveRequests / nodeRequests).toFixed(1)),
		speedupVsNaive: Number((naiveSeconds / nodeSeconds).toFixed(1)),
		nodeRequestsPer1000Leads: Number(per1000(nodeRequests)),
		naiveRequestsPer1000Leads: Number(per1000(naiveRequests)),
	};
	console.table(rows);
	console.log(summary);
	saveResults('products', { rows, summary });
	await sandbox.close();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
