// The catalog element picker (From List / By ID) of Catalog Element → Get, Update, Delete and
// Lead → Add Products, Remove Products, and the plain IDs and expressions older workflows hold there.
import type { IDataObject, INodeProperties, INodeType } from 'n8n-workflow';

import {
	apiRequests,
	credentialsFor,
	requests,
	runAmoCrm,
	seed,
	state,
	useSandbox,
} from './amocrm';
import { callNodeMethod, chain, loadPackage } from './harness';

const sandbox = useSandbox();

const PRODUCTS = 5001;
const SERVICES = 5002;
const PHONE = 90000101;
const CASE = 90000102;
const SETUP = 90000201;
const LEAD = 30000101;

const rl = (mode: 'list' | 'id', value: unknown, cachedResultName?: string) => ({
	__rl: true,
	mode,
	value,
	...(cachedResultName ? { cachedResultName } : {}),
});
const sku = (value: string) => [{ field_code: 'SKU', values: [{ value }] }];

beforeEach(async () => {
	await seed(sandbox, {
		catalogs: [
			{ id: PRODUCTS, name: 'Товары', type: 'products' },
			{ id: SERVICES, name: 'Услуги', type: 'regular' },
		],
		catalog_elements: [
			{ id: PHONE, catalog_id: PRODUCTS, name: 'Телефон X', custom_fields_values: sku('PH-X') },
			{ id: CASE, catalog_id: PRODUCTS, name: 'Чехол', custom_fields_values: sku('CASE-1') },
			{ id: SETUP, catalog_id: SERVICES, name: 'Настройка' },
		],
		leads: [{ id: LEAD, name: 'Сделка' }],
	});
	await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE' });
});

const calls = async () => (await apiRequests(sandbox)).map((r) => `${r.method} ${r.path}`);
const elementLinks = async () =>
	(await state(sandbox)).links
		.filter((l: any) => l.to_entity_type === 'catalog_elements')
		.map((l: any) => [l.entity_id, l.to_entity_id, l.metadata.catalog_id]);

describe('element picker', () => {
	it('is a From List / By ID locator that follows the catalog, in every operation that takes one element', async () => {
		const type = (await loadPackage()).getNode('amoCrm').type as INodeType;
		const pickers = type.description.properties.filter(
			(p: INodeProperties) => p.name === 'elementId',
		);
		expect(
			pickers.map((p) => [p.displayOptions?.show?.resource, p.displayOptions?.show?.operation]),
		).toEqual([
			[['catalogElement'], ['delete']],
			[['catalogElement'], ['get']],
			[['catalogElement'], ['update']],
			[['lead'], ['addProducts']],
			[['lead'], ['removeProducts']],
		]);
		for (const picker of pickers) {
			expect(picker).toMatchObject({
				type: 'resourceLocator',
				required: true,
				default: { mode: 'list', value: '' },
				typeOptions: { loadOptionsDependsOn: ['catalogId'] },
			});
			expect(picker.modes?.map((m) => m.name)).toEqual(['list', 'id']);
			const method = picker.modes![0].typeOptions!.searchListMethod!;
			expect(method).toBe('searchCatalogElements');
			expect(typeof type.methods?.listSearch?.[method]).toBe('function');
		}
	});
});

