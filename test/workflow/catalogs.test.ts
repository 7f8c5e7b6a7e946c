// Catalogs (amoCRM's lists), their elements, and products on leads, against the sandbox's lists section.
import type { IDataObject } from 'n8n-workflow';

import {
	apiRequests,
	credentialsFor,
	faults,
	requests,
	runAmoCrm,
	seed,
	state,
	useSandbox,
} from './amocrm';
import { callNodeMethod, chain } from './harness';

const sandbox = useSandbox();

const PRODUCTS = 5001;
const SERVICES = 5002;
const PHONE = 90000101;
const CASE = 90000102;
const SETUP = 90000201;
const LEADS = [30000101, 30000102, 30000103];
/** Fields the sandbox seeds on the services catalog (the products catalog gets amoCRM's predefined ones). */
const WHOLESALE = 980001;
const LEVEL = 980002;
const HOURS = 980003;

const field = (id: number, name: string, type: string, extra: IDataObject = {}) => ({
	id,
	name,
	type,
	code: null,
	sort: 100,
	entity_type: 'catalogs',
	enums: null,
	is_visible: true,
	is_required: false,
	...extra,
});

beforeEach(async () => {
	await seed(sandbox, {
		catalogs: [
			{ id: PRODUCTS, name: 'Товары', type: 'products' },
			{ id: SERVICES, name: 'Услуги', type: 'regular', can_link_multiple: false },
		],
		catalog_custom_fields: {
			[PRODUCTS]: [field(WHOLESALE, 'Оптовая цена', 'price')],
			[SERVICES]: [
				field(LEVEL, 'Уровень', 'category', {
					nested: [
						{ id: 1300001, parent_id: null, value: 'Базовый', sort: 1 },
						{ id: 1300002, parent_id: null, value: 'Премиум', sort: 2 },
					],
				}),
				field(HOURS, 'Часы', 'numeric'),
			],
		},
		catalog_elements: [
			{
				id: PHONE,
				catalog_id: PRODUCTS,
				name: 'Телефон X',
				custom_fields_values: [
					{ field_code: 'SKU', values: [{ value: 'PH-X' }] },
					{ field_code: 'PRICE', values: [{ value: 12000 }] },
					{ field_id: WHOLESALE, values: [{ value: '10000' }] },
				],
			},
			{
				id: CASE,
				catalog_id: PRODUCTS,
				name: 'Чехол',
				custom_fields_values: [
					{ field_code: 'SKU', values: [{ value: 'CASE-1' }] },
					{ field_code: 'PRICE', values: [{ value: '990.5' }] },
				],
			},
			{ id: SETUP, catalog_id: SERVICES, name: 'Настройка' },
		],
		leads: LEADS.map((id, i) => ({ id, name: `Сделка ${i + 1}` })),
	});
	await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE' });
});

/** The ID of a predefined field of the products catalog. */
const productField = async (code: string): Promise<number> =>
	(await state(sandbox)).catalog_custom_fields[PRODUCTS].find((f: any) => f.code === code).id;
const calls = async () => (await apiRequests(sandbox)).map((r) => `${r.method} ${r.path}`);
const elementLinks = async () =>
	(await state(sandbox)).links
		.filter((l: any) => l.to_entity_type === 'catalog_elements')
		.map((l: any) => [l.entity_id, l.to_entity_id, l.metadata]);

