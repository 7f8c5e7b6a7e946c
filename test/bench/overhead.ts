// `npm run bench` (third part): the AmoCrm node against n8n's built-in HTTP Request node making the same
// calls with the same credential, in the same real n8n, as a ratio of the nodes' own execution times.
//  - read: 1,000 contacts, 250 per page (4 pages + amoCRM's closing 204 for both);
//  - write: 1,000 contacts in 4 POSTs of 250 (the credential's Records per Write Request at amoCRM's cap,
//    not the node's default 50, so both send the same POSTs; the HTTP side gets the same bodies from a Code node that
//    groups the items, and its time counts too).
// Each workflow runs RUNS times with `n8n execute`; the medians are compared. Saves
// test/bench/results/overhead-<date>.json.

import { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { executeWorkflow, importJson, prepareHome } from '../e2e/n8n';
import { saveResults } from './results';

const RECORDS = 1000;
const RUNS = Number(process.env.BENCH_OVERHEAD_RUNS ?? 5);
const CREDENTIAL = { amoCrmApi: { id: 'benchAmoToken001', name: 'amoCRM sandbox' } };

const trigger = {
	id: 't',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const items = {
	id: 'i',
	name: 'Items',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: [200, 0],
	parameters: {
		jsCode: `return Array.from({ length: ${RECORDS} }, (_, i) => ({ json: { name: 'Bench ' + i, phone: '+7900' + String(i).padStart(7, '0') } }));`,
	},
};
const chain = (names: string[]) =>
	Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);
const workflow = (id: string, nodes: any[]) => ({
	id,
	name: id,
	active: false,
	nodes,
	connections: chain(nodes.map((n) => n.name)),
	settings: { executionOrder: 'v1' },
});

function workflows(baseUrl: string) {
	const node = (name: string, parameters: object) => ({
		id: name,
		name,
		type: 'n8n-nodes-amocrm-envybox.amoCrm',
		typeVersion: 1,
		position: [400, 0],
		parameters,
		credentials: CREDENTIAL,
	});
	const http = (name: string, parameters: object, extra: object = {}) => ({
		id: name,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [600, 0],
		parameters: {
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'amoCrmApi',
			...parameters,
		},
		credentials: CREDENTIAL,
		...extra,
	});
	return [
		workflow('benchReadNode001', [
			trigger,
			node('Measured', {
				resource: 'contact',
				operation: 'getAll',
				returnAll: true,
				simplify: false,
				filters: {},
				options: {},
			}),
		]),
		workflow('benchReadHttp001', [
			trigger,
			http('Measured', {
				url: `${baseUrl}/api/v4/contacts`,
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'limit', value: '250' }] },
				options: {
					pagination: {
						pagination: {
							parameters: { parameters: [{ name: 'page', value: '={{ $pageCount + 1 }}' }] },
							paginationCompleteWhen: 'other',
							completeExpression: '={{ $response.statusCode === 204 }}',
						},
					},
				},
			}),
		]),
		workflow('benchWriteNode01', [
			trigger,
			items,
			node('Measured', {
				resource: 'contact',
				operation: 'create',
				name: '={{ $json.name }}',
				additionalFields: { phones: { phone: [{ number: '={{ $json.phone }}', type: 'WORK' }] } },
			}),
		]),
		workflow('benchWriteHttp01', [
			trigger,
			items,
			{
				id: 'g',
				name: 'Group',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [400, 0],
				parameters: {
					jsCode:
						"const all = $input.all().map((item, i) => ({ name: item.json.name, request_id: String(i), custom_fields_values: [{ field_code: 'PHONE', values: [{ value: item.json.phone, enum_code: 'WORK' }] }] }));\nconst out = [];\nfor (let i = 0; i < all.length; i += 250) out.push({ json: { body: all.slice(i, i + 250) } });\nreturn out;",
				},
			},
			http('Measured', {
				method: 'POST',
				url: `${baseUrl}/api/v4/contacts`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify($json.body) }}',
				options: {},
			}),
		]),
	];
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
	const sandbox = await startAmoCrmSandbox(0);
	const home = await prepareHome();
	await importJson(home, 'credentials', [
		{
			id: CREDENTIAL.amoCrmApi.id,
			name: 'amoCRM sandbox',
			type: 'amoCrmApi',
			data: {
				zone: 'custom',
				subdomain: '',
				baseUrl: sandbox.url,
				accessToken: AMOCRM_SANDBOX.longLivedToken,
				writeBatchSize: 250,
			},
		},
	]);
	const all = workflows(sandbox.url);
	for (const w of all) await importJson(home, 'workflow', w);
	const seed = () =>
		sandbox.sandbox.seed({
			contacts: Array.from({ length: RECORDS }, (_, i) => ({
				id: 21000001 + i,
				name: `Bench ${i}`,
			})),
		} as never);

	const timings: Record<string, { ms: number[]; requests: number[] }> = {};
	for (let run = 0; run < RUNS; run++) {
		for (const w of all) {
			sandbox.sandbox.reset();
			if (w.id.startsWith('benchRead')) seed();
			await new Promise((r) => setTimeout(r, 1100));
			sandbox.requests.length = 0;
			const result = await executeWorkflow(home, w.id, 5692);
			const runData = result.data.resultData.runData;
			if (result.data.resultData.error)
				throw new Error(`${w.id}: ${result.data.resultData.error.message}`);
			// The HTTP side's grouping Code node is part of making the same calls.
			const ms = runData.Measured[0].executionTime + (runData.Group?.[0].executionTime ?? 0);
			const entry = (timings[w.id] ??= { ms: [], requests: [] });
			entry.ms.push(ms);
			entry.requests.push(sandbox.requests.filter((r) => r.path.startsWith('/api/v4/')).length);
			if (w.id.startsWith('benchWrite') && sandbox.sandbox.dump().contacts.length !== RECORDS)
				throw new Error(`${w.id} did not write ${RECORDS} contacts`);
		}
	}
	const row = (measure: string, nodeId: string, httpId: string) => {
		const nodeMs = median(timings[nodeId].ms);
		const httpMs = median(timings[httpId].ms);
		return {
			measure,
			'AmoCrm node ms': nodeMs,
			'HTTP Request ms': httpMs,
			'requests (node / HTTP)': `${median(timings[nodeId].requests)} / ${median(timings[httpId].requests)}`,
			'µs per item (node / HTTP)': `${((nodeMs * 1000) / RECORDS).toFixed(0)} / ${((httpMs * 1000) / RECORDS).toFixed(0)}`,
			'ratio node / HTTP': Number((nodeMs / httpMs).toFixed(2)),
		};
	};
	const rows = [
		row(`read ${RECORDS} contacts, 250 per page`, 'benchReadNode001', 'benchReadHttp001'),
		row(`create ${RECORDS} contacts, 250 per POST`, 'benchWriteNode01', 'benchWriteHttp01'),
	];
	console.table(rows);
	saveResults('overhead', { rows, runs: RUNS, timings });
	await sandbox.close();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
