// The package in real n8n 2.41.1 on Node 24: installed from its tarball, credentials tested by
// n8n itself, and a workflow with every operation run by `n8n execute` against the sandbox.
import { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { allOperationsWorkflow, STEPS } from './allOperationsWorkflow';
import { apiKey, executeWorkflow, importJson, type N8nHome, prepareHome, type RunningN8n, startN8n } from './n8n';

jest.setTimeout(10 * 60 * 1000);

let sandbox: Awaited<ReturnType<typeof startAmoCrmSandbox>>;
let home: N8nHome;
let n8n: RunningN8n | undefined;

const CREDENTIAL = { id: 'amoSandboxToken1', name: 'amoCRM sandbox (token)' };
const TRIGGER_PATH = 'amo-trigger-e2e';
const triggerWorkflow = {
	id: 'amoE2eTrigger001',
	name: 'amoCRM trigger (e2e)',
	active: false,
	settings: { saveDataSuccessExecution: 'all' },
	connections: {},
	nodes: [
		{
			id: 'e2e-trigger',
			name: 'amoCRM Trigger',
			type: 'n8n-nodes-amocrm-envybox.amoCrmTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: TRIGGER_PATH,
			parameters: { events: ['add_lead', 'status_lead'], options: { pipelineIds: [AMOCRM_SANDBOX.pipelineId] } },
			credentials: { amoCrmApi: CREDENTIAL },
		},
	],
};

beforeAll(async () => {
	sandbox = await startAmoCrmSandbox(0);
	home = await prepareHome();
	const account = { zone: 'custom', baseUrl: sandbox.url, subdomain: '' };
	await importJson(home, 'credentials', [
		{ ...CREDENTIAL, type: 'amoCrmApi', data: { ...account, accessToken: AMOCRM_SANDBOX.longLivedToken } },
		{ id: 'amoSandboxWrong1', name: 'amoCRM wrong token', type: 'amoCrmApi', data: { ...account, accessToken: 'not-a-token' } },
		{
			id: 'amoSandboxOauth1',
			name: 'amoCRM sandbox (OAuth2)',
			type: 'amoCrmOAuth2Api',
			data: {
				...account,
				clientId: AMOCRM_SANDBOX.oauth.clientId,
				clientSecret: AMOCRM_SANDBOX.oauth.clientSecret,
				oauthTokenData: { access_token: AMOCRM_SANDBOX.oauth.accessToken, refresh_token: AMOCRM_SANDBOX.oauth.refreshToken, token_type: 'Bearer', expires_in: 86400 },
			},
		},
	]);
	await importJson(home, 'workflow', allOperationsWorkflow('amoE2eAllOps0001', CREDENTIAL));
	await importJson(home, 'workflow', triggerWorkflow);
}, 40 * 60 * 1000);

afterAll(async () => {
	await n8n?.stop();
	await sandbox?.close();
});

/** Polls `read` every 250 ms until `ready` holds (at most 30 s) and returns the last value. */
async function waitFor<T>(read: () => Promise<T>, ready: (value: T) => boolean): Promise<T> {
	let value = await read();
	for (let attempt = 0; attempt < 120 && !ready(value); attempt++) {
		await new Promise((r) => setTimeout(r, 250));
		value = await read();
	}
	return value;
}

const control = async (path: string): Promise<any> => await (await fetch(`${sandbox.url}/__sandbox/${path}`)).json();

it('runs every operation in n8n and leaves the sandbox in the expected state', async () => {
	const result = await executeWorkflow(home, 'amoE2eAllOps0001');
	const runData = result.data.resultData.runData;
	expect(result.data.resultData.error).toBeUndefined();
	for (const [name] of STEPS) expect(runData[name]?.[0]?.executionStatus).toBe('success');
	const out = (name: string) => runData[name][0].data.main[0].map((i: any) => i.json);

	const state = await control('state');
	const named = (list: any[], name: string) => list.filter((e: any) => e.name === name);
	expect(state.contacts.map((c: any) => c.name).sort()).toEqual(['+79990000001', 'Иван E2E', 'Форма E2E']);
	const [contact] = named(state.contacts, 'Иван E2E');
	expect(contact.custom_fields_values.map((f: any) => [f.field_code, f.values.map((v: any) => v.value)])).toEqual([
		['PHONE', ['+79316047033']],
		['EMAIL', ['ivan@example.com']],
	]);
	expect(out('Find Contact')[0]).toMatchObject({ found: true, matchIds: [contact.id] });
	expect(named(state.leads, 'Complex E2E')[0].status_id).toBe(AMOCRM_SANDBOX.statuses.first);
	const [leadE2e] = named(state.leads, 'Lead E2E');
	expect(leadE2e.status_id).toBe(AMOCRM_SANDBOX.statuses.second);
	expect(leadE2e._embedded.tags.map((t: any) => t.name)).toEqual(['VIP E2E']);
	expect(out('Get Open Leads').map((l: any) => l.name).sort()).toEqual(['Complex E2E', 'Lead E2E']);
	expect(state.companies.map((c: any) => c.name).sort()).toEqual(['ООО Е2Е', 'Ромашка E2E']);
	const [romashka] = named(state.companies, 'Ромашка E2E');
	expect(out('Get Company')[0]).toMatchObject({ web: 'https://romashka.example', contact_ids: [contact.id] });
	expect(state.links).toEqual(expect.arrayContaining([expect.objectContaining({ entity_type: 'leads', entity_id: leadE2e.id, to_entity_type: 'companies', to_entity_id: romashka.id })]));
	expect(state.notes.filter((n: any) => n.note_type === 'common').map((n: any) => n.params.text)).toEqual(['Заявка с сайта (e2e)']);
	expect(out('Add Call')[0]).toMatchObject({ added: true, entity_type: 'contact', entity_id: contact.id });
	const [callLead] = named(state.leads, 'Звонок E2E');
	expect(out('Add Call From Unknown')[0]).toMatchObject({ added: true, entity_type: 'lead', entity_id: callLead.id, created_lead_id: callLead.id });
	expect(state.tasks).toEqual([expect.objectContaining({ text: 'Перезвонить клиенту', is_completed: true, result: { text: 'Готово' } })]);
	expect(out('List Links').map((l: any) => l.to_entity_type).sort()).toEqual(['companies', 'contacts']);
	expect(out('Get Stages')).toHaveLength(4);
	expect(out('Get Users')).toHaveLength(3);
	expect(out('Get Custom Fields').map((f: any) => f.code)).toEqual(['PHONE', 'EMAIL']);
	expect(state.unsorted.map((u: any) => u.status)).toEqual(['accepted', 'declined']);
	expect(out('Accept Unsorted')[0]).toMatchObject({ accepted: true, contact_id: named(state.contacts, 'Форма E2E')[0].id });
	expect(out('Get Webhooks')).toEqual([expect.objectContaining({ destination: 'https://hooks.example.com/amocrm' })]);
	expect(state.webhooks).toEqual([]);
	expect(out('Get Events').map((e: any) => e.type)).toEqual(expect.arrayContaining(['lead_added', 'lead_status_changed']));
	const requests = await control('requests');
	expect(requests.filter((r: any) => r.status >= 400)).toEqual([]);
});

it('passes n8n’s own credential test for both credentials and fails it for a wrong token', async () => {
	n8n = await startN8n(home, 5681);
	const key = await apiKey(n8n);
	const test = async (id: string) => {
		const response = await fetch(`${n8n!.url}/api/v1/credentials/${id}/test`, { method: 'POST', headers: { 'X-N8N-API-KEY': key } });
		return (await response.json()) as any;
	};
	expect(await test(CREDENTIAL.id)).toMatchObject({ status: 'OK' });
	expect(await test('amoSandboxOauth1')).toMatchObject({ status: 'OK' });
	const wrong = await test('amoSandboxWrong1');
	expect(wrong.status).toBe('Error');
	expect(wrong.message).toContain('token');
	// The package was loaded from the tarball: n8n lists the node types.
	expect(n8n.log()).not.toContain('Error loading package');
});

describe('amoCRM Trigger in n8n', () => {
	let key = '';
	const api = async (method: string, path: string, body?: unknown): Promise<any> => {
		const response = await fetch(`${n8n!.url}/api/v1${path}`, {
			method,
			headers: { 'X-N8N-API-KEY': key, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
		return text ? JSON.parse(text) : undefined;
	};
	const amo = async (method: string, path: string, body: unknown) =>
		await fetch(`${sandbox.url}/api/v4/${path}`, {
			method,
			headers: { authorization: `Bearer ${AMOCRM_SANDBOX.longLivedToken}`, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
	const executions = async () => (await api('GET', `/executions?workflowId=${triggerWorkflow.id}&includeData=true`)).data as any[];
	const settle = async (): Promise<any[]> => (await (await fetch(`${sandbox.url}/__sandbox/deliveries`, { method: 'POST' })).json()) as any[];

	beforeAll(async () => {
		n8n ??= await startN8n(home, 5681);
		key = await apiKey(n8n);
	});

	it('activation subscribes; an added and moved lead start executions with the decoded lead; deactivation unsubscribes', async () => {
		await api('POST', `/workflows/${triggerWorkflow.id}/activate`, {});
		// n8n registers the webhook shortly after answering.
		const [hook] = await waitFor(async () => (await control('state')).webhooks, (hooks) => hooks.length > 0);
		expect(hook).toMatchObject({ settings: ['add_lead', 'status_lead'], disabled: false });
		expect(hook.destination).toMatch(new RegExp(`^${n8n!.url}/webhook/${TRIGGER_PATH}/webhook\\?token=[0-9a-f]{40}$`));

		const created = await (await amo('POST', 'leads', [{ name: 'Лид из e2e', price: 700 }])).json();
		const id = (created as any)._embedded.leads[0].id;
		await amo('PATCH', `leads/${id}`, { status_id: AMOCRM_SANDBOX.statuses.second });
		const deliveries = await settle();
		expect(deliveries.map((d: any) => d.status)).toEqual([200, 200]);

		const done = await waitFor(async () => (await executions()).filter((e) => e.finished), (list) => list.length >= 2);
		const leads = done
			.map((e) => e.data.resultData.runData['amoCRM Trigger'][0].data.main[0][0].json)
			.sort((a: any, b: any) => a.event.localeCompare(b.event));
		expect(leads).toEqual([
			expect.objectContaining({ event: 'lead.add', id, name: 'Лид из e2e', price: 700, status_id: AMOCRM_SANDBOX.statuses.first }),
			expect.objectContaining({ event: 'lead.status', id, status_id: AMOCRM_SANDBOX.statuses.second, old_status_id: AMOCRM_SANDBOX.statuses.first }),
		]);

		// Without the registered token the request is refused and nothing runs.
		const forged = await fetch(`${n8n!.url}/webhook/${TRIGGER_PATH}/webhook`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'leads%5Badd%5D%5B0%5D%5Bid%5D=1',
		});
		expect(forged.status).toBe(401);
		expect((await executions()).length).toBe(2);

		await api('POST', `/workflows/${triggerWorkflow.id}/deactivate`, {});
		expect(await waitFor(async () => (await control('state')).webhooks, (hooks) => hooks.length === 0)).toEqual([]);
	});
});