describe('catalog', () => {
	it('get many lists the catalogs without HAL links, and can keep one type', async () => {
		const all = await runAmoCrm(sandbox, { resource: 'catalog', operation: 'getAll' });
		expect(all.out.map((c) => [c.id, c.name, c.type])).toEqual([
			[PRODUCTS, 'Товары', 'products'],
			[SERVICES, 'Услуги', 'regular'],
		]);
		expect(all.out[1]).toMatchObject({
			can_link_multiple: false,
			can_add_elements: true,
			sort: 20,
		});
		expect(JSON.stringify(all.out)).not.toContain('_links');
		const products = await runAmoCrm(sandbox, {
			resource: 'catalog',
			operation: 'getAll',
			filters: { type: 'products' },
		});
		expect(products.out.map((c) => c.id)).toEqual([PRODUCTS]);
		const reads = await apiRequests(sandbox);
		expect(reads.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/api/v4/catalogs', { page: '1', limit: '250' }],
			['GET', '/api/v4/catalogs', { page: '1', limit: '250' }],
		]);
	});

	it('get reads one catalog; an unknown ID is a clear error', async () => {
		const one = await runAmoCrm(sandbox, {
			resource: 'catalog',
			operation: 'get',
			catalogId: SERVICES,
		});
		expect(one.out).toEqual([
			expect.objectContaining({ id: SERVICES, name: 'Услуги', type: 'regular' }),
		]);
		expect(one.out[0]._links).toBeUndefined();
		const unknown = await runAmoCrm(sandbox, {
			resource: 'catalog',
			operation: 'get',
			catalogId: 4999,
		});
		expect(unknown.error()?.message).toBe('amoCRM has no catalog with ID 4999');
		expect(await calls()).toEqual([
			`GET /api/v4/catalogs/${SERVICES}`,
			'GET /api/v4/catalogs/4999',
		]);
	});

	it('create writes several catalogs in one request', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'catalog',
				operation: 'create',
				name: '={{$json.name}}',
				type: '={{$json.type}}',
				options: { canLinkMultiple: false, sort: 50 },
			},
			{
				items: [
					{ name: ' Тарифы ', type: 'regular' },
					{ name: 'Счета', type: 'invoices' },
				],
			},
		);
		const writes = (await apiRequests(sandbox)).filter((r) => r.method === 'POST');
		expect(writes).toHaveLength(1);
		expect(writes[0].path).toBe('/api/v4/catalogs');
		expect(writes[0].body).toEqual([
			{ name: 'Тарифы', type: 'regular', sort: 50, can_link_multiple: false, request_id: '0' },
			{ name: 'Счета', type: 'invoices', sort: 50, can_link_multiple: false, request_id: '1' },
		]);
		expect(out).toEqual([
			expect.objectContaining({
				id: 5003,
				name: 'Тарифы',
				type: 'regular',
				can_link_multiple: false,
				sort: 50,
			}),
			expect.objectContaining({ id: 5004, name: 'Счета', type: 'invoices' }),
		]);
		expect(out[0].request_id).toBeUndefined();
		expect((await state(sandbox)).catalogs.map((c: any) => c.name)).toEqual([
			'Товары',
			'Услуги',
			'Тарифы',
			'Счета',
		]);
	});

	it('a second products catalog is refused on its item; the other catalog is created once', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'catalog',
				operation: 'create',
				name: '={{$json.name}}',
				type: '={{$json.type}}',
			},
			{
				items: [
					{ name: 'Тарифы', type: 'regular' },
					{ name: 'Ещё товары', type: 'products' },
				],
				continueOnFail: true,
			},
		);
		expect(out[1].error).toBe(
			'amoCRM rejected the data: type: The account already has a list of type products.',
		);
		expect(out[0]).toMatchObject({ name: 'Тарифы', type: 'regular' });
		// amoCRM refused the whole batch: the newest catalogs were read before the valid one was sent again.
		expect(await calls()).toEqual([
			'POST /api/v4/catalogs',
			'GET /api/v4/catalogs',
			'POST /api/v4/catalogs',
		]);
		expect((await state(sandbox)).catalogs.map((c: any) => c.name)).toEqual([
			'Товары',
			'Услуги',
			'Тарифы',
		]);
	});

	it('an 11th catalog is refused with amoCRM’s limit named, and nothing is created', async () => {
		await seed(sandbox, {
			catalogs: Array.from({ length: 8 }, (_, i) => ({ name: `Список ${i + 1}` })),
		});
		const result = await runAmoCrm(sandbox, {
			resource: 'catalog',
			operation: 'create',
			name: 'Одиннадцатый',
			type: 'regular',
		});
		expect(result.error()?.message).toBe(
			'amoCRM rejected the data: An account can have at most 10 lists.',
		);
		expect((await state(sandbox)).catalogs).toHaveLength(10);
	});

	it('a catalog without a name is refused before anything is sent', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'catalog',
			operation: 'create',
			name: '  ',
			type: 'regular',
		});
		expect(result.error()?.message).toBe('A catalog needs a name');
		expect(await calls()).toEqual([]);
	});

	it('update writes several catalogs in one request, sending the current name where none is given', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'catalog',
				operation: 'update',
				catalogId: '={{$json.id}}',
				updateFields: { name: '={{$json.name}}', sort: '={{$json.sort}}' },
			},
			{
				items: [
					{ id: PRODUCTS, name: 'Товары и услуги', sort: 5 },
					{ id: SERVICES, name: '', sort: 7 },
				],
			},
		);
		const requests = await apiRequests(sandbox);
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v4/catalogs',
			'PATCH /api/v4/catalogs',
		]);
		expect(requests[1].body).toEqual([
			{ id: PRODUCTS, name: 'Товары и услуги', sort: 5, request_id: '0' },
			{ id: SERVICES, name: 'Услуги', sort: 7, request_id: '1' },
		]);
		expect(out).toEqual([
			expect.objectContaining({ id: PRODUCTS, name: 'Товары и услуги', sort: 5 }),
			expect.objectContaining({ id: SERVICES, name: 'Услуги', sort: 7 }),
		]);
		expect((await state(sandbox)).catalogs.map((c: any) => [c.name, c.sort])).toEqual([
			['Товары и услуги', 5],
			['Услуги', 7],
		]);
	});

	it('update of an unknown catalog is refused on its item before anything is written', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'catalog',
				operation: 'update',
				catalogId: '={{$json.id}}',
				updateFields: { name: 'x' },
			},
			{ items: [{ id: 4999 }, { id: SERVICES }], continueOnFail: true },
		);
		expect(out[0].error).toBe('amoCRM has no catalog with ID 4999');
		expect(out[1]).toMatchObject({ id: SERVICES, name: 'x' });
		const patch = (await apiRequests(sandbox)).find((r) => r.method === 'PATCH')!;
		expect(patch.body).toEqual([{ id: SERVICES, name: 'x', request_id: '1' }]);
	});
});

