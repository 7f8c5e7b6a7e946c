// The Envybox Webhook Trigger's activation, run through n8n-core's own hook context: Envybox has no
// API for its notification address, so activation only insists on the secret the address carries.
import type { IWorkflowBase } from 'n8n-workflow';

import { apiRequests, envyboxCredentials, useEnvyboxSandbox } from './envybox';
import { callWebhookMethod, PACKAGE } from './harness';

const sandbox = useEnvyboxSandbox();

const workflow = {
	id: 'envy-webhook',
	name: 'webhook',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: {},
	nodes: [
		{
			id: 'w',
			name: 'Envybox Webhook Trigger',
			type: `${PACKAGE}.envyboxWebhookTrigger`,
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'hook',
			credentials: { envyboxApi: { id: 'e', name: 'e' } },
			parameters: { events: ['create_lead'] },
		},
	],
} as unknown as IWorkflowBase;

describe('Envybox Webhook Trigger activation', () => {
	it('refuses to activate without a Webhook Secret in the credential, saying what to do; with one it activates without calling Envybox', async () => {
		const without = envyboxCredentials(sandbox);
		await expect(
			callWebhookMethod(workflow, 'Envybox Webhook Trigger', without, 'create'),
		).rejects.toThrow('The Envybox credential has no Webhook Secret');
		const withSecret = envyboxCredentials(sandbox);
		withSecret.envyboxApi = { ...withSecret.envyboxApi, webhookSecret: 'a-long-random-secret' };
		expect(
			await callWebhookMethod(workflow, 'Envybox Webhook Trigger', withSecret, 'checkExists'),
		).toBe(false);
		expect(await callWebhookMethod(workflow, 'Envybox Webhook Trigger', withSecret, 'create')).toBe(
			true,
		);
		expect(await callWebhookMethod(workflow, 'Envybox Webhook Trigger', withSecret, 'delete')).toBe(
			true,
		);
		expect(await apiRequests(sandbox)).toEqual([]);
	});
});