describe('element search (From List)', () => {
	const search = async (parameters: IDataObject, filter?: string, paginationToken?: string) =>
		await callNodeMethod(
			chain([{ name: 'amoCRM', parameters: parameters as never }]),
			'amoCRM',
			credentialsFor(sandbox),
			'listSearch',
			'searchCatalogElements',
			filter,
			paginationToken,
		);

	it('searches the chosen catalog with amoCRM’s query, a page of 50 at a time, naming elements with their SKU', async () => {
		await seed(sandbox, {
			catalog_elements: Array.from({ length: 53 }, (_, i) => ({
				id: 90001000 + i,
				catalog_id: PRODUCTS,
				name: `Кабель ${i}`,
				custom_fields_values: sku(`CB-${i}`),
			})),
		});
		const get = { resource: 'catalogElement', operation: 'get', catalogId: PRODUCTS };
		const first = await search(get, 'кабель');
		expect(first.results).toHaveLength(50);
		expect(first.results[0]).toEqual({ name: 'Кабель 0 (CB-0)', value: '90001000' });
		expect(first.paginationToken).toBe('2');
		const second = await search(get, 'кабель', first.paginationToken);
		expect(second.results).toEqual([
			{ name: 'Кабель 50 (CB-50)', value: '90001050' },
			{ name: 'Кабель 51 (CB-51)', value: '90001051' },
			{ name: 'Кабель 52 (CB-52)', value: '90001052' },
		]);
		expect(second.paginationToken).toBeUndefined();
		expect((await apiRequests(sandbox)).map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', `/api/v4/catalogs/${PRODUCTS}/elements`, { query: 'кабель', page: '1', limit: '50' }],
			['GET', `/api/v4/catalogs/${PRODUCTS}/elements`, { query: 'кабель', page: '2', limit: '50' }],
		]);
	});

	it('finds an element by its SKU; without a search text it lists the catalog; an element without SKU or name is named plainly', async () => {
		const bySku = await search(
			{ resource: 'catalogElement', operation: 'update', catalogId: PRODUCTS },
			'case-1',
		);
		expect(bySku).toEqual({
			results: [{ name: 'Чехол (CASE-1)', value: String(CASE) }],
			paginationToken: undefined,
		});
		await seed(sandbox, { catalog_elements: [{ id: 90000202, catalog_id: SERVICES, name: '' }] });
		const all = await search({ resource: 'lead', operation: 'addProducts', catalogId: SERVICES });
		expect(all.results).toEqual([
			{ name: 'Настройка', value: String(SETUP) },
			{ name: '#90000202', value: '90000202' },
		]);
		expect((await apiRequests(sandbox)).map((r) => [r.path, r.query])).toEqual([
			[`/api/v4/catalogs/${PRODUCTS}/elements`, { query: 'case-1', page: '1', limit: '50' }],
			[`/api/v4/catalogs/${SERVICES}/elements`, { page: '1', limit: '50' }],
		]);
	});

	it('a search that finds nothing is an empty list (amoCRM answers 204)', async () => {
		const none = await search(
			{ resource: 'lead', operation: 'removeProducts', catalogId: PRODUCTS },
			'нет такого',
		);
		expect(none).toEqual({ results: [], paginationToken: undefined });
		expect((await apiRequests(sandbox)).map((r) => r.status)).toEqual([204]);
	});

	it('a catalog that is not there is named in the error', async () => {
		await expect(
			search({ resource: 'catalogElement', operation: 'get', catalogId: 4999 }, 'x'),
		).rejects.toThrow('amoCRM has no such resource: Catalog 4999 not found');
	});

	it('is empty, asking nothing of amoCRM, until a catalog is chosen', async () => {
		expect(await search({ resource: 'catalogElement', operation: 'get' }, 'чехол')).toEqual({
			results: [],
		});
		expect(await search({ resource: 'lead', operation: 'addProducts', catalogId: '' })).toEqual({
			results: [],
		});
		expect(await requests(sandbox)).toEqual([]);
	});
});