describe('catalog element: read', () => {
	it('get many searches with query and keeps to the limit', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'getAll',
			catalogId: PRODUCTS,
			limit: 10,
			filters: { query: 'чехол' },
		});
		expect(out).toEqual([
			{
				id: CASE,
				catalog_id: PRODUCTS,
				name: 'Чехол',
				created_at: expect.any(Number),
				updated_at: expect.any(Number),
				custom_fields: { SKU: 'CASE-1', Price: '990.5' },
			},
		]);
		const read = (await apiRequests(sandbox)).at(-1)!;
		expect([read.method, read.path, read.query]).toEqual([
			'GET',
			`/api/v4/catalogs/${PRODUCTS}/elements`,
			{ query: 'чехол', page: '1', limit: '10' },
		]);

		const bySku = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'getAll',
			catalogId: PRODUCTS,
			returnAll: true,
			filters: { query: 'ph-x' },
		});
		expect(bySku.out.map((e) => e.id)).toEqual([PHONE]);
		const limited = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'getAll',
			catalogId: PRODUCTS,
			limit: 1,
		});
		expect(limited.out.map((e) => e.id)).toEqual([PHONE]);
		const byIds = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'getAll',
			catalogId: PRODUCTS,
			returnAll: true,
			simplify: false,
			filters: { ids: `${CASE}, x` },
		});
		expect(byIds.out).toEqual([
			expect.objectContaining({
				id: CASE,
				is_deleted: false,
				custom_fields_values: expect.any(Array),
			}),
		]);
		expect((await apiRequests(sandbox)).at(-1)!.query).toEqual({
			filter: { id: { 0: String(CASE) } },
			page: '1',
			limit: '250',
		});
	});

	it('get reads one element; unknown elements and catalogs are clear errors', async () => {
		const one = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'get',
			catalogId: PRODUCTS,
			elementId: String(PHONE),
		});
		expect(one.out[0]).toMatchObject({
			id: PHONE,
			name: 'Телефон X',
			custom_fields: { SKU: 'PH-X', Price: '12000', 'Оптовая цена': '10000' },
		});
		expect(await calls()).toEqual([
			'GET /api/v4/catalogs',
			`GET /api/v4/catalogs/${PRODUCTS}/elements/${PHONE}`,
		]);
		const unknown = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'get',
			catalogId: PRODUCTS,
			elementId: String(SETUP),
		});
		expect(unknown.error()?.message).toBe(`Catalog ${PRODUCTS} has no element with ID ${SETUP}`);
		const noCatalog = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'get',
			catalogId: 4999,
			elementId: String(PHONE),
		});
		expect(noCatalog.error()?.message).toBe('amoCRM has no catalog with ID 4999');
		const notAnId = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'get',
			catalogId: PRODUCTS,
			elementId: 'Чехол',
		});
		expect(notAnId.error()?.message).toBe('"Чехол" is not an element ID');
	});
});

