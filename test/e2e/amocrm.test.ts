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
}, 40 * 60 * 1000);

afterAll(async () => {
	await n8n?.stop();
	await sandbox?.close();
});

const control = async (path: string): Promise<any> => await (await fetch(`${sandbox.url}/__sandbox/${path}`)).json();

it('runs every operation in n8n and leaves the sandbox in the expected state', async () => {
	const result = await executeWorkflow(home, 'amoE2eAllOps0001');
	const runData = result.data.resultData.runData;
	expect(result.data.resultData.error).toBeUndefined();
	for (const [name] of STEPS) expect(runData[name]?.[0]?.executionStatus).toBe('success');
	const out = (name: string) => runData[name][0].data.main[0].map((i: any) => i.json);

	const state = await control('state');
	expect(state.contacts).toHaveLength(1);
	const [contact] = state.contacts;
	expect(contact.custom_fields_values.map((f: any) => [f.field_code, f.values.map((v: any) => v.value)])).toEqual([
		['PHONE', ['+79316047033']],
		['EMAIL', ['ivan@example.com']],
	]);
	expect(out('Find Contact')[0]).toMatchObject({ found: true, matchIds: [contact.id] });
	expect(state.leads.map((l: any) => [l.name, l.status_id])).toEqual([
		['Complex E2E', AMOCRM_SANDBOX.statuses.first],
		['Lead E2E', AMOCRM_SANDBOX.statuses.second],
	]);
	expect(out('Get Open Leads').map((l: any) => l.name).sort()).toEqual(['Complex E2E', 'Lead E2E']);
	expect(state.companies.map((c: any) => c.name)).toEqual(['ООО Е2Е']);
	expect(state.notes.map((n: any) => n.params.text)).toEqual(['Заявка с сайта (e2e)']);
	expect(state.tasks).toEqual([expect.objectContaining({ text: 'Перезвонить клиенту', is_completed: true, result: { text: 'Готово' } })]);
	const leadE2e = state.leads[1].id;
	expect(out('List Links').map((l: any) => l.to_entity_type).sort()).toEqual(['companies', 'contacts']);
	expect(state.links.filter((l: any) => l.entity_id === leadE2e).map((l: any) => l.to_entity_type)).toEqual(['contacts']);
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