describe('element picked in each mode', () => {
	it('get reads the element picked from the list, given by ID, or by an ID expression', async () => {
		const fromList = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'get',
			catalogId: PRODUCTS,
			elementId: rl('list', String(PHONE), 'Телефон X (PH-X)'),
		});
		expect(fromList.out).toEqual([
			expect.objectContaining({ id: PHONE, name: 'Телефон X', custom_fields: { SKU: 'PH-X' } }),
		]);
		const byId = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'get',
			catalogId: PRODUCTS,
			elementId: rl('id', String(CASE)),
		});
		expect(byId.out).toEqual([expect.objectContaining({ id: CASE, name: 'Чехол' })]);
		const byExpression = await runAmoCrm(
			sandbox,
			{
				resource: 'catalogElement',
				operation: 'get',
				catalogId: SERVICES,
				elementId: rl('id', '={{$json.id}}'),
			},
			{ items: [{ id: SETUP }] },
		);
		expect(byExpression.out).toEqual([
			expect.objectContaining({ id: SETUP, catalog_id: SERVICES, name: 'Настройка' }),
		]);
		expect((await calls()).filter((c) => c.includes('/elements'))).toEqual([
			`GET /api/v4/catalogs/${PRODUCTS}/elements/${PHONE}`,
			`GET /api/v4/catalogs/${PRODUCTS}/elements/${CASE}`,
			`GET /api/v4/catalogs/${SERVICES}/elements/${SETUP}`,
		]);
	});

	it('update writes the element picked from the list and those given by ID in one request', async () => {
		const picked = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'update',
			catalogId: PRODUCTS,
			elementId: rl('list', String(PHONE)),
			updateFields: { name: 'Телефон Y' },
		});
		expect(picked.out).toEqual([expect.objectContaining({ id: PHONE, name: 'Телефон Y' })]);
		const byId = await runAmoCrm(
			sandbox,
			{
				resource: 'catalogElement',
				operation: 'update',
				catalogId: PRODUCTS,
				elementId: rl('id', '={{$json.id}}'),
				updateFields: { name: '={{$json.name}}' },
			},
			{
				items: [
					{ id: PHONE, name: 'Телефон Z' },
					{ id: CASE, name: 'Чехол 2' },
				],
			},
		);
		expect(byId.out.map((e) => [e.id, e.name])).toEqual([
			[PHONE, 'Телефон Z'],
			[CASE, 'Чехол 2'],
		]);
		const patches = (await apiRequests(sandbox)).filter((r) => r.method === 'PATCH');
		expect(patches.map((r) => [r.path, r.body])).toEqual([
			[
				`/api/v4/catalogs/${PRODUCTS}/elements`,
				[{ id: PHONE, name: 'Телефон Y', request_id: '0' }],
			],
			[
				`/api/v4/catalogs/${PRODUCTS}/elements`,
				[
					{ id: PHONE, name: 'Телефон Z', request_id: '0' },
					{ id: CASE, name: 'Чехол 2', request_id: '1' },
				],
			],
		]);
		expect((await state(sandbox)).catalog_elements.map((e: any) => e.name)).toEqual([
			'Телефон Z',
			'Чехол 2',
			'Настройка',
		]);
	});

	it('delete removes the element picked from the list and the one given by ID', async () => {
		const picked = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'delete',
			catalogId: PRODUCTS,
			elementId: rl('list', String(PHONE), 'Телефон X (PH-X)'),
		});
		expect(picked.out).toEqual([{ id: PHONE, catalog_id: PRODUCTS, deleted: true }]);
		const byId = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'delete',
			catalogId: SERVICES,
			elementId: rl('id', String(SETUP)),
		});
		expect(byId.out).toEqual([{ id: SETUP, catalog_id: SERVICES, deleted: true }]);
		const deletes = (await requests(sandbox)).filter((r) => r.path === '/api/v2/catalog_elements');
		expect(deletes.map((r) => [r.method, r.body])).toEqual([
			['POST', { delete: [PHONE] }],
			['POST', { delete: [SETUP] }],
		]);
		expect((await state(sandbox)).catalog_elements.map((e: any) => e.id)).toEqual([CASE]);
	});

	it('add and remove products take the product picked from the list or given by ID', async () => {
		const lead = rl('id', String(LEAD));
		const added = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'addProducts',
			leadId: lead,
			catalogId: PRODUCTS,
			elementId: rl('list', String(PHONE), 'Телефон X (PH-X)'),
			quantity: 2,
		});
		expect(added.out).toEqual([
			{
				lead_id: LEAD,
				catalog_id: PRODUCTS,
				element_id: PHONE,
				quantity: 2,
				price_id: null,
				added: true,
			},
		]);
		await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'addProducts',
			leadId: lead,
			catalogId: PRODUCTS,
			elementId: rl('id', String(CASE)),
			quantity: 1,
		});
		expect(await elementLinks()).toEqual([
			[LEAD, PHONE, PRODUCTS],
			[LEAD, CASE, PRODUCTS],
		]);
		const removed = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'removeProducts',
				leadId: lead,
				catalogId: PRODUCTS,
				elementId: rl('id', '={{$json.element}}'),
			},
			{ items: [{ element: PHONE }] },
		);
		expect(removed.out).toEqual([
			{ lead_id: LEAD, catalog_id: PRODUCTS, element_id: PHONE, removed: true },
		]);
		const posts = (await apiRequests(sandbox)).filter((r) => r.method === 'POST');
		expect(posts.map((r) => [r.path, r.body.map((b: any) => b.to_entity_id)])).toEqual([
			['/api/v4/leads/link', [PHONE]],
			['/api/v4/leads/link', [CASE]],
			['/api/v4/leads/unlink', [PHONE]],
		]);
		expect(await elementLinks()).toEqual([[LEAD, CASE, PRODUCTS]]);
	});

	it('an ID expression that gives no ID stops its item and says what to give; nothing is sent', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'catalogElement',
				operation: 'delete',
				catalogId: PRODUCTS,
				elementId: rl('id', '={{$json.id}}'),
			},
			{ items: [{ id: 'Чехол' }, { id: '' }, { id: CASE }], continueOnFail: true },
		);
		expect(out).toEqual([
			expect.objectContaining({ error: '"Чехол" is not an element ID' }),
			expect.objectContaining({ error: '"" is not an element ID' }),
			{ id: CASE, catalog_id: PRODUCTS, deleted: true },
		]);
		expect((await requests(sandbox)).filter((r) => r.method === 'POST').map((r) => r.body)).toEqual(
			[{ delete: [CASE] }],
		);
		const alone = await runAmoCrm(
			sandbox,
			{
				resource: 'catalogElement',
				operation: 'get',
				catalogId: PRODUCTS,
				elementId: rl('id', '={{$json.id}}'),
			},
			{ items: [{ id: 'x1' }] },
		);
		expect(alone.error()?.message).toBe('"x1" is not an element ID');
		expect((alone.error() as any)?.description).toBe(
			'Pick the element from the list, or give its numeric ID.',
		);
	});

	it('an element not picked yet, or a typed ID that is not a number, stops the workflow before anything is sent', async () => {
		await expect(
			runAmoCrm(sandbox, {
				resource: 'catalogElement',
				operation: 'get',
				catalogId: PRODUCTS,
				elementId: rl('list', ''),
			}),
		).rejects.toThrow('The \'amoCRM\' node has issues:\n- Parameter "Element" is required.');
		await expect(
			runAmoCrm(sandbox, {
				resource: 'lead',
				operation: 'removeProducts',
				leadId: rl('id', String(LEAD)),
				catalogId: PRODUCTS,
				elementId: rl('id', 'Чехол'),
			}),
		).rejects.toThrow("The 'amoCRM' node has issues:\n- An amoCRM ID is a number");
		expect(await requests(sandbox)).toEqual([]);
	});
});