describe('catalog element: write', () => {
	it('create writes the elements of each catalog in one request, fields shaped by their types', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'catalogElement',
				operation: 'create',
				catalogId: '={{$json.catalog}}',
				name: '={{$json.name}}',
				customFields: {
					field: [
						{ fieldId: '={{$json.a}}', value: '={{$json.av}}' },
						{ fieldId: '={{$json.b}}', value: '={{$json.bv}}' },
					],
				},
			},
			{
				items: [
					{ catalog: PRODUCTS, name: 'Зарядка', a: 'SKU', av: 'CH-1', b: 'PRICE', bv: '1 500,5' },
					{
						catalog: SERVICES,
						name: 'Обучение',
						a: String(LEVEL),
						av: 'премиум',
						b: String(HOURS),
						bv: '3',
					},
					{ catalog: PRODUCTS, name: 'Кабель', a: String(WHOLESALE), av: '300', b: 'SKU', bv: '' },
				],
			},
		);
		const posts = (await apiRequests(sandbox)).filter((r) => r.method === 'POST');
		expect(posts.map((r) => [r.path, r.body])).toEqual([
			[
				`/api/v4/catalogs/${PRODUCTS}/elements`,
				[
					{
						name: 'Зарядка',
						custom_fields_values: [
							{ field_id: await productField('SKU'), values: [{ value: 'CH-1' }] },
							{ field_id: await productField('PRICE'), values: [{ value: 1500.5 }] },
						],
						request_id: '0',
					},
					{
						name: 'Кабель',
						custom_fields_values: [{ field_id: WHOLESALE, values: [{ value: '300' }] }],
						request_id: '2',
					},
				],
			],
			[
				`/api/v4/catalogs/${SERVICES}/elements`,
				[
					{
						name: 'Обучение',
						custom_fields_values: [
							{ field_id: LEVEL, values: [{ enum_id: 1300002 }] },
							{ field_id: HOURS, values: [{ value: 3 }] },
						],
						request_id: '1',
					},
				],
			],
		]);
		expect(out.map((e) => [e.name, e.catalog_id, e.custom_fields])).toEqual([
			['Зарядка', PRODUCTS, { SKU: 'CH-1', Price: '1500.5' }],
			['Обучение', SERVICES, { Уровень: 'Премиум', Часы: '3' }],
			['Кабель', PRODUCTS, { 'Оптовая цена': '300' }],
		]);
		const stored = (await state(sandbox)).catalog_elements.filter(
			(e: any) => e.id === out[1].id,
		)[0];
		expect(stored.custom_fields_values[0]).toEqual({
			field_id: LEVEL,
			field_name: 'Уровень',
			field_code: null,
			field_type: 'category',
			values: [{ value: 'Премиум', enum_id: 1300002 }],
		});
	});

	it('create refuses unknown fields, values that do not fit and unknown catalogs before writing', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'catalogElement',
				operation: 'create',
				catalogId: '={{$json.catalog}}',
				name: '={{$json.name}}',
				customFields: { field: [{ fieldId: '={{$json.f}}', value: '={{$json.v}}' }] },
			},
			{
				items: [
					{ catalog: PRODUCTS, name: 'a', f: 'COLOR', v: 'red' },
					{ catalog: SERVICES, name: 'b', f: String(LEVEL), v: 'VIP' },
					{ catalog: PRODUCTS, name: 'c', f: 'PRICE', v: 'дорого' },
					{ catalog: 4999, name: 'd', f: 'SKU', v: '1' },
					{ catalog: PRODUCTS, name: ' ', f: 'SKU', v: '1' },
				],
				continueOnFail: true,
			},
		);
		expect(out.map((o) => o.error)).toEqual([
			`Catalog ${PRODUCTS} has no custom field "COLOR"`,
			'The value "VIP" does not fit the category field "Уровень"',
			'The value "дорого" does not fit the numeric field "Price"',
			'amoCRM has no catalog with ID 4999',
			'A catalog element needs a name',
		]);
		expect((await apiRequests(sandbox)).filter((r) => r.method === 'POST')).toEqual([]);
		expect((await state(sandbox)).catalog_elements).toHaveLength(3);
	});

	it('a field the catalog requires is named when it is missing', async () => {
		await seed(sandbox, {
			catalog_custom_fields: {
				[SERVICES]: [field(HOURS, 'Часы', 'numeric', { is_required: true })],
			},
		});
		const result = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'create',
			catalogId: SERVICES,
			name: 'Без часов',
		});
		expect(result.error()?.message).toBe(
			'amoCRM rejected the data: custom_fields_values: The field "Часы" is required.',
		);
	});

	it('update writes many elements in one request per catalog, keeping the names of those given none', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'catalogElement',
				operation: 'update',
				catalogId: PRODUCTS,
				elementId: '={{$json.id}}',
				updateFields: {
					name: '={{$json.name}}',
					customFields: { field: [{ fieldId: 'SKU', value: '={{$json.sku}}' }] },
				},
			},
			{
				items: [
					{ id: PHONE, name: 'Телефон X2', sku: '' },
					{ id: CASE, name: '', sku: 'CASE-2' },
				],
			},
		);
		const requests = await apiRequests(sandbox);
		expect(requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/api/v4/catalogs', { page: '1', limit: '250' }],
			['GET', `/api/v4/catalogs/${PRODUCTS}/custom_fields`, { page: '1', limit: '250' }],
			[
				'GET',
				`/api/v4/catalogs/${PRODUCTS}/elements`,
				{ filter: { id: { 0: String(CASE) } }, page: '1', limit: '1' },
			],
			['PATCH', `/api/v4/catalogs/${PRODUCTS}/elements`, {}],
		]);
		expect(requests[3].body).toEqual([
			{ id: PHONE, name: 'Телефон X2', request_id: '0' },
			{
				id: CASE,
				name: 'Чехол',
				custom_fields_values: [
					{ field_id: await productField('SKU'), values: [{ value: 'CASE-2' }] },
				],
				request_id: '1',
			},
		]);
		expect(out.map((e) => [e.id, e.name, (e.custom_fields as IDataObject).SKU])).toEqual([
			[PHONE, 'Телефон X2', 'PH-X'],
			[CASE, 'Чехол', 'CASE-2'],
		]);
		const stored = (await state(sandbox)).catalog_elements;
		expect(stored.find((e: any) => e.id === PHONE).name).toBe('Телефон X2');
	});

	it('update of an element of another catalog is refused on its item; the others are written', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'catalogElement',
				operation: 'update',
				catalogId: PRODUCTS,
				elementId: '={{$json.id}}',
				updateFields: { name: '={{$json.name}}' },
			},
			{
				items: [
					{ id: SETUP, name: 'x' },
					{ id: CASE, name: 'Чехол 2' },
				],
				continueOnFail: true,
			},
		);
		expect(out[0].error).toBe('amoCRM rejected the data: id: Element not found.');
		expect(out[1]).toMatchObject({ id: CASE, name: 'Чехол 2' });
		expect((await state(sandbox)).catalog_elements.find((e: any) => e.id === SETUP).name).toBe(
			'Настройка',
		);
	});

	it('delete uses the older v2 call for many elements at once, checks before and after, and drops their links', async () => {
		await seed(sandbox, {
			links: [
				{
					entity_type: 'leads',
					entity_id: LEADS[0],
					to_entity_type: 'catalog_elements',
					to_entity_id: CASE,
					metadata: { quantity: 1, catalog_id: PRODUCTS, price_id: null },
				},
			],
		});
		await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE' });
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'catalogElement',
				operation: 'delete',
				catalogId: PRODUCTS,
				elementId: '={{$json.id}}',
			},
			{ items: [{ id: PHONE }, { id: 90000999 }, { id: CASE }], continueOnFail: true },
		);
		expect(out).toEqual([
			{ id: PHONE, catalog_id: PRODUCTS, deleted: true },
			expect.objectContaining({ error: `Catalog ${PRODUCTS} has no element with ID 90000999` }),
			{ id: CASE, catalog_id: PRODUCTS, deleted: true },
		]);
		const log = await requests(sandbox);
		expect(log.map((r) => [r.method, r.path, r.query, r.body])).toEqual([
			['GET', '/api/v4/catalogs', { page: '1', limit: '250' }, undefined],
			[
				'GET',
				`/api/v4/catalogs/${PRODUCTS}/elements`,
				{
					filter: { id: { 0: String(PHONE), 1: '90000999', 2: String(CASE) } },
					page: '1',
					limit: '3',
				},
				undefined,
			],
			['POST', '/api/v2/catalog_elements', {}, { delete: [PHONE, CASE] }],
			[
				'GET',
				`/api/v4/catalogs/${PRODUCTS}/elements`,
				{ filter: { id: { 0: String(PHONE), 1: String(CASE) } }, page: '1', limit: '2' },
				undefined,
			],
		]);
		const after = await state(sandbox);
		expect(after.catalog_elements.map((e: any) => e.id)).toEqual([SETUP]);
		expect(await elementLinks()).toEqual([]);
	});
});

