// The sandbox announces changes the way amoCRM does, and what it sends is what the trigger decodes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { webhookItems } from '../../nodes/AmoCrmTrigger/payload';
import { decodeBracketedForm, formPairs } from '../../nodes/shared/bracketForm';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { control, faults, runAmoCrm, seed, state, useSandbox } from './amocrm';

const sandbox = useSandbox();
let receiver: http.Server;
let received: Array<{ contentType: string; body: string }> = [];
let replyStatus = 200;
let url = '';

beforeAll(async () => {
	receiver = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			received.push({
				contentType: String(req.headers['content-type']),
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(replyStatus).end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => await new Promise((resolve) => receiver.close(resolve)));
beforeEach(() => {
	received = [];
	replyStatus = 200;
});

const delivered = async () => {
	await control(sandbox, 'POST', 'deliveries');
	return received.flatMap((r) => webhookItems(decodeBracketedForm(formPairs(r.body)) as any));
};

it('a lead added and moved through the API arrives as form-encoded add and status events', async () => {
	await runAmoCrm(sandbox, {
		resource: 'webhook',
		operation: 'subscribe',
		destination: url,
		events: ['add_lead', 'status_lead', 'add_contact'],
	});
	const created = await runAmoCrm(sandbox, {
		resource: 'lead',
		operation: 'create',
		name: 'Заявка',
		additionalFields: { price: 500 },
	});
	const id = created.out[0].id;
	await runAmoCrm(sandbox, {
		resource: 'lead',
		operation: 'update',
		leadId: { mode: 'id', value: String(id) },
		updateFields: { statusId: AMOCRM_SANDBOX.statuses.second },
	});
	const items = await delivered();
	expect(received.every((r) => r.contentType === 'application/x-www-form-urlencoded')).toBe(true);
	expect(items.map((i) => i.event)).toEqual(['lead.add', 'lead.status']);
	expect(items[0]).toMatchObject({
		id,
		name: 'Заявка',
		price: 500,
		status_id: AMOCRM_SANDBOX.statuses.first,
		account: { subdomain: AMOCRM_SANDBOX.subdomain, id: AMOCRM_SANDBOX.accountId },
	});
	expect(items[1]).toMatchObject({
		id,
		status_id: AMOCRM_SANDBOX.statuses.second,
		old_status_id: AMOCRM_SANDBOX.statuses.first,
		pipeline_id: AMOCRM_SANDBOX.pipelineId,
	});
	expect(received[1].body).toContain(encodeURIComponent('leads[status][0][old_status_id]'));
});

it('seeding announces too, contacts and companies share one section, one request carries a batch', async () => {
	await seed(sandbox, {
		webhooks: [{ destination: url, settings: ['add_contact', 'add_company', 'note_lead'] }],
	});
	await seed(sandbox, {
		contacts: [
			{ id: 20000001, name: 'Иван' },
			{ id: 20000002, name: 'Пётр' },
		],
		companies: [{ id: 40000001, name: 'Ромашка' }],
		leads: [{ id: 30000001, name: 'A' }],
	});
	await runAmoCrm(sandbox, {
		resource: 'note',
		operation: 'create',
		entityType: 'leads',
		entityId: '30000001',
		text: 'Повторная заявка',
	});
	const items = await delivered();
	expect(received).toHaveLength(2);
	expect(items.map((i) => `${i.event}:${i.id}`)).toEqual([
		'contact.add:20000001',
		'contact.add:20000002',
		'company.add:40000001',
		expect.stringMatching(/^lead\.note:\d+$/),
	]);
	expect(items[3]).toMatchObject({
		text: 'Повторная заявка',
		element_id: 30000001,
		element_type: 2,
		note_type: 4,
	});
});

it('a subscription whose endpoint keeps failing is switched off after more than 100 invalid replies', async () => {
	replyStatus = 500;
	await seed(sandbox, {
		webhooks: [{ destination: url, settings: ['update_lead'] }],
		leads: [{ id: 30000001, name: 'A' }],
	});
	for (let n = 0; n < 101; n++) await seed(sandbox, { leads: [{ id: 30000001, name: `A${n}` }] });
	await control(sandbox, 'POST', 'deliveries');
	const s = await state(sandbox);
	expect(s.webhooks[0].disabled).toBe(true);
	expect(s.deliveries.filter((d: any) => !d.ok)).toHaveLength(101);
	await seed(sandbox, { leads: [{ id: 30000001, name: 'after' }] });
	await control(sandbox, 'POST', 'deliveries');
	expect(received).toHaveLength(101);
});

it('a delivery that failed comes again later, with the same change key on its items', async () => {
	await seed(sandbox, { webhooks: [{ destination: url, settings: ['add_lead', 'status_lead'] }] });
	await control(sandbox, 'POST', 'webhooks', { redeliveryDelaysMs: [300, 300] });
	replyStatus = 500;
	await runAmoCrm(sandbox, { resource: 'lead', operation: 'create', name: 'Повторная доставка' });
	await control(sandbox, 'POST', 'deliveries');
	replyStatus = 200;
	await new Promise((resolve) => setTimeout(resolve, 800));
	const { deliveries } = await state(sandbox);
	expect(deliveries.map((d: any) => [d.attempt, d.ok])).toEqual([
		[1, false],
		[2, true],
	]);
	const items = received.flatMap((r) =>
		webhookItems(decodeBracketedForm(formPairs(r.body)) as any),
	);
	expect(items.map((i) => i.event)).toEqual(['lead.add', 'lead.add']);
	expect(items[0].change_key).toBe(items[1].change_key);
	expect(items[0].change_key).toMatch(/^lead:add:\d+:/);
	// Another change of the same lead is another key.
	await runAmoCrm(sandbox, {
		resource: 'lead',
		operation: 'update',
		leadId: { mode: 'id', value: String(items[0].id) },
		updateFields: { statusId: AMOCRM_SANDBOX.statuses.second },
	});
	const [status] = (await delivered()).filter((i) => i.event === 'lead.status');
	expect(status.change_key).not.toBe(items[0].change_key);
});

describe('events from outside the API: talks, chat messages, tasks, customers', () => {
	const emit = (section: string, action: string, setting: string, item: object) =>
		control(sandbox, 'POST', 'emit', { section, action, setting, item });

	it('talks, task deletion and responsible changes, and customers arrive as their own events', async () => {
		const events = [
			'add_talk',
			'update_talk',
			'delete_task',
			'responsible_task',
			'add_customer',
			'note_customer',
		];
		const subscribed = await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'subscribe',
			destination: url,
			events,
		});
		expect(subscribed.out[0]).toMatchObject({ settings: events });
		const talk = {
			talk_id: '117',
			created_at: '1631018291',
			updated_at: '1631035929',
			rate: '0',
			contact_id: '3372695',
			chat_id: '88278e98-2b8d',
			entity_id: '667999637',
			entity_type: 'lead',
			is_in_work: '0',
			is_read: '1',
			origin: 'telegram',
		};
		await emit('talk', 'add', 'add_talk', talk);
		await emit('talk', 'update', 'update_talk', {
			...talk,
			is_in_work: '1',
			updated_at: '1631036000',
		});
		await emit('task', 'delete', 'delete_task', {
			id: '60000001',
			element_id: '30000001',
			element_type: '2',
		});
		await emit('task', 'update', 'responsible_task', {
			id: '60000002',
			responsible_user_id: String(AMOCRM_SANDBOX.users.anna),
			old_responsible_user_id: String(AMOCRM_SANDBOX.users.admin),
			last_modified: '1631036001',
		});
		await emit('customers', 'add', 'add_customer', {
			id: '90000001',
			name: 'Постоянный клиент',
			next_price: '5000',
			created_at: '1631036002',
		});
		await emit('leads', 'add', 'add_lead', { id: '30000001', name: 'not subscribed' });
		const items = await delivered();
		expect(items.map((i) => i.event)).toEqual([
			'talk.add',
			'talk.update',
			'task.delete',
			'task.responsible',
			'customer.add',
		]);
		expect(items[0]).toMatchObject({
			entity: 'talk',
			talk_id: 117,
			contact_id: 3372695,
			entity_id: 667999637,
			entity_type: 'lead',
			origin: 'telegram',
		});
		expect(items[0].change_key).toBe('talk:add:117::1631035929');
		expect(items[1].change_key).not.toBe(items[0].change_key);
		expect(items[2]).toMatchObject({ id: 60000001, element_id: 30000001, element_type: 2 });
		expect(items[3]).toMatchObject({
			id: 60000002,
			responsible_user_id: AMOCRM_SANDBOX.users.anna,
			old_responsible_user_id: AMOCRM_SANDBOX.users.admin,
		});
		expect(items[4]).toMatchObject({
			entity: 'customer',
			id: 90000001,
			name: 'Постоянный клиент',
			next_price: '5000',
		});
	});

	it('Incoming Chat Message: refused with a clear error where amoCRM does not take the code, delivered where it does', async () => {
		const refused = await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'subscribe',
			destination: url,
			events: ['add_message'],
		});
		expect(refused.error()?.message).toContain('Unknown event add_message');
		expect((await state(sandbox)).webhooks).toEqual([]);

		await faults(sandbox, { messageHookCode: true });
		await runAmoCrm(sandbox, {
			resource: 'webhook',
			operation: 'subscribe',
			destination: url,
			events: ['add_message'],
		});
		await emit('message', 'add', 'add_message', {
			id: 'amo12345-31ed',
			chat_id: '2f61amo-c914',
			talk_id: '117',
			contact_id: '3372695',
			text: 'Здравствуйте! Сколько стоит доставка?',
			created_at: '1580116931',
			element_type: '2',
			element_id: '667999637',
			author: { id: '7a389', type: 'external', name: 'Иван Иванов' },
			origin: 'telegram',
		});
		const [message] = await delivered();
		expect(message).toMatchObject({
			event: 'message.add',
			entity: 'message',
			id: 'amo12345-31ed',
			talk_id: 117,
			contact_id: 3372695,
			text: 'Здравствуйте! Сколько стоит доставка?',
			element_id: 667999637,
			author: { name: 'Иван Иванов', type: 'external' },
		});
	});
});
