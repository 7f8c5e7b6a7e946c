import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, faults, runAmoCrm, seed, state, useSandbox } from './amocrm';

const sandbox = useSandbox();

describe('webhook', () => {
	it('subscribes, lists by destination, re-subscribes with new events and unsubscribes', async () => {
		const sub = await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'subscribe',
			destination: 'https://n8n.example.com/webhook/a',
			events: ['add_lead', 'status_lead'],
		});
		expect(sub.out[0]).toMatchObject({
			id: expect.any(Number),
			destination: 'https://n8n.example.com/webhook/a',
			settings: ['add_lead', 'status_lead'],
			disabled: false,
		});
		expect((await apiRequests(sandbox))[0].body).toEqual({
			destination: 'https://n8n.example.com/webhook/a',
			settings: ['add_lead', 'status_lead'],
			sort: 10,
		});
		await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'subscribe',
			destination: 'https://other.example.com/hook',
			events: ['add_contact'],
		});
		await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'subscribe',
			destination: 'https://n8n.example.com/webhook/a',
			events: ['update_lead'],
		});

		const one = await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'getAll',
			destination: 'https://n8n.example.com/webhook/a',
		});
		expect(one.out.map((w) => w.settings)).toEqual([['update_lead']]);
		const all = await runAmoCrm(sandbox, { resource: 'webhook', operation: 'getAll' });
		expect(all.out).toHaveLength(2);

		const gone = await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'unsubscribe',
			destination: 'https://n8n.example.com/webhook/a',
		});
		expect(gone.out[0]).toEqual({
			destination: 'https://n8n.example.com/webhook/a',
			unsubscribed: true,
		});
		expect((await state(sandbox)).webhooks.map((w: any) => w.destination)).toEqual([
			'https://other.example.com/hook',
		]);
		const none = await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'getAll',
			destination: 'https://n8n.example.com/webhook/a',
		});
		expect(none.out).toEqual([]);
	});

	it('refuses a destination that is not a URL and an empty event list', async () => {
		const url = await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'subscribe',
			destination: 'n8n.local',
			events: ['add_lead'],
		});
		expect(url.error()?.message).toBe('"n8n.local" is not a web address');
		const events = await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'subscribe',
			destination: 'https://x.example.com',
			events: '={{ [] }}',
		});
		expect(events.error()?.message).toBe('Choose at least one event');
		const malformed = await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'subscribe',
			destination: 'https://x.example.com',
			events: ['add_lead'],
			otherEvents: 'add lead!',
		});
		expect(malformed.error()?.message).toBe(
			'"lead!" is not an amoCRM event code: codes are lowercase words joined by "_", like add_lead',
		);
		expect(await apiRequests(sandbox)).toHaveLength(0);
	});

	it('sends Other Event Codes with the chosen events, each once; amoCRM’s refusal names the code', async () => {
		const refused = await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'subscribe',
			destination: 'https://x.example.com',
			events: ['add_lead'],
			otherEvents: 'add_catalog, update_catalog',
		});
		expect(refused.error()?.message).toContain('Unknown event add_catalog');
		expect((await apiRequests(sandbox))[0].body).toEqual({
			destination: 'https://x.example.com',
			settings: ['add_lead', 'add_catalog', 'update_catalog'],
			sort: 10,
		});
		expect((await state(sandbox)).webhooks).toEqual([]);

		await faults(sandbox, { messageHookCode: true });
		const { out } = await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'subscribe',
			destination: 'https://x.example.com',
			events: '={{ [] }}',
			otherEvents: 'add_message;add_message',
		});
		expect(out[0]).toMatchObject({
			destination: 'https://x.example.com',
			settings: ['add_message'],
		});
		expect((await state(sandbox)).webhooks.map((w: any) => w.settings)).toEqual([['add_message']]);
	});
});

describe('event: get many', () => {
	it('reads the events amoCRM records, filtered by entity and type, 100 per page', async () => {
		await seed(sandbox, {
			leads: [
				{ id: 30000001, name: 'A' },
				{ id: 30000002, name: 'B' },
			],
		});
		await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'update',
			leadId: { mode: 'id', value: '30000001' },
			updateFields: { statusId: AMOCRM_SANDBOX.statuses.second },
		});
		const { out } = await runAmoCrm(sandbox, {
			resource: 'event',
			operation: 'getAll',
			returnAll: true,
			filters: {
				entity: 'lead',
				entityIds: '30000001',
				types: ['lead_status_changed', 'lead_added'],
			},
		});
		expect(out.map((e) => e.type)).toEqual(['lead_status_changed', 'lead_added']);
		expect(out[0]).toMatchObject({
			entity_id: 30000001,
			entity_type: 'lead',
			value_before: [
				{
					lead_status: {
						id: AMOCRM_SANDBOX.statuses.first,
						pipeline_id: AMOCRM_SANDBOX.pipelineId,
					},
				},
			],
			value_after: [
				{
					lead_status: {
						id: AMOCRM_SANDBOX.statuses.second,
						pipeline_id: AMOCRM_SANDBOX.pipelineId,
					},
				},
			],
		});
		const request = (await apiRequests(sandbox)).at(-1)!;
		expect(request.query).toMatchObject({
			filter: { type: 'lead_status_changed,lead_added', entity: 'lead', entity_id: '30000001' },
			limit: '100',
		});
	});

	it('entity IDs without an entity, or more than 10, are refused', async () => {
		const bare = await runAmoCrm(sandbox, {
			resource: 'event',
			operation: 'getAll',
			filters: { entityIds: '1' },
		});
		expect(bare.error()?.message).toBe('Filtering by entity IDs needs the Entity filter too');
		const many = await runAmoCrm(sandbox, {
			resource: 'event',
			operation: 'getAll',
			filters: { entity: 'lead', entityIds: '1,2,3,4,5,6,7,8,9,10,11' },
		});
		expect(many.error()?.message).toBe('amoCRM filters events by at most 10 entity IDs');
	});
});
