// The trigger's subscription handling, run through n8n-core's own hook context against the sandbox.
import type { IWorkflowBase } from 'n8n-workflow';

import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { control, credentialsFor, requests, state, useSandbox } from './amocrm';
import { callWebhookMethod, PACKAGE } from './harness';

const sandbox = useSandbox();

const workflow = (events: string[], oauth = false, otherEvents?: string): IWorkflowBase =>
	({
		id: 'trigger-wf',
		name: 'trigger',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [
			{
				id: 't',
				name: 'amoCRM Trigger',
				type: `${PACKAGE}.amoCrmTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId: 'hook-path',
				credentials: oauth
					? { amoCrmOAuth2Api: { id: 'cred-2', name: 'amoCRM OAuth2' } }
					: { amoCrmApi: { id: 'cred-1', name: 'amoCRM sandbox' } },
				parameters: {
					...(oauth ? { authentication: 'oAuth2' } : {}),
					events,
					...(otherEvents === undefined ? {} : { otherEvents }),
				},
			},
		],
	}) as unknown as IWorkflowBase;

const call = async (
	method: 'checkExists' | 'create' | 'delete',
	events = ['add_lead', 'status_lead'],
	credentials = credentialsFor(sandbox),
) => await callWebhookMethod(workflow(events), 'amoCRM Trigger', credentials, method);

describe('amoCRM Trigger subscription', () => {
	it('create registers the URL with a token derived from the credential; checkExists finds it', async () => {
		expect(await call('checkExists')).toBe(false);
		expect(await call('create')).toBe(true);
		const [hook] = (await state(sandbox)).webhooks;
		expect(hook).toMatchObject({ settings: ['add_lead', 'status_lead'], disabled: false });
		expect(hook.destination).toMatch(
			/^http:\/\/127\.0\.0\.1:5678\/webhook\/hook-path\/webhook\?token=[0-9a-f]{40}$/,
		);
		expect(await call('checkExists')).toBe(true);

		// Another credential secret gives another token: the URL cannot be guessed from the path.
		const other = credentialsFor(sandbox);
		other.amoCrmApi = { ...other.amoCrmApi, accessToken: `${AMOCRM_SANDBOX.longLivedToken}-x` };
		await control(sandbox, 'POST', 'oauth', { accessToken: `${AMOCRM_SANDBOX.longLivedToken}-x` });
		expect(await call('checkExists', undefined, other)).toBe(false);
	});

	it('checkExists says no for a subscription amoCRM switched off or whose events changed, and create repairs it', async () => {
		await call('create');
		await control(sandbox, 'POST', 'webhooks', { disabled: true });
		expect(await call('checkExists')).toBe(false);
		await call('create');
		expect((await state(sandbox)).webhooks).toEqual([expect.objectContaining({ disabled: false })]);
		expect(await call('checkExists', ['add_lead'])).toBe(false);
		await call('create', ['add_lead']);
		expect((await state(sandbox)).webhooks.map((w: any) => w.settings)).toEqual([['add_lead']]);
	});

	it('works with OAuth2 too, with a token of its own', async () => {
		const oauth = async (method: 'checkExists' | 'create' | 'delete') =>
			await callWebhookMethod(
				workflow(['add_lead'], true),
				'amoCRM Trigger',
				credentialsFor(sandbox),
				method,
			);
		await call('create');
		expect(await oauth('checkExists')).toBe(false);
		await oauth('create');
		const destinations = (await state(sandbox)).webhooks.map((w: any) => w.destination);
		expect(destinations).toHaveLength(2);
		expect(new Set(destinations).size).toBe(2);
		expect(await oauth('checkExists')).toBe(true);
	});

	it('delete removes the subscription and tolerates one that is already gone', async () => {
		await call('create');
		expect(await call('delete')).toBe(true);
		expect((await state(sandbox)).webhooks).toEqual([]);
		expect(await call('delete')).toBe(true);
		expect(
			(await requests(sandbox)).filter((r) => r.method === 'DELETE').map((r) => r.status),
		).toEqual([204, 404]);
	});

	it('subscribes Other Event Codes with the chosen events, and fails naming a code amoCRM refuses', async () => {
		const withOther = async (
			method: 'checkExists' | 'create',
			events: string[],
			otherEvents: string,
		) =>
			await callWebhookMethod(
				workflow(events, false, otherEvents),
				'amoCRM Trigger',
				credentialsFor(sandbox),
				method,
			);
		await control(sandbox, 'POST', 'faults', { messageHookCode: true });
		expect(await withOther('create', ['add_lead'], ' add_message, add_lead ')).toBe(true);
		expect((await state(sandbox)).webhooks.map((w: any) => w.settings)).toEqual([
			['add_lead', 'add_message'],
		]);
		expect(await withOther('checkExists', ['add_lead'], 'add_message')).toBe(true);
		expect(await withOther('checkExists', ['add_lead'], '')).toBe(false);

		await expect(withOther('create', ['add_lead'], 'add_catalog')).rejects.toThrow(
			/Unknown event add_catalog/,
		);
		await expect(withOther('create', ['add_lead'], 'Add-Catalog')).rejects.toThrow(
			'"Add-Catalog" is not an amoCRM event code',
		);
		await expect(withOther('create', [], '')).rejects.toThrow('Choose at least one event');
		expect((await state(sandbox)).webhooks.map((w: any) => w.settings)).toEqual([
			['add_lead', 'add_message'],
		]);
	});
});
