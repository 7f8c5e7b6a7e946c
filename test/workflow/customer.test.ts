import type { IDataObject } from 'n8n-workflow';

import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import {
	apiRequests,
	control,
	credentialsFor,
	faults,
	runAmoCrm,
	seed,
	state,
	useSandbox,
} from './amocrm';
import { callNodeMethod, chain } from './harness';

const sandbox = useSandbox();
const U = AMOCRM_SANDBOX.users;
const CARD = 950001;
const CHANNEL = 950002;
const SITE = 1300101;
const SHOP = 1300102;
const CUSTOMER_FIELDS = [
	{
		id: CARD,
		name: 'Номер карты',
		type: 'text',
		code: 'CARD',
		sort: 10,
		entity_type: 'customers',
		enums: null,
	},
	{
		id: CHANNEL,
		name: 'Канал',
		type: 'select',
		code: null,
		sort: 20,
		entity_type: 'customers',
		enums: [
			{ id: SITE, value: 'Сайт', sort: 1 },
			{ id: SHOP, value: 'Магазин', sort: 2 },
		],
	},
];
// 2026-06-01T00:00:00Z and 2026-05-20T12:00:00Z.
const JUNE_1 = 1780272000;
const MAY_20_NOON = 1779278400;

const rl = (value: number | string) => ({ __rl: true, mode: 'id', value: String(value) });