describe('lead: products', () => {
	const add = (
		items: IDataObject[],
		options: { continueOnFail?: boolean; credentials?: any } = {},
	) =>
		runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'addProducts',
				leadId: { __rl: true, mode: 'id', value: '={{$json.lead}}' },
				catalogId: '={{$json.catalog}}',
				elementId: '={{$json.element}}',
				quantity: '={{$json.quantity}}',
				options: { priceId: '={{$json.price ?? ""}}' },
			},
			{ items, ...options },
		);

	it('add products sends many links in one request, with catalog, quantity and price column', async () => {
		const { out } = await add([
			{ lead: LEADS[0], catalog: PRODUCTS, element: PHONE, quantity: 2, price: WHOLESALE },
			{ lead: LEADS[0], catalog: PRODUCTS, element: CASE, quantity: 1.5 },
			{ lead: LEADS[1], catalog: SERVICES, element: SETUP, quantity: 3 },
			{ lead: LEADS[2], catalog: PRODUCTS, element: CASE, quantity: '4' },
		]);
		const requests = await apiRequests(sandbox);
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v4/catalogs',
			'POST /api/v4/leads/link',
		]);
		expect(requests[1].body).toEqual([
			{
				entity_id: LEADS[0],
				to_entity_id: PHONE,
				to_entity_type: 'catalog_elements',
				metadata: { catalog_id: PRODUCTS, quantity: 2, price_id: WHOLESALE },
			},
			{
				entity_id: LEADS[0],
				to_entity_id: CASE,
				to_entity_type: 'catalog_elements',
				metadata: { catalog_id: PRODUCTS, quantity: 1.5 },
			},
			{
				entity_id: LEADS[1],
				to_entity_id: SETUP,
				to_entity_type: 'catalog_elements',
				metadata: { catalog_id: SERVICES, quantity: 3 },
			},
			{
				entity_id: LEADS[2],
				to_entity_id: CASE,
				to_entity_type: 'catalog_elements',
				metadata: { catalog_id: PRODUCTS, quantity: 4 },
			},
		]);
		expect(out).toEqual([
			{
				lead_id: LEADS[0],
				catalog_id: PRODUCTS,
				element_id: PHONE,
				quantity: 2,
				price_id: WHOLESALE,
				added: true,
			},
			{
				lead_id: LEADS[0],
				catalog_id: PRODUCTS,
				element_id: CASE,
				quantity: 1.5,
				price_id: null,
				added: true,
			},
			{
				lead_id: LEADS[1],
				catalog_id: SERVICES,
				element_id: SETUP,
				quantity: 3,
				price_id: null,
				added: true,
			},
			{
				lead_id: LEADS[2],
				catalog_id: PRODUCTS,
				element_id: CASE,
				quantity: 4,
				price_id: null,
				added: true,
			},
		]);
		expect(await elementLinks()).toEqual([
			[LEADS[0], PHONE, { quantity: 2, catalog_id: PRODUCTS, price_id: WHOLESALE }],
			[LEADS[0], CASE, { quantity: 1.5, catalog_id: PRODUCTS, price_id: null }],
			[LEADS[1], SETUP, { quantity: 3, catalog_id: SERVICES, price_id: null }],
			[LEADS[2], CASE, { quantity: 4, catalog_id: PRODUCTS, price_id: null }],
		]);
	});

	it('many products go in batches of the credential’s write size; adding a product again sets its quantity', async () => {
		const credentials = credentialsFor(sandbox);
		credentials.amoCrmApi = { ...credentials.amoCrmApi, writeBatchSize: 2 };
		await add(
			[PHONE, CASE, PHONE, CASE, PHONE].map((element, i) => ({
				lead: LEADS[i % 3],
				catalog: PRODUCTS,
				element,
				quantity: i + 1,
			})),
			{ credentials },
		);
		const posts = (await apiRequests(sandbox)).filter((r) => r.method === 'POST');
		expect(posts.map((r) => r.body.length)).toEqual([2, 2, 1]);
		await add([{ lead: LEADS[0], catalog: PRODUCTS, element: PHONE, quantity: 7 }]);
		expect(
			(await elementLinks()).filter(
				([lead, element]: number[]) => lead === LEADS[0] && element === PHONE,
			),
		).toEqual([[LEADS[0], PHONE, { quantity: 7, catalog_id: PRODUCTS, price_id: null }]]);
	});

	it('a quantity that is not above 0 and an unknown catalog are refused before anything is sent', async () => {
		const { out } = await add(
			[
				{ lead: LEADS[0], catalog: PRODUCTS, element: PHONE, quantity: -2 },
				{ lead: LEADS[0], catalog: PRODUCTS, element: PHONE, quantity: 0 },
				{ lead: LEADS[0], catalog: PRODUCTS, element: PHONE, quantity: 'два' },
				{ lead: LEADS[0], catalog: 4999, element: PHONE, quantity: 1 },
				{ lead: 'сделка', catalog: PRODUCTS, element: PHONE, quantity: 1 },
			],
			{ continueOnFail: true },
		);
		expect(out.map((o) => o.error)).toEqual([
			'"-2" is not a usable quantity',
			'"0" is not a usable quantity',
			'"два" is not a usable quantity',
			'amoCRM has no catalog with ID 4999',
			'"сделка" is not an amoCRM ID',
		]);
		expect((await apiRequests(sandbox)).filter((r) => r.method === 'POST')).toEqual([]);
		expect(await elementLinks()).toEqual([]);
	});

	it('unknown elements, elements of another catalog, foreign price columns and leads are refused on their items; the rest is linked', async () => {
		await seed(sandbox, {
			links: [
				{
					entity_type: 'leads',
					entity_id: LEADS[2],
					to_entity_type: 'catalog_elements',
					to_entity_id: SETUP,
					metadata: { quantity: 1, catalog_id: SERVICES, price_id: null },
				},
			],
		});
		const { out } = await add(
			[
				{ lead: LEADS[0], catalog: PRODUCTS, element: 90000999, quantity: 1 },
				{ lead: LEADS[0], catalog: PRODUCTS, element: SETUP, quantity: 1 },
				{ lead: LEADS[0], catalog: PRODUCTS, element: PHONE, quantity: 1, price: HOURS },
				{ lead: 39999999, catalog: PRODUCTS, element: PHONE, quantity: 1 },
				{ lead: LEADS[0], catalog: SERVICES, element: SETUP, quantity: 1 },
				{ lead: LEADS[1], catalog: PRODUCTS, element: CASE, quantity: 2 },
			],
			{ continueOnFail: true },
		);
		expect(out.map((o) => o.error ?? 'ok')).toEqual([
			'amoCRM rejected the data: to_entity_id: Catalog element not found.',
			'amoCRM rejected the data: to_entity_id: Catalog element not found.',
			'amoCRM rejected the data: metadata.price_id: The value you selected is not a valid choice.',
			'amoCRM rejected the data: entity_id: Entity not found.',
			'amoCRM rejected the data: to_entity_id: This element is linked to another entity, and its list does not link one element to several.',
			'ok',
		]);
		expect(await elementLinks()).toEqual([
			[LEADS[2], SETUP, { quantity: 1, catalog_id: SERVICES, price_id: null }],
			[LEADS[1], CASE, { quantity: 2, catalog_id: PRODUCTS, price_id: null }],
		]);
		expect(
			(await apiRequests(sandbox)).filter((r) => r.method === 'POST').map((r) => r.body.length),
		).toEqual([6, 1]);
	});

	it('get products reads the leads and then each catalog’s elements once, for all items', async () => {
		await add([
			{ lead: LEADS[0], catalog: PRODUCTS, element: PHONE, quantity: 2, price: WHOLESALE },
			{ lead: LEADS[0], catalog: SERVICES, element: SETUP, quantity: 1 },
			{ lead: LEADS[1], catalog: PRODUCTS, element: CASE, quantity: 3 },
		]);
		await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE' });
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'getProducts',
				leadId: { __rl: true, mode: 'id', value: '={{$json.lead}}' },
			},
			{
				items: [{ lead: LEADS[0] }, { lead: LEADS[2] }, { lead: 39999999 }, { lead: LEADS[1] }],
				continueOnFail: true,
			},
		);
		expect(out).toEqual([
			{
				lead_id: LEADS[0],
				element_id: PHONE,
				catalog_id: PRODUCTS,
				quantity: 2,
				price_id: WHOLESALE,
				name: 'Телефон X',
				price: 10000,
				custom_fields: { SKU: 'PH-X', Price: '12000', 'Оптовая цена': '10000' },
			},
			{
				lead_id: LEADS[0],
				element_id: SETUP,
				catalog_id: SERVICES,
				quantity: 1,
				price_id: null,
				name: 'Настройка',
				price: null,
				custom_fields: {},
			},
			expect.objectContaining({ error: 'amoCRM has no lead with ID 39999999' }),
			{
				lead_id: LEADS[1],
				element_id: CASE,
				catalog_id: PRODUCTS,
				quantity: 3,
				price_id: null,
				name: 'Чехол',
				price: 990.5,
				custom_fields: { SKU: 'CASE-1', Price: '990.5' },
			},
		]);
		const log = await apiRequests(sandbox);
		expect(log.map((r) => [r.path, r.query])).toEqual([
			[
				'/api/v4/leads',
				{
					with: 'catalog_elements',
					filter: {
						id: { 0: String(LEADS[0]), 1: String(LEADS[2]), 2: '39999999', 3: String(LEADS[1]) },
					},
					page: '1',
					limit: '4',
				},
			],
			[
				`/api/v4/catalogs/${PRODUCTS}/elements`,
				{ filter: { id: { 0: String(PHONE), 1: String(CASE) } }, page: '1', limit: '2' },
			],
			[
				`/api/v4/catalogs/${SERVICES}/elements`,
				{ filter: { id: { 0: String(SETUP) } }, page: '1', limit: '1' },
			],
		]);
	});

	it('remove products unlinks many in one request, naming the catalog as amoCRM requires', async () => {
		await add([
			{ lead: LEADS[0], catalog: PRODUCTS, element: PHONE, quantity: 2 },
			{ lead: LEADS[0], catalog: PRODUCTS, element: CASE, quantity: 1 },
			{ lead: LEADS[1], catalog: PRODUCTS, element: CASE, quantity: 1 },
		]);
		await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE' });
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'removeProducts',
				leadId: { __rl: true, mode: 'id', value: '={{$json.lead}}' },
				catalogId: PRODUCTS,
				elementId: '={{$json.element}}',
			},
			{
				items: [
					{ lead: LEADS[0], element: PHONE },
					{ lead: LEADS[1], element: CASE },
				],
			},
		);
		const post = (await apiRequests(sandbox)).find((r) => r.method === 'POST')!;
		expect([post.path, post.status]).toEqual(['/api/v4/leads/unlink', 204]);
		expect(post.body).toEqual([
			{
				entity_id: LEADS[0],
				to_entity_id: PHONE,
				to_entity_type: 'catalog_elements',
				metadata: { catalog_id: PRODUCTS },
			},
			{
				entity_id: LEADS[1],
				to_entity_id: CASE,
				to_entity_type: 'catalog_elements',
				metadata: { catalog_id: PRODUCTS },
			},
		]);
		expect(out).toEqual([
			{ lead_id: LEADS[0], catalog_id: PRODUCTS, element_id: PHONE, removed: true },
			{ lead_id: LEADS[1], catalog_id: PRODUCTS, element_id: CASE, removed: true },
		]);
		expect(await elementLinks()).toEqual([
			[LEADS[0], CASE, { quantity: 1, catalog_id: PRODUCTS, price_id: null }],
		]);
	});

	it('lead get can include the products with their quantities', async () => {
		await add([
			{ lead: LEADS[0], catalog: PRODUCTS, element: PHONE, quantity: 2, price: WHOLESALE },
		]);
		await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE' });
		const lead = { __rl: true, mode: 'id', value: String(LEADS[0]) };
		const simple = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'get',
			leadId: lead,
			options: { withProducts: true, withContacts: true },
		});
		expect(simple.out[0].products).toEqual([
			{ element_id: PHONE, catalog_id: PRODUCTS, quantity: 2, price_id: WHOLESALE },
		]);
		const raw = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'get',
			leadId: lead,
			simplify: false,
			options: { withProducts: true },
		});
		expect((raw.out[0]._embedded as IDataObject).catalog_elements).toEqual([
			{ id: PHONE, metadata: { quantity: 2, catalog_id: PRODUCTS, price_id: WHOLESALE } },
		]);
		const without = await runAmoCrm(sandbox, { resource: 'lead', operation: 'get', leadId: lead });
		expect(without.out[0].products).toBeUndefined();
		expect((await apiRequests(sandbox)).map((r) => r.query)).toEqual([
			{ with: 'contacts,catalog_elements' },
			{ with: 'catalog_elements' },
			{},
		]);
	});
});