describe('workflows saved before the picker', () => {
	// Such workflows hold a plain ID (text or number) or an expression in Element ID. n8n keeps a
	// value that is not a locator object as it is, and the node reads it as the ID.
	it('get, update and delete take a plain ID, a plain number and a plain expression', async () => {
		const text = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'get',
			catalogId: PRODUCTS,
			elementId: String(PHONE),
		});
		expect(text.out).toEqual([expect.objectContaining({ id: PHONE, name: 'Телефон X' })]);
		const number = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'get',
			catalogId: PRODUCTS,
			elementId: CASE,
		});
		expect(number.out).toEqual([expect.objectContaining({ id: CASE, name: 'Чехол' })]);
		const updated = await runAmoCrm(
			sandbox,
			{
				resource: 'catalogElement',
				operation: 'update',
				catalogId: PRODUCTS,
				elementId: '={{$json.id}}',
				updateFields: { name: '={{$json.name}}' },
			},
			{ items: [{ id: PHONE, name: 'Телефон X2' }] },
		);
		expect(updated.out).toEqual([expect.objectContaining({ id: PHONE, name: 'Телефон X2' })]);
		const deleted = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'delete',
			catalogId: SERVICES,
			elementId: SETUP,
		});
		expect(deleted.out).toEqual([{ id: SETUP, catalog_id: SERVICES, deleted: true }]);
		expect((await calls()).filter((c) => c.includes('elements'))).toEqual([
			`GET /api/v4/catalogs/${PRODUCTS}/elements/${PHONE}`,
			`GET /api/v4/catalogs/${PRODUCTS}/elements/${CASE}`,
			`PATCH /api/v4/catalogs/${PRODUCTS}/elements`,
			`GET /api/v4/catalogs/${SERVICES}/elements`,
			`GET /api/v4/catalogs/${SERVICES}/elements`,
		]);
		expect((await state(sandbox)).catalog_elements.map((e: any) => [e.id, e.name])).toEqual([
			[PHONE, 'Телефон X2'],
			[CASE, 'Чехол'],
		]);
	});

	it('add and remove products take a plain ID and a plain expression', async () => {
		const lead = rl('id', String(LEAD));
		await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'addProducts',
			leadId: lead,
			catalogId: PRODUCTS,
			elementId: String(PHONE),
			quantity: 3,
		});
		await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'addProducts',
				leadId: lead,
				catalogId: PRODUCTS,
				elementId: '={{$json.element}}',
				quantity: 1,
			},
			{ items: [{ element: CASE }] },
		);
		expect(await elementLinks()).toEqual([
			[LEAD, PHONE, PRODUCTS],
			[LEAD, CASE, PRODUCTS],
		]);
		const removed = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'removeProducts',
			leadId: lead,
			catalogId: PRODUCTS,
			elementId: PHONE,
		});
		expect(removed.out).toEqual([
			{ lead_id: LEAD, catalog_id: PRODUCTS, element_id: PHONE, removed: true },
		]);
		expect(await elementLinks()).toEqual([[LEAD, CASE, PRODUCTS]]);
	});

	it('a plain value that is not an ID is refused with the same message as before', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'catalogElement',
			operation: 'get',
			catalogId: PRODUCTS,
			elementId: 'Чехол',
		});
		expect(result.error()?.message).toBe('"Чехол" is not an element ID');
		expect(await calls()).toEqual(['GET /api/v4/catalogs']);
	});
});
