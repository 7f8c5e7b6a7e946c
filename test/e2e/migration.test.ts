// Migration workflows of workflows/ in real n8n 2.41.1 against the sandboxes: the export of an amoCRM
// account into the JSON format the migration reads.
import { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { executeWorkflow, importJson, type N8nHome, prepareHome, sampleWorkflow } from './n8n';

jest.setTimeout(15 * 60 * 1000);

let amo: Awaited<ReturnType<typeof startAmoCrmSandbox>>;
let home: N8nHome;

beforeAll(async () => {
	amo = await startAmoCrmSandbox(0);
	home = await prepareHome();
	await importJson(home, 'credentials', [
		{ id: 'amoDemoToken0001', name: 'amoCRM sandbox', type: 'amoCrmApi', data: { zone: 'custom', subdomain: '', baseUrl: amo.url, accessToken: AMOCRM_SANDBOX.longLivedToken } },
	]);
	await importJson(home, 'workflow', sampleWorkflow('amocrm-export.json'));
}, 40 * 60 * 1000);

afterAll(async () => await amo?.close());

const F = AMOCRM_SANDBOX.fields;

describe('amoCRM → JSON export', () => {
	it('writes every contact, deal and pipeline in the migration format, reading 250 records per request', async () => {
		const contacts = Array.from({ length: 260 }, (_, i) => ({
			id: 21000001 + i,
			name: `Клиент ${i}`,
			first_name: `Имя${i}`,
			last_name: `Фамилия${i}`,
			custom_fields_values: [
				{ field_id: F.contactPhone, values: [{ value: `+7999${String(1000000 + i).slice(1)}`, enum_code: 'WORK' }] },
				...(i % 2 ? [{ field_id: F.contactEmail, values: [{ value: `client${i}@example.com`, enum_code: 'WORK' }] }] : []),
			],
		}));
		amo.sandbox.seed({
			contacts,
			leads: [
				{ id: 31000001, name: 'Продажа товара', price: 100000, status_id: AMOCRM_SANDBOX.statuses.second, pipeline_id: AMOCRM_SANDBOX.pipelineId },
				{ id: 31000002, name: 'Без контакта', price: 0, status_id: 143, pipeline_id: AMOCRM_SANDBOX.pipelineId },
			],
			links: [{ entity_type: 'leads', entity_id: 31000001, to_entity_type: 'contacts', to_entity_id: 21000002 }],
		} as any);
		const result = await executeWorkflow(home, 'amoExportJson001', 5694);
		expect(result.data.resultData.error).toBeUndefined();
		const runData = result.data.resultData.runData;
		const exported = runData.Export[0].data.main[0][0].json;
		expect(exported.contacts).toHaveLength(260);
		expect(exported.contacts[1]).toEqual({
			id: 21000002,
			name: 'Клиент 1',
			first_name: 'Имя1',
			last_name: 'Фамилия1',
			custom_fields_values: [
				{ field_id: F.contactPhone, field_name: 'Phone', values: [{ value: '+7999000001' }] },
				{ field_id: F.contactEmail, field_name: 'Email', values: [{ value: 'client1@example.com' }] },
			],
		});
		expect(exported.deals).toEqual([
			{ id: 31000001, name: 'Продажа товара', price: 100000, status_id: AMOCRM_SANDBOX.statuses.second, pipeline_id: AMOCRM_SANDBOX.pipelineId, contacts: [{ id: 21000002 }] },
			{ id: 31000002, name: 'Без контакта', price: 0, status_id: 143, pipeline_id: AMOCRM_SANDBOX.pipelineId, contacts: [] },
		]);
		expect(exported.pipelines).toEqual([
			{
				id: AMOCRM_SANDBOX.pipelineId,
				name: 'Воронка',
				statuses: [
					{ id: AMOCRM_SANDBOX.statuses.first, name: 'Первичный контакт', color: '#99ccff' },
					{ id: AMOCRM_SANDBOX.statuses.second, name: 'Переговоры', color: '#ffff99' },
					{ id: 142, name: 'Успешно реализовано', color: '#CCFF66' },
					{ id: 143, name: 'Закрыто и не реализовано', color: '#D5D8DB' },
				],
			},
		]);
		const file = runData['Export File'][0].data.main[0][0].binary.data;
		expect(file).toMatchObject({ fileName: 'amocrm-export.json', mimeType: 'application/json' });
		const reads = amo.requests.filter((r) => r.path.startsWith('/api/v4/'));
		expect(reads.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v4/contacts',
			'GET /api/v4/contacts',
			'GET /api/v4/leads',
			'GET /api/v4/leads/pipelines',
		]);
		expect(reads.every((r) => r.status === 200)).toBe(true);
	});
});