describe('catalog dropdowns', () => {
	const call = async (parameters: IDataObject, method: string) =>
		await callNodeMethod(
			chain([{ name: 'amoCRM', parameters: parameters as never }]),
			'amoCRM',
			credentialsFor(sandbox),
			'loadOptions',
			method,
		);

	it('lists catalogs, the chosen catalog’s fields and its price columns', async () => {
		expect(await call({ resource: 'lead', operation: 'addProducts' }, 'getCatalogs')).toEqual([
			{ name: 'Товары', value: PRODUCTS, description: 'products' },
			{ name: 'Услуги', value: SERVICES, description: 'regular' },
		]);
		const fields = await call(
			{ resource: 'catalogElement', operation: 'create', catalogId: SERVICES },
			'getCatalogCustomFields',
		);
		expect(fields).toEqual([
			{ name: 'Уровень', value: LEVEL, description: 'category' },
			{ name: 'Часы', value: HOURS, description: 'numeric' },
		]);
		const prices = await call(
			{ resource: 'lead', operation: 'addProducts', catalogId: PRODUCTS },
			'getCatalogPriceFields',
		);
		expect(prices).toEqual([
			{ name: 'Price', value: await productField('PRICE'), description: 'PRICE' },
			{ name: 'Оптовая цена', value: WHOLESALE, description: 'price' },
		]);
		expect(
			await call({ resource: 'lead', operation: 'addProducts' }, 'getCatalogPriceFields'),
		).toEqual([]);
	});
});