async function api(
	method: string,
	path: string,
	body?: unknown,
	token: string = AMOCRM_SANDBOX.longLivedToken,
) {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** Customers switched on through amoCRM's documented call, then the request log emptied. */
async function switchOn(mode: 'periodicity' | 'segments') {
	expect((await api('PATCH', '/api/v4/customers/mode', { mode, is_enabled: true })).status).toBe(
		200,
	);
	await control(sandbox, 'DELETE', 'requests');
}

const calls = async () =>
	(await apiRequests(sandbox)).map((r) => ({
		call: `${r.method} ${r.path}`,
		query: r.query,
		body: r.body,
		status: r.status,
	}));
const customer = (
	parameters: IDataObject,
	options: { items?: IDataObject[]; continueOnFail?: boolean } = {},
) => runAmoCrm(sandbox, { resource: 'customer', ...parameters }, options);

describe('customers in the sandbox', () => {
	it('a new account has them switched off: the account says so and every customers call answers 422', async () => {
		expect((await api('GET', '/api/v4/account')).json.customers_mode).toBe('disabled');
		for (const [method, path, body] of [
			['GET', '/api/v4/customers'],
			['POST', '/api/v4/customers', [{ name: 'x', next_date: JUNE_1 }]],
			['GET', '/api/v4/customers/transactions'],
			['GET', '/api/v4/customers/segments'],
			['GET', '/api/v4/customers/custom_fields'],
		] as const) {
			const answer = await api(method, path, body);
			expect([path, answer.status, answer.json.detail]).toEqual([
				path,
				422,
				'Customers are disabled',
			]);
		}
		expect((await state(sandbox)).customers).toEqual([]);
	});

	it('PATCH /customers/mode switches them, for administrators only, and refuses what it does not know', async () => {
		expect(
			(
				await api(
					'PATCH',
					'/api/v4/customers/mode',
					{ mode: 'segments', is_enabled: true },
					AMOCRM_SANDBOX.managerToken,
				)
			).status,
		).toBe(403);
		const bad = await api('PATCH', '/api/v4/customers/mode', {
			mode: 'dynamic',
			is_enabled: true,
			color: 'red',
		});
		expect(bad.status).toBe(400);
		expect(bad.json['validation-errors'][0].errors.map((e: any) => `${e.code} ${e.path}`)).toEqual([
			'NotSupportedField color',
			'NotSupportedChoice mode',
		]);
		expect((await api('GET', '/api/v4/account')).json.customers_mode).toBe('disabled');
		const on = await api('PATCH', '/api/v4/customers/mode', { mode: 'segments', is_enabled: true });
		expect([on.status, on.json]).toEqual([200, { mode: 'segments', is_enabled: true }]);
		expect((await api('GET', '/api/v4/account')).json.customers_mode).toBe('segments');
		await seed(sandbox, { customers_mode: 'unavailable' });
		expect(
			(await api('PATCH', '/api/v4/customers/mode', { mode: 'periodicity', is_enabled: true }))
				.status,
		).toBe(402);
	});

	it('statuses answer only in periodicity mode, segments only in segmentation mode', async () => {
		await seed(sandbox, { customers_mode: 'periodicity' });
		expect(
			(await api('GET', '/api/v4/customers/statuses')).json._embedded.statuses.map((s: any) => [
				s.name,
				s.type,
			]),
		).toEqual([
			['Недавно купили', 4],
			['Ожидается покупка', 1],
			['Не купили', 2],
			['Закрытые', 3],
		]);
		expect((await api('GET', '/api/v4/customers/segments')).status).toBe(422);
		await seed(sandbox, { customers_mode: 'segments' });
		expect((await api('GET', '/api/v4/customers/statuses')).status).toBe(422);
		expect((await api('GET', '/api/v4/customers/segments')).status).toBe(204);
	});

	it('refuses unknown fields, a blank name, a missing next date in periodicity mode, and an unknown custom field, saving nothing', async () => {
		await seed(sandbox, {
			customers_mode: 'periodicity',
			custom_fields: { customers: CUSTOMER_FIELDS },
		});
		const answer = await api('POST', '/api/v4/customers', [
			{ name: 'Хороший', next_date: JUNE_1, request_id: 'a' },
			{ name: '  ', price: 5, request_id: 'b' },
			{
				name: 'Поля',
				next_date: JUNE_1,
				custom_fields_values: [
					{ field_id: 1, values: [{ value: 'x' }] },
					{ field_id: CHANNEL, values: [{ enum_id: 1 }] },
				],
				request_id: 'c',
			},
		]);
		expect(answer.status).toBe(400);
		expect(
			answer.json['validation-errors'].map((v: any) => [
				v.request_id,
				v.errors.map((e: any) => `${e.code} ${e.path}`),
			]),
		).toEqual([
			['b', ['NotSupportedField price', 'NotBlank name', 'NotBlank next_date']],
			[
				'c',
				[
					'NotSupportedChoice custom_fields_values.0.field_id',
					'NotSupportedChoice custom_fields_values.1.values.0.enum_id',
				],
			],
		]);
		expect((await state(sandbox)).customers).toEqual([]);
	});
});

describe('customer', () => {
	beforeEach(async () => {
		await seed(sandbox, { custom_fields: { customers: CUSTOMER_FIELDS } });
		await switchOn('periodicity');
	});

	it('create: customers go in one request, with next purchase, responsible user, tags and custom fields', async () => {
		const { out } = await customer(
			{
				operation: 'create',
				name: '={{$json.name}}',
				additionalFields: {
					nextPrice: '={{$json.price}}',
					nextDate: '2026-06-01T00:00:00Z',
					responsibleUserId: U.anna,
					tags: 'vip, опт',
					customFields: {
						field: [
							{ fieldId: 'CARD', value: '={{$json.card}}' },
							{ fieldId: String(CHANNEL), value: 'Магазин' },
						],
					},
				},
			},
			{
				items: [
					{ name: 'ООО Ромашка', price: 5000, card: 'A-1' },
					{ name: 'ИП Иванов', price: 1200.4, card: 'A-2' },
				],
			},
		);
		const log = await calls();
		expect(log.map((c) => c.call)).toEqual([
			'GET /api/v4/customers/custom_fields',
			'POST /api/v4/customers',
		]);
		const sent = (name: string, price: number, card: string, request: string) => ({
			name,
			next_price: price,
			next_date: JUNE_1,
			responsible_user_id: U.anna,
			custom_fields_values: [
				{ field_id: CARD, values: [{ value: card }] },
				{ field_id: CHANNEL, values: [{ enum_id: SHOP }] },
			],
			_embedded: { tags: [{ name: 'vip' }, { name: 'опт' }] },
			request_id: request,
		});
		expect(log[1].body).toEqual([
			sent('ООО Ромашка', 5000, 'A-1', '0'),
			sent('ИП Иванов', 1200, 'A-2', '1'),
		]);
		const { customers } = await state(sandbox);
		expect(
			customers.map((c: any) => [
				c.id,
				c.name,
				c.next_price,
				c.next_date,
				c.responsible_user_id,
				c.status_id,
				c._embedded.tags.map((t: any) => t.name),
			]),
		).toEqual([
			[90000001, 'ООО Ромашка', 5000, JUNE_1, U.anna, 1300002, ['vip', 'опт']],
			[90000002, 'ИП Иванов', 1200, JUNE_1, U.anna, 1300002, ['vip', 'опт']],
		]);
		expect(customers[0].custom_fields_values.map((f: any) => [f.field_id, f.values])).toEqual([
			[CARD, [{ value: 'A-1' }]],
			[CHANNEL, [{ value: 'Магазин', enum_id: SHOP }]],
		]);
		const { request_id: _r, ...first } = sent('ООО Ромашка', 5000, 'A-1', '0');
		expect(out[0]).toEqual({ id: 90000001, ...first });
		expect(out[1].id).toBe(90000002);
	});

	it('create: many items go in requests of the write batch size, each result on its own item', async () => {
		const items = Array.from({ length: 60 }, (_, n) => ({ n }));
		const { out } = await customer(
			{
				operation: 'create',
				name: '={{"Покупатель " + $json.n}}',
				additionalFields: { nextDate: '2026-06-01T00:00:00Z' },
			},
			{ items },
		);
		expect((await calls()).map((c) => [c.call, c.body.length])).toEqual([
			['POST /api/v4/customers', 50],
			['POST /api/v4/customers', 10],
		]);
		const { customers } = await state(sandbox);
		const names = new Map(customers.map((c: any) => [c.id, c.name]));
		out.forEach((o, n) => expect(names.get(o.id)).toBe(`Покупатель ${n}`));
	});

	it('create: a blank name and an unknown custom field stop the item before anything is sent', async () => {
		const blank = await customer({
			operation: 'create',
			name: '   ',
			additionalFields: { nextDate: '2026-06-01T00:00:00Z' },
		});
		expect(blank.error()?.message).toBe('A customer needs a name');
		const unknownField = await customer({
			operation: 'create',
			name: 'Покупатель',
			additionalFields: { customFields: { field: [{ fieldId: 'NOPE', value: '1' }] } },
		});
		expect(unknownField.error()?.message).toBe(
			'The customers custom field "NOPE" does not exist in this amoCRM account',
		);
		expect((unknownField.error() as any).description).toBe('Known fields: CARD, Канал (950002).');
		expect((await calls()).map((c) => c.call)).toEqual(['GET /api/v4/customers/custom_fields']);
		const mixed = await customer(
			{
				operation: 'create',
				name: '={{$json.name}}',
				additionalFields: { nextDate: '2026-06-01T00:00:00Z' },
			},
			{ items: [{ name: '' }, { name: 'Настоящий' }], continueOnFail: true },
		);
		expect(mixed.out).toEqual([
			expect.objectContaining({ error: 'A customer needs a name' }),
			expect.objectContaining({ id: 90000001, name: 'Настоящий' }),
		]);
		expect((await state(sandbox)).customers.map((c: any) => c.name)).toEqual(['Настоящий']);
	});

	it('create: without a next purchase date amoCRM refuses a customer of a periodic-purchases account, naming the field', async () => {
		const result = await customer(
			{ operation: 'create', name: 'Без даты' },
			{ continueOnFail: true },
		);
		expect(result.out).toEqual([
			expect.objectContaining({
				error: 'amoCRM rejected the data: next_date: This value should not be blank.',
			}),
		]);
		expect((await state(sandbox)).customers).toEqual([]);
	});

	it('update: customers change in one request; tags are added to the ones they have', async () => {
		await seed(sandbox, {
			customers: [
				{ id: 90000011, name: 'Первый', next_date: JUNE_1, tags: ['old'] },
				{ id: 90000012, name: 'Второй', next_date: JUNE_1 },
			],
		});
		const { out } = await customer(
			{
				operation: 'update',
				customerId: rl('={{$json.id}}'),
				updateFields: {
					name: '={{$json.name}}',
					nextPrice: 700,
					nextDate: '2026-05-20T12:00:00Z',
					tags: 'new',
					customFields: { field: [{ fieldId: 'CARD', value: 'B-7' }] },
				},
			},
			{
				items: [
					{ id: 90000011, name: 'Первый покупатель' },
					{ id: 90000012, name: '' },
				],
			},
		);
		const log = await calls();
		expect(log.map((c) => c.call)).toEqual([
			'GET /api/v4/customers/custom_fields',
			'PATCH /api/v4/customers',
		]);
		const change = {
			next_price: 700,
			next_date: MAY_20_NOON,
			custom_fields_values: [{ field_id: CARD, values: [{ value: 'B-7' }] }],
			tags_to_add: [{ name: 'new' }],
		};
		expect(log[1].body).toEqual([
			{ id: 90000011, name: 'Первый покупатель', ...change, request_id: '0' },
			{ id: 90000012, ...change, request_id: '1' },
		]);
		const { customers } = await state(sandbox);
		expect(
			customers.map((c: any) => [
				c.name,
				c.next_price,
				c.next_date,
				c._embedded.tags.map((t: any) => t.name),
				c.custom_fields_values[0].values[0].value,
			]),
		).toEqual([
			['Первый покупатель', 700, MAY_20_NOON, ['old', 'new'], 'B-7'],
			['Второй', 700, MAY_20_NOON, ['new'], 'B-7'],
		]);
		// amoCRM's example answers under `_embedded.leads`: the times still reach the items.
		expect(out).toEqual([
			{ id: 90000011, name: 'Первый покупатель', ...change, updated_at: customers[0].updated_at },
			{ id: 90000012, ...change, updated_at: customers[1].updated_at },
		]);
	});

	it('update: a customer that does not exist is named on its item; the others are written', async () => {
		await seed(sandbox, { customers: [{ id: 90000011, name: 'Есть', next_date: JUNE_1 }] });
		const { out } = await customer(
			{ operation: 'update', customerId: rl('={{$json.id}}'), updateFields: { nextPrice: 10 } },
			{ items: [{ id: 90009999 }, { id: 90000011 }], continueOnFail: true },
		);
		expect(out[0]).toEqual(
			expect.objectContaining({ error: 'amoCRM has no customer with ID 90009999' }),
		);
		expect(out[1]).toEqual(expect.objectContaining({ id: 90000011, next_price: 10 }));
		expect((await state(sandbox)).customers[0].next_price).toBe(10);
		expect((await calls()).map((c) => [c.call, c.status, c.query.filter?.id])).toEqual([
			['PATCH /api/v4/customers', 400, undefined],
			['PATCH /api/v4/customers', 200, undefined],
			['GET /api/v4/customers', 204, { 0: '90009999' }],
		]);
	});

	it('get: one customer, simplified or as amoCRM gives it; an unknown ID is a clear error', async () => {
		await seed(sandbox, {
			customers: [
				{
					id: 90000011,
					name: 'Постоянный',
					next_price: 5000,
					next_date: JUNE_1,
					responsible_user_id: U.boris,
					tags: ['vip'],
					custom_fields_values: [{ field_id: CHANNEL, values: [{ enum_id: SITE }] }],
				},
			],
			customer_transactions: [
				{ id: 91000001, customer_id: 90000011, price: 3000 },
				{ id: 91000002, customer_id: 90000011, price: 1001 },
			],
		});
		const simple = await customer({ operation: 'get', customerId: rl(90000011) });
		expect(simple.out).toEqual([
			{
				id: 90000011,
				name: 'Постоянный',
				next_price: 5000,
				next_date: JUNE_1,
				responsible_user_id: U.boris,
				status_id: 1300002,
				periodicity: 0,
				ltv: 4001,
				purchases_count: 2,
				average_check: 2001,
				created_at: expect.any(Number),
				updated_at: expect.any(Number),
				closest_task_at: null,
				tags: ['vip'],
				segment_ids: [],
				custom_fields: { Канал: 'Сайт' },
			},
		]);
		const raw = await customer({ operation: 'get', customerId: rl(90000011), simplify: false });
		expect(raw.out[0]).toEqual(
			expect.objectContaining({
				id: 90000011,
				ltv: 4001,
				_embedded: { tags: [expect.objectContaining({ name: 'vip' })] },
			}),
		);
		expect(raw.out[0]._links).toBeUndefined();
		expect((await calls()).map((c) => c.call)).toEqual([
			'GET /api/v4/customers/90000011',
			'GET /api/v4/customers/90000011',
		]);
		const unknown = await customer({ operation: 'get', customerId: rl(90009999) });
		expect(unknown.error()?.message).toBe('amoCRM has no customer with ID 90009999');
	});

	it('get many: full-text query and IDs, a limit, and IDs kept even where amoCRM ignores the filter', async () => {
		await seed(sandbox, {
			customers: [
				{ id: 90000011, name: 'Ромашка', next_date: JUNE_1 },
				{
					id: 90000012,
					name: 'Лютик',
					next_date: JUNE_1,
					custom_fields_values: [{ field_id: CARD, values: [{ value: 'РОМ-2' }] }],
				},
				{ id: 90000013, name: 'Василёк', next_date: JUNE_1 },
			],
		});
		const found = await customer({
			operation: 'getAll',
			returnAll: true,
			filters: { query: 'ром' },
		});
		expect(found.out.map((c) => [c.id, c.custom_fields])).toEqual([
			[90000011, {}],
			[90000012, { 'Номер карты': 'РОМ-2' }],
		]);
		const limited = await customer({ operation: 'getAll', limit: 2 });
		expect(limited.out.map((c) => c.id)).toEqual([90000011, 90000012]);
		const byIds = await customer({
			operation: 'getAll',
			returnAll: true,
			filters: { ids: '90000013, 90000011' },
		});
		expect(byIds.out.map((c) => c.id)).toEqual([90000011, 90000013]);
		expect((await calls()).map((c) => [c.call, c.query])).toEqual([
			['GET /api/v4/customers', { query: 'ром', page: '1', limit: '250' }],
			['GET /api/v4/customers', { page: '1', limit: '2' }],
			[
				'GET /api/v4/customers',
				{ filter: { id: { 0: '90000013', 1: '90000011' } }, page: '1', limit: '250' },
			],
		]);
		await faults(sandbox, { filtersIgnored: 'all' });
		const ignored = await customer({ operation: 'getAll', limit: 5, filters: { ids: '90000012' } });
		expect(ignored.out.map((c) => c.id)).toEqual([90000012]);
		const none = await customer({
			operation: 'getAll',
			returnAll: true,
			filters: { query: 'нет такого' },
		});
		expect(none.out).toEqual([]);
	});

	it('add transaction: purchases go in one request per customer, and move its value and next purchase', async () => {
		await seed(sandbox, {
			customers: [
				{ id: 90000011, name: 'А', next_date: JUNE_1 },
				{ id: 90000012, name: 'Б', next_date: JUNE_1, next_price: 50 },
			],
		});
		const { out } = await customer(
			{
				operation: 'addTransaction',
				customerId: rl('={{$json.customer}}'),
				price: '={{$json.price}}',
				additionalFields: {
					comment: '={{$json.comment}}',
					completedAt: '2026-05-20T12:00:00Z',
					nextPrice: '={{$json.next}}',
					nextDate: '2026-06-01T00:00:00Z',
				},
			},
			{
				items: [
					{ customer: 90000011, price: 1000, comment: 'Заказ 1', next: 1500 },
					{ customer: 90000012, price: 300, comment: '', next: '' },
					{ customer: 90000011, price: 2001, comment: 'Заказ 3', next: 900 },
				],
			},
		);
		const log = await calls();
		expect(log.map((c) => [c.call, c.query, c.body])).toEqual([
			[
				'POST /api/v4/customers/90000011/transactions',
				{},
				[
					{
						price: 1000,
						comment: 'Заказ 1',
						completed_at: MAY_20_NOON,
						next_price: 1500,
						next_date: JUNE_1,
						request_id: '0',
					},
					{
						price: 2001,
						comment: 'Заказ 3',
						completed_at: MAY_20_NOON,
						next_price: 900,
						next_date: JUNE_1,
						request_id: '2',
					},
				],
			],
			[
				'POST /api/v4/customers/90000012/transactions',
				{},
				[{ price: 300, completed_at: MAY_20_NOON, next_date: JUNE_1, request_id: '1' }],
			],
		]);
		const { customers, customer_transactions: transactions } = await state(sandbox);
		expect(
			transactions.map((t: any) => [t.id, t.customer_id, t.price, t.comment, t.completed_at]),
		).toEqual([
			[91000001, 90000011, 1000, 'Заказ 1', MAY_20_NOON],
			[91000002, 90000011, 2001, 'Заказ 3', MAY_20_NOON],
			[91000003, 90000012, 300, null, MAY_20_NOON],
		]);
		expect(
			customers.map((c: any) => [
				c.id,
				c.ltv,
				c.purchases_count,
				c.average_check,
				c.next_price,
				c.next_date,
			]),
		).toEqual([
			[90000011, 3001, 2, 1501, 900, JUNE_1],
			[90000012, 300, 1, 300, 50, JUNE_1],
		]);
		// amoCRM's example answers under `_embedded.customers`: the IDs still reach the items.
		expect(out).toEqual([
			{
				id: 91000001,
				customer_id: 90000011,
				price: 1000,
				comment: 'Заказ 1',
				completed_at: MAY_20_NOON,
				next_price: 1500,
				next_date: JUNE_1,
			},
			{
				id: 91000003,
				customer_id: 90000012,
				price: 300,
				completed_at: MAY_20_NOON,
				next_date: JUNE_1,
			},
			{
				id: 91000002,
				customer_id: 90000011,
				price: 2001,
				comment: 'Заказ 3',
				completed_at: MAY_20_NOON,
				next_price: 900,
				next_date: JUNE_1,
			},
		]);
	});

	it('add transaction: purchases of a customer that does not exist fail on their items; the others are saved', async () => {
		await seed(sandbox, { customers: [{ id: 90000011, name: 'А', next_date: JUNE_1 }] });
		const { out } = await customer(
			{ operation: 'addTransaction', customerId: rl('={{$json.customer}}'), price: 100 },
			{ items: [{ customer: 90009999 }, { customer: 90000011 }], continueOnFail: true },
		);
		expect(out[0]).toEqual(
			expect.objectContaining({ error: 'amoCRM has no customer with ID 90009999' }),
		);
		expect(out[1]).toEqual({ id: 91000001, customer_id: 90000011, price: 100 });
		expect((await calls()).map((c) => `${c.call} ${c.status}`)).toEqual([
			'POST /api/v4/customers/90009999/transactions 404',
			'POST /api/v4/customers/90000011/transactions 200',
			'GET /api/v4/account 200',
			'GET /api/v4/customers/90009999 204',
		]);
		const negative = await customer({
			operation: 'addTransaction',
			customerId: rl(90000011),
			price: -5,
		});
		expect(negative.error()?.message).toBe('"-5" is not a usable purchase amount');
		const missing = await customer({
			operation: 'addTransaction',
			customerId: rl(90000011),
			price: '={{$json.nothing}}',
		});
		expect(missing.error()?.message).toBe('A transaction needs an amount');
		expect((await state(sandbox)).customer_transactions).toHaveLength(1);
	});

	it('get transactions: of one customer or of all, by IDs, simplified or as amoCRM gives them', async () => {
		await seed(sandbox, {
			customers: [
				{ id: 90000011, name: 'А', next_date: JUNE_1 },
				{ id: 90000012, name: 'Б', next_date: JUNE_1 },
				{ id: 90000013, name: 'В', next_date: JUNE_1 },
			],
			customer_transactions: [
				{
					id: 91000001,
					customer_id: 90000011,
					price: 100,
					comment: 'раз',
					completed_at: MAY_20_NOON,
					created_at: MAY_20_NOON,
				},
				{
					id: 91000002,
					customer_id: 90000012,
					price: 200,
					completed_at: MAY_20_NOON,
					created_at: MAY_20_NOON,
				},
				{
					id: 91000003,
					customer_id: 90000011,
					price: 300,
					completed_at: MAY_20_NOON,
					created_at: MAY_20_NOON,
				},
			],
		});
		const one = await customer({
			operation: 'getTransactions',
			scope: 'customer',
			customerId: rl(90000011),
			returnAll: true,
		});
		expect(one.out).toEqual([
			{
				id: 91000001,
				customer_id: 90000011,
				price: 100,
				comment: 'раз',
				completed_at: MAY_20_NOON,
				created_by: 0,
				created_at: MAY_20_NOON,
			},
			{
				id: 91000003,
				customer_id: 90000011,
				price: 300,
				comment: null,
				completed_at: MAY_20_NOON,
				created_by: 0,
				created_at: MAY_20_NOON,
			},
		]);
		const all = await customer({
			operation: 'getTransactions',
			scope: 'all',
			limit: 10,
			filters: { ids: '91000002,91000003' },
			simplify: false,
		});
		expect(all.out.map((t) => [t.id, t.customer_id, t._embedded])).toEqual([
			[91000002, 90000012, { customer: { id: 90000012 } }],
			[91000003, 90000011, { customer: { id: 90000011 } }],
		]);
		expect(all.out[0]._links).toBeUndefined();
		const none = await customer({
			operation: 'getTransactions',
			scope: 'customer',
			customerId: rl(90000013),
			returnAll: true,
		});
		expect(none.out).toEqual([]);
		expect((await calls()).map((c) => [c.call, c.query])).toEqual([
			['GET /api/v4/customers/90000011/transactions', { page: '1', limit: '250' }],
			[
				'GET /api/v4/customers/transactions',
				{ filter: { id: { 0: '91000002', 1: '91000003' } }, page: '1', limit: '10' },
			],
			['GET /api/v4/customers/90000013/transactions', { page: '1', limit: '250' }],
			['GET /api/v4/account', {}],
			['GET /api/v4/customers/90000013', {}],
		]);
		const unknown = await customer({
			operation: 'getTransactions',
			scope: 'customer',
			customerId: rl(90009999),
			returnAll: true,
		});
		expect(unknown.error()?.message).toBe('amoCRM has no customer with ID 90009999');
	});

	it('delete transaction: the purchase goes and the customer’s value drops; an unknown one is a clear error', async () => {
		await seed(sandbox, {
			customers: [{ id: 90000011, name: 'А', next_date: JUNE_1 }],
			customer_transactions: [
				{ id: 91000001, customer_id: 90000011, price: 100 },
				{ id: 91000002, customer_id: 90000011, price: 300 },
			],
		});
		const { out } = await customer(
			{ operation: 'deleteTransaction', transactionId: '={{$json.id}}' },
			{ items: [{ id: 91000001 }, { id: 91009999 }, { id: 'abc' }], continueOnFail: true },
		);
		expect(out).toEqual([
			{ id: 91000001, deleted: true },
			expect.objectContaining({ error: 'amoCRM has no transaction with ID 91009999' }),
			expect.objectContaining({ error: '"abc" is not a transaction ID' }),
		]);
		expect((await calls()).map((c) => `${c.call} ${c.status}`)).toEqual([
			'DELETE /api/v4/customers/transactions/91000001 204',
			'DELETE /api/v4/customers/transactions/91009999 400',
			'GET /api/v4/account 200',
			'GET /api/v4/customers/transactions/91009999 204',
		]);
		const { customers, customer_transactions: transactions } = await state(sandbox);
		expect(transactions.map((t: any) => [t.id, t.is_deleted])).toEqual([
			[91000001, true],
			[91000002, false],
		]);
		expect([customers[0].ltv, customers[0].purchases_count, customers[0].average_check]).toEqual([
			300, 1, 300,
		]);
	});

	it('get segments: the segments of a segmentation account; a periodic-purchases account is told segments are not there', async () => {
		const periodic = await customer({ operation: 'getSegments', returnAll: true });
		expect(periodic.error()?.message).toBe(
			'This amoCRM account tracks customers by periodic purchases: segments exist only in segmentation mode',
		);
		expect((await calls()).map((c) => `${c.call} ${c.status}`)).toEqual([
			'GET /api/v4/customers/segments 422',
			'GET /api/v4/account 200',
		]);
		await switchOn('segments');
		await seed(sandbox, {
			customer_segments: [
				{ id: 92001, name: 'Постоянные', color: '6610f2' },
				{ id: 92002, name: 'Новые', color: '4a001f' },
			],
			customers: [{ id: 90000011, name: 'А', segment_ids: [92001] }],
		});
		const { out } = await customer({ operation: 'getSegments', returnAll: true });
		expect(out).toEqual([
			expect.objectContaining({
				id: 92001,
				name: 'Постоянные',
				color: '6610f2',
				customers_count: 1,
				available_products_price_types: [],
			}),
			expect.objectContaining({ id: 92002, name: 'Новые', customers_count: 0 }),
		]);
		expect(out[0]._links).toBeUndefined();
		expect((await calls()).map((c) => [c.call, c.query])).toEqual([
			['GET /api/v4/customers/segments', { page: '1', limit: '250' }],
		]);
		const simple = await customer({ operation: 'get', customerId: rl(90000011) });
		expect(simple.out[0]).toEqual(
			expect.objectContaining({ segment_ids: [92001], status_id: null }),
		);
	});

	it('the customer locator and the custom field dropdown list the account’s customers and fields', async () => {
		await seed(sandbox, {
			customers: [
				{ id: 90000011, name: 'Ромашка', next_date: JUNE_1 },
				{ id: 90000012, name: 'Лютик', next_date: JUNE_1 },
			],
		});
		const workflow = chain([
			{ name: 'amoCRM', parameters: { resource: 'customer', operation: 'get' } as never },
		]);
		const found = await callNodeMethod(
			workflow,
			'amoCRM',
			credentialsFor(sandbox),
			'listSearch',
			'searchCustomers',
			'ром',
		);
		expect(found.results).toEqual([
			{ name: 'Ромашка', value: '90000011', url: `${sandbox.url}/customers/detail/90000011` },
		]);
		const fields = await callNodeMethod(
			workflow,
			'amoCRM',
			credentialsFor(sandbox),
			'loadOptions',
			'getCustomerCustomFields',
		);
		expect(fields).toEqual([
			{ name: 'Канал', value: CHANNEL, description: 'select' },
			{ name: 'Номер карты (CARD)', value: 'CARD', description: 'text' },
		]);
	});
});

describe('customer, with customers switched off', () => {
	const operations: Array<[string, IDataObject]> = [
		['create', { name: 'Покупатель', additionalFields: { nextDate: '2026-06-01T00:00:00Z' } }],
		[
			'create',
			{
				name: 'Покупатель',
				additionalFields: { customFields: { field: [{ fieldId: 'CARD', value: '1' }] } },
			},
		],
		['update', { customerId: rl(90000011), updateFields: { nextPrice: 5 } }],
		['get', { customerId: rl(90000011) }],
		['getAll', { returnAll: true }],
		['addTransaction', { customerId: rl(90000011), price: 100 }],
		['getTransactions', { scope: 'all', returnAll: true }],
		['getTransactions', { scope: 'customer', customerId: rl(90000011), returnAll: true }],
		['deleteTransaction', { transactionId: '91000001' }],
		['getSegments', { returnAll: true }],
	];

	it.each(operations)('%s says so, and where to switch them on', async (operation, parameters) => {
		const result = await customer({ operation, ...parameters });
		expect(result.error()?.message).toBe('Customers are switched off in this amoCRM account');
		expect((result.error() as any).description).toBe(
			'An account administrator switches them on in amoCRM under Settings → General settings → Customers («Покупатели»), choosing periodic purchases or segmentation.',
		);
		const log = await calls();
		expect(log[0]).toEqual(expect.objectContaining({ status: 422 }));
		expect(log.at(-1)?.call).toBe('GET /api/v4/account');
	});

	it('continues on fail with the message on every item; an account without customers on its plan says that', async () => {
		const { out } = await customer(
			{ operation: 'addTransaction', customerId: rl('={{$json.id}}'), price: 1 },
			{ items: [{ id: 90000011 }, { id: 90000012 }], continueOnFail: true },
		);
		expect(out.map((o) => o.error)).toEqual([
			'Customers are switched off in this amoCRM account',
			'Customers are switched off in this amoCRM account',
		]);
		expect((await calls()).filter((c) => c.call === 'GET /api/v4/account')).toHaveLength(1);
		await seed(sandbox, { customers_mode: 'unavailable' });
		const unavailable = await customer({ operation: 'getAll', returnAll: true });
		expect(unavailable.error()?.message).toBe('Customers are not available in this amoCRM account');
	});
});