describe('sandbox: lists', () => {
	// Direct calls, not paced like the node's: the rate limit is not what these tests are about.
	beforeEach(async () => {
		await faults(sandbox, { rps: 0 });
	});

	const api = async (method: string, path: string, body?: unknown) => {
		const response = await fetch(`${sandbox.url}${path}`, {
			method,
			headers: {
				authorization: `Bearer ${credentialsFor(sandbox).amoCrmApi.accessToken as string}`,
				'content-type': 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return {
			status: response.status,
			body: (response.status === 204 ? undefined : await response.json()) as any,
		};
	};

	it('unlink needs the catalog; links are listed with their metadata; lists have no v4 delete', async () => {
		const unlink = await api('POST', `/api/v4/leads/${LEADS[0]}/unlink`, [
			{ to_entity_id: PHONE, to_entity_type: 'catalog_elements' },
		]);
		expect(unlink.status).toBe(400);
		expect(unlink.body['validation-errors'][0].errors).toEqual([
			{
				code: 'NotBlank',
				path: 'metadata.catalog_id',
				detail: 'catalog_id is required for catalog elements.',
			},
		]);
		const link = await api('POST', `/api/v4/leads/${LEADS[0]}/link`, [
			{
				to_entity_id: PHONE,
				to_entity_type: 'catalog_elements',
				metadata: { catalog_id: PRODUCTS, quantity: 2, discount: 5 },
			},
		]);
		expect(link.body['validation-errors'][0].errors).toEqual([
			{
				code: 'NotSupportedField',
				path: 'metadata.discount',
				detail: 'This field was not expected.',
			},
		]);
		const linked = await api('POST', `/api/v4/leads/${LEADS[0]}/link`, [
			{
				to_entity_id: PHONE,
				to_entity_type: 'catalog_elements',
				metadata: { catalog_id: PRODUCTS, quantity: 2 },
			},
		]);
		expect(linked.body._embedded.links).toEqual([
			{
				entity_id: LEADS[0],
				entity_type: 'leads',
				to_entity_id: PHONE,
				to_entity_type: 'catalog_elements',
				metadata: { quantity: 2, catalog_id: PRODUCTS, price_id: null },
			},
		]);
		const links = await api('GET', `/api/v4/leads/${LEADS[0]}/links`);
		expect(links.body._embedded.links).toEqual([
			{
				to_entity_id: PHONE,
				to_entity_type: 'catalog_elements',
				metadata: { quantity: 2, catalog_id: PRODUCTS, price_id: null },
			},
		]);
		expect((await api('DELETE', `/api/v4/catalogs/${PRODUCTS}`)).status).toBe(404);
		expect(
			(
				await api('PATCH', `/api/v4/catalogs/${PRODUCTS}/elements`, [
					{ id: CASE, is_deleted: true },
				])
			).status,
		).toBe(400);
		expect((await api('GET', '/api/v4/catalogs/4999/elements')).status).toBe(404);
		expect(
			(await api('POST', '/api/v4/catalogs/4999/custom_fields', [{ name: 'x', type: 'text' }]))
				.status,
		).toBe(404);
		const fields = await api('GET', `/api/v4/catalogs/${PRODUCTS}/custom_fields`);
		expect(fields.body._embedded.custom_fields.map((f: any) => f.code)).toEqual([
			'SKU',
			'DESCRIPTION',
			'PRICE',
			'GROUP',
			'EXTERNAL_ID',
			null,
		]);
	});

	it('a price column takes its value as text, and element values read back as text', async () => {
		const asNumber = await api('POST', `/api/v4/catalogs/${PRODUCTS}/elements`, [
			{ name: 'x', custom_fields_values: [{ field_id: WHOLESALE, values: [{ value: 100 }] }] },
		]);
		expect(asNumber.body['validation-errors'][0].errors).toEqual([
			{
				code: 'InvalidType',
				path: 'custom_fields_values.0.values.0.value',
				detail: 'This value should be of type string.',
			},
		]);
		const made = await api('POST', `/api/v4/catalogs/${PRODUCTS}/elements`, [
			{ name: 'x', custom_fields_values: [{ field_code: 'PRICE', values: [{ value: 100 }] }] },
		]);
		expect(made.body._embedded.elements[0]).toMatchObject({
			name: 'x',
			is_deleted: false,
			catalog_id: PRODUCTS,
			request_id: '0',
			custom_fields_values: [{ field_code: 'PRICE', values: [{ value: '100' }] }],
		});
	});
});
