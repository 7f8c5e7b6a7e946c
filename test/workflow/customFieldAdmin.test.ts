import type { IDataObject } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AmoCrm } from '../../nodes/AmoCrm/AmoCrm.node';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, credentialsFor, faults, runAmoCrm, seed, state, useSandbox } from './amocrm';
import { callNodeMethod, chain } from './harness';

const sandbox = useSandbox();
const writes = async () => (await apiRequests(sandbox)).filter((r) => r.method !== 'GET');
const field = (s: any, entity: string, name: string) =>
	s.custom_fields[entity].find((f: any) => f.name === name);

const SOURCE = 913001;
const sourceField = {
	id: SOURCE,
	name: 'Источник',
	type: 'select',
	code: 'SOURCE',
	sort: 10,
	entity_type: 'leads',
	enums: [
		{ id: 1310001, value: 'Сайт', sort: 10 },
		{ id: 1310002, value: 'Звонок', sort: 20 },
	],
};

describe('custom field: create', () => {
	it('creates fields of several entities, one request per entity, with options and codes', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'customField',
				operation: 'create',
				entityType: '={{$json.entity}}',
				name: '={{$json.name}}',
				fieldType: '={{$json.type}}',
				options: '={{$json.options ?? ""}}',
				additionalFields: { code: '={{$json.code ?? ""}}' },
			},
			{
				items: [
					{ entity: 'leads', name: 'Канал', type: 'select', options: 'Сайт\nЗвонок, Рекомендация' },
					{ entity: 'contacts', name: 'Telegram', type: 'text', code: 'TELEGRAM' },
					{ entity: 'leads', name: 'Номер заказа', type: 'text', code: 'ORDER_NUMBER' },
				],
			},
		);
		const posts = await writes();
		expect(posts.map((r) => [r.method, r.path, r.body.length])).toEqual([
			['POST', '/api/v4/leads/custom_fields', 2],
			['POST', '/api/v4/contacts/custom_fields', 1],
		]);
		expect(posts[0].body[0]).toEqual({
			type: 'select',
			name: 'Канал',
			sort: 500,
			enums: [
				{ value: 'Сайт', sort: 10 },
				{ value: 'Звонок', sort: 20 },
				{ value: 'Рекомендация', sort: 30 },
			],
		});
		const s = await state(sandbox);
		const channel = field(s, 'leads', 'Канал');
		expect(channel.enums.map((e: any) => e.value)).toEqual(['Сайт', 'Звонок', 'Рекомендация']);
		expect(field(s, 'contacts', 'Telegram').code).toBe('TELEGRAM');
		expect(out.map((o) => [o.name, o.id, o.entity_type])).toEqual([
			['Канал', channel.id, 'leads'],
			['Telegram', field(s, 'contacts', 'Telegram').id, 'contacts'],
			['Номер заказа', field(s, 'leads', 'Номер заказа').id, 'leads'],
		]);
		expect(out[0].enums).toEqual(channel.enums);
	});

	it('a type the entity cannot have, a select without options and a blank name are refused before sending', async () => {
		const create = (parameters: IDataObject) =>
			runAmoCrm(sandbox, {
				resource: 'customField',
				operation: 'create',
				entityType: 'leads',
				name: 'Поле',
				fieldType: 'text',
				...parameters,
			});
		expect(
			(await create({ fieldType: 'birthday', entityType: 'customers' })).error()?.message,
		).toBe('amoCRM does not allow a birthday field on customers');
		expect((await create({ fieldType: 'radiobutton', options: ' , ' })).error()?.message).toBe(
			'A radiobutton field needs options',
		);
		expect((await create({ name: '  ' })).error()?.message).toBe('The field needs a name');
		expect(await writes()).toEqual([]);
	});

	it('what amoCRM refuses comes back clearly: a code taken, an unknown group, a manager’s token', async () => {
		const taken = await runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'create',
			entityType: 'contacts',
			name: 'Ещё телефон',
			fieldType: 'text',
			additionalFields: { code: 'phone' },
		});
		expect(taken.error()?.message).toContain('A contacts field with the code PHONE already exists');
		const group = await runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'create',
			entityType: 'leads',
			name: 'Поле',
			fieldType: 'text',
			additionalFields: { groupId: 'leads_1' },
		});
		expect(group.error()?.message).toBe('amoCRM refused the request size: Unknown group leads_1');
		const credentials = credentialsFor(sandbox);
		credentials.amoCrmApi = { ...credentials.amoCrmApi, accessToken: AMOCRM_SANDBOX.managerToken };
		const manager = await runAmoCrm(
			sandbox,
			{
				resource: 'customField',
				operation: 'create',
				entityType: 'leads',
				name: 'Поле',
				fieldType: 'text',
			},
			{ credentials },
		);
		expect(manager.error()?.message).toBe(
			'amoCRM refused: this needs the token of an account administrator (HTTP 403)',
		);
		expect((await state(sandbox)).custom_fields.leads ?? []).toEqual([]);
	});
});

describe('custom field: update and delete', () => {
	beforeEach(async () => {
		await seed(sandbox, { custom_fields: { leads: [sourceField] } });
		await seed(sandbox, {
			leads: [
				{
					id: 30000101,
					name: 'Звонок',
					custom_fields_values: [{ field_id: SOURCE, values: [{ enum_id: 1310002 }] }],
				},
			],
		});
	});

	const update = (updateFields: IDataObject) =>
		runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'update',
			entityType: 'leads',
			fieldId: 'SOURCE',
			updateFields,
		});
	const leadSource = async () =>
		(await state(sandbox)).leads[0].custom_fields_values?.[0]?.values.map((v: any) => v.value) ??
		[];

	it('new options are added, existing ones keep their IDs, and records keep their values', async () => {
		const { out } = await update({ options: 'сайт, Рекомендация' });
		const [patch] = await writes();
		expect(patch).toMatchObject({ method: 'PATCH', path: '/api/v4/leads/custom_fields' });
		expect(patch.body).toEqual([
			{
				id: SOURCE,
				name: 'Источник',
				enums: [
					{ id: 1310001, value: 'сайт', sort: 10 },
					{ value: 'Рекомендация', sort: 20 },
					{ id: 1310002, value: 'Звонок', sort: 30 },
				],
			},
		]);
		expect((out[0].enums as IDataObject[]).map((e) => e.value)).toEqual([
			'сайт',
			'Рекомендация',
			'Звонок',
		]);
		expect(await leadSource()).toEqual(['Звонок']);
	});

	it('Remove Options Not Listed drops the others, and amoCRM clears them from records', async () => {
		await update({ options: 'Сайт', removeUnlisted: true });
		expect((await writes())[0].body[0].enums).toEqual([{ id: 1310001, value: 'Сайт', sort: 10 }]);
		expect(field(await state(sandbox), 'leads', 'Источник').enums.map((e: any) => e.value)).toEqual(
			['Сайт'],
		);
		expect(await leadSource()).toEqual([]);
	});

	it('a change without a new name sends the name it has; options on a text field are refused', async () => {
		await update({ sort: 40 });
		expect((await writes())[0].body).toEqual([{ id: SOURCE, name: 'Источник', sort: 40 }]);
		const text = await runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'update',
			entityType: 'contacts',
			fieldId: 'PHONE',
			updateFields: { options: 'a' },
		});
		expect(text.error()?.message).toBe('The multitext field "Телефон" has no options');
		const unknown = await runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'update',
			entityType: 'leads',
			fieldId: 'NOPE',
			updateFields: { sort: 1 },
		});
		expect(unknown.error()?.message).toBe(
			'The leads custom field "NOPE" does not exist in this amoCRM account',
		);
	});

	it('delete removes the field and its values; a predefined field is refused with the reason', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'delete',
			entityType: 'leads',
			fieldId: String(SOURCE),
		});
		expect(out).toEqual([{ id: SOURCE, name: 'Источник', entity_type: 'leads', deleted: true }]);
		expect((await writes()).map((r) => [r.method, r.path])).toEqual([
			['DELETE', `/api/v4/leads/custom_fields/${SOURCE}`],
		]);
		const s = await state(sandbox);
		expect(field(s, 'leads', 'Источник')).toBeUndefined();
		expect(s.leads[0].custom_fields_values).toBeNull();
		const phone = await runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'delete',
			entityType: 'contacts',
			fieldId: 'PHONE',
		});
		expect(phone.error()?.message).toBe('amoCRM does not let the field "Телефон" be deleted');
		expect((await writes()).filter((r) => r.path.includes('contacts'))).toEqual([]);
	});
});

describe('custom field groups', () => {
	it('get, create, move fields into, and delete a group; amoCRM’s own groups stay', async () => {
		await seed(sandbox, { custom_fields: { leads: [sourceField] } });
		const groups = await runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'getGroups',
			entityType: 'leads',
		});
		expect(groups.out.map((g) => [g.id, g.is_predefined])).toEqual([
			['default', true],
			['statistic', true],
		]);
		const created = await runAmoCrm(
			sandbox,
			{
				resource: 'customField',
				operation: 'createGroup',
				entityType: 'leads',
				name: '={{$json.name}}',
				sort: 5,
			},
			{ items: [{ name: 'Доставка' }, { name: 'Оплата' }] },
		);
		expect(created.out.map((g) => g.name)).toEqual(['Доставка', 'Оплата']);
		const delivery = String(created.out[0].id);
		expect((await writes())[0]).toMatchObject({
			method: 'POST',
			path: '/api/v4/leads/custom_fields/groups',
			body: [
				expect.objectContaining({ name: 'Доставка', sort: 5 }),
				expect.objectContaining({ name: 'Оплата', sort: 5 }),
			],
		});

		const moved = await runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'updateGroup',
			entityType: 'leads',
			groupId: delivery,
			updateFields: { name: 'Доставка и самовывоз', fields: 'SOURCE' },
		});
		expect(moved.out[0]).toMatchObject({
			id: delivery,
			name: 'Доставка и самовывоз',
			fields: [SOURCE],
		});
		expect((await writes()).at(-1)).toMatchObject({
			method: 'PATCH',
			path: `/api/v4/leads/custom_fields/groups/${delivery}`,
			body: { name: 'Доставка и самовывоз', fields: [SOURCE] },
		});
		expect(field(await state(sandbox), 'leads', 'Источник').group_id).toBe(delivery);

		const deleted = await runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'deleteGroup',
			entityType: 'leads',
			groupId: delivery,
		});
		expect(deleted.out).toEqual([{ id: delivery, entity_type: 'leads', deleted: true }]);
		expect(field(await state(sandbox), 'leads', 'Источник').group_id).toBeNull();
		const own = await runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'deleteGroup',
			entityType: 'leads',
			groupId: 'default',
		});
		expect(own.error()?.message).toBe(
			'amoCRM rejected the request: Predefined group can not be deleted',
		);
		const nothing = await runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'updateGroup',
			entityType: 'leads',
			groupId: 'statistic',
			updateFields: {},
		});
		expect(nothing.error()?.message).toBe('Nothing to change');
	});
});

// ------------------------------------------------------------------ catalogs (amoCRM's lists)

const PRODUCTS = 5001;
const SERVICES = 5002;
const INVOICES = 5003;
const LEVEL = 980011;
const KIND = 980012;
const HOURS = 980013;
const SETUP = 90000201;
const catalogField = (
	id: number,
	name: string,
	type: string,
	sort: number,
	extra: IDataObject = {},
) => ({
	id,
	name,
	type,
	code: null,
	sort,
	entity_type: 'catalogs',
	enums: null,
	is_visible: true,
	is_required: false,
	...extra,
});
const LEVELS = [
	{ id: 1300011, value: 'Базовый', sort: 10 },
	{ id: 1300012, value: 'Премиум', sort: 20 },
];
const KINDS = [
	{ id: 1300021, parent_id: null, value: 'Монтаж', sort: 10 },
	{ id: 1300022, parent_id: 1300021, value: 'Окна', sort: 20 },
];

describe('custom field: catalogs', () => {
	beforeEach(async () => {
		await seed(sandbox, {
			catalogs: [
				{ id: PRODUCTS, name: 'Товары', type: 'products' },
				{ id: SERVICES, name: 'Услуги', type: 'regular' },
				{ id: INVOICES, name: 'Счета', type: 'invoices' },
			],
			catalog_custom_fields: {
				[SERVICES]: [
					catalogField(LEVEL, 'Уровень', 'select', 30, { code: 'LEVEL', enums: LEVELS }),
					catalogField(KIND, 'Вид', 'category', 20, { nested: KINDS }),
					catalogField(HOURS, 'Часы', 'numeric', 10),
				],
			},
			catalog_elements: [
				{
					id: SETUP,
					catalog_id: SERVICES,
					name: 'Настройка',
					custom_fields_values: [
						{ field_id: LEVEL, values: [{ enum_id: 1300012 }] },
						{ field_id: HOURS, values: [{ value: 3 }] },
					],
				},
			],
		});
		await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE' });
	});

	const catalogFields = async (catalog: number) =>
		(await state(sandbox)).catalog_custom_fields[catalog] as any[];
	const catalogFieldNamed = async (catalog: number, name: string) =>
		(await catalogFields(catalog)).find((f) => f.name === name);
	const setupValues = async () =>
		(await state(sandbox)).catalog_elements.find((e: any) => e.id === SETUP).custom_fields_values;
	const run = (parameters: IDataObject, options: Parameters<typeof runAmoCrm>[2] = {}) =>
		runAmoCrm(sandbox, { resource: 'customField', ...parameters }, options);

	describe('create', () => {
		it('creates catalog fields, one request per catalog (and per entity), and says whose they are', async () => {
			const { out } = await run(
				{
					operation: 'create',
					entityType: '={{$json.entity}}',
					catalogId: '={{$json.catalog ?? ""}}',
					name: '={{$json.name}}',
					fieldType: '={{$json.type}}',
					options: '={{$json.options ?? ""}}',
					searchIn: '={{$json.searchIn ?? "contacts_and_companies"}}',
				},
				{
					items: [
						{
							entity: 'catalogs',
							catalog: SERVICES,
							name: 'Гарантия',
							type: 'select',
							options: 'Нет, 1 год',
						},
						{ entity: 'catalogs', catalog: INVOICES, name: 'Плательщик', type: 'payer' },
						{
							entity: 'catalogs',
							catalog: SERVICES,
							name: 'Направление',
							type: 'category',
							options: 'Окна\nДвери',
						},
						{ entity: 'leads', name: 'Номер заказа', type: 'text' },
						{
							entity: 'catalogs',
							catalog: SERVICES,
							name: 'Клиент',
							type: 'linked_entity',
							searchIn: 'contacts',
						},
					],
				},
			);
			const requests = await apiRequests(sandbox);
			expect(requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([
				'/api/v4/catalogs',
			]);
			const posts = await writes();
			expect(posts.map((r) => [r.method, r.path])).toEqual([
				['POST', `/api/v4/catalogs/${SERVICES}/custom_fields`],
				['POST', `/api/v4/catalogs/${INVOICES}/custom_fields`],
				['POST', '/api/v4/leads/custom_fields'],
			]);
			expect(posts[0].body).toEqual([
				{
					type: 'select',
					name: 'Гарантия',
					sort: 500,
					enums: [
						{ value: 'Нет', sort: 10 },
						{ value: '1 год', sort: 20 },
					],
				},
				{
					type: 'category',
					name: 'Направление',
					sort: 500,
					nested: [
						{ value: 'Окна', sort: 10 },
						{ value: 'Двери', sort: 20 },
					],
				},
				{ type: 'linked_entity', name: 'Клиент', sort: 500, search_in: 'contacts' },
			]);
			expect(posts[1].body).toEqual([{ type: 'payer', name: 'Плательщик', sort: 500 }]);
			expect(posts[2].body).toEqual([{ type: 'text', name: 'Номер заказа', sort: 500 }]);

			const guarantee = await catalogFieldNamed(SERVICES, 'Гарантия');
			expect(guarantee.enums.map((e: any) => [typeof e.id, e.value])).toEqual([
				['number', 'Нет'],
				['number', '1 год'],
			]);
			const direction = await catalogFieldNamed(SERVICES, 'Направление');
			expect(direction.nested.map((n: any) => [n.value, n.parent_id])).toEqual([
				['Окна', null],
				['Двери', null],
			]);
			expect(await catalogFieldNamed(SERVICES, 'Клиент')).toMatchObject({
				type: 'linked_entity',
				search_in: 'contacts',
				entity_type: 'catalogs',
			});
			const payer = await catalogFieldNamed(INVOICES, 'Плательщик');
			expect(payer).toMatchObject({ type: 'payer', entity_type: 'catalogs' });
			expect(await catalogFieldNamed(PRODUCTS, 'Плательщик')).toBeUndefined();

			expect(out.map((o) => [o.name, o.id, o.entity_type, o.catalog_id])).toEqual([
				['Гарантия', guarantee.id, 'catalogs', SERVICES],
				['Плательщик', payer.id, 'catalogs', INVOICES],
				['Направление', direction.id, 'catalogs', SERVICES],
				[
					'Номер заказа',
					field(await state(sandbox), 'leads', 'Номер заказа').id,
					'leads',
					undefined,
				],
				['Клиент', (await catalogFieldNamed(SERVICES, 'Клиент')).id, 'catalogs', SERVICES],
			]);
			expect(out[0]).toMatchObject({
				type: 'select',
				is_predefined: false,
				is_deletable: true,
				enums: guarantee.enums,
			});
			expect(JSON.stringify(out)).not.toContain('_links');
		});

		it('types a catalog cannot have, an unknown catalog and a group ID are refused before sending', async () => {
			const create = (parameters: IDataObject) =>
				run({
					operation: 'create',
					entityType: 'catalogs',
					catalogId: SERVICES,
					name: 'Поле',
					fieldType: 'text',
					...parameters,
				});
			const birthday = (await create({ fieldType: 'birthday' })).error();
			expect(birthday?.message).toBe('amoCRM does not allow a birthday field on a catalog');
			expect((birthday as any)?.description).toBe(
				'Types for this catalog: checkbox, date, date_time, file, multiselect, numeric, radiobutton, select, streetaddress, text, textarea, url, category, items, linked_entity, price.',
			);
			expect((await create({ fieldType: 'monetary' })).error()?.message).toBe(
				'amoCRM does not allow a monetary field on a catalog',
			);
			const payer = (await create({ fieldType: 'payer' })).error();
			expect(payer?.message).toBe('amoCRM allows a payer field only in the invoices catalog');
			expect((payer as any)?.description).toBe('Catalog 5002 ("Услуги") is of type regular.');
			expect((await create({ fieldType: 'price', entityType: 'leads' })).error()?.message).toBe(
				'amoCRM does not allow a price field on leads',
			);
			const unknown = (await create({ catalogId: 4999 })).error();
			expect(unknown?.message).toBe('amoCRM has no catalog with ID 4999');
			expect((await create({ catalogId: '' })).error()?.message).toBe('"" is not a catalog ID');
			expect((await create({ additionalFields: { groupId: 'catalogs_1' } })).error()?.message).toBe(
				'A catalog field does not take a Group ID',
			);
			expect(
				(await create({ fieldType: 'linked_entity', searchIn: 'deals' })).error()?.message,
			).toBe('"deals" is not something a linked entity field can search');
			expect((await create({ fieldType: 'select', options: '' })).error()?.message).toBe(
				'A select field needs options',
			);
			expect(await writes()).toEqual([]);
		});

		it('with Continue On Fail an unknown catalog fails its own item only; API Only is not sent for a catalog', async () => {
			const { out } = await run(
				{
					operation: 'create',
					entityType: 'catalogs',
					catalogId: '={{$json.catalog}}',
					name: '={{$json.name}}',
					fieldType: 'text',
					additionalFields: { isApiOnly: true },
				},
				{
					items: [
						{ catalog: 123, name: 'Артикул поставщика' },
						{ catalog: SERVICES, name: 'Артикул' },
					],
					continueOnFail: true,
				},
			);
			expect(out).toEqual([
				expect.objectContaining({ error: 'amoCRM has no catalog with ID 123' }),
				expect.objectContaining({ name: 'Артикул', catalog_id: SERVICES }),
			]);
			expect((await writes()).map((r) => [r.path, r.body])).toEqual([
				[
					`/api/v4/catalogs/${SERVICES}/custom_fields`,
					[{ type: 'text', name: 'Артикул', sort: 500 }],
				],
			]);
			expect((await catalogFields(SERVICES)).map((f) => f.name)).toEqual([
				'Уровень',
				'Вид',
				'Часы',
				'Артикул',
			]);
		});

		it('what amoCRM refuses for a catalog comes back clearly: a second supplier field', async () => {
			const supplier = () =>
				run({
					operation: 'create',
					entityType: 'catalogs',
					catalogId: INVOICES,
					name: 'Поставщик',
					fieldType: 'supplier',
				});
			const first = await supplier();
			expect(first.out[0]).toMatchObject({
				type: 'supplier',
				code: 'SUPPLIER',
				catalog_id: INVOICES,
			});
			expect((await supplier()).error()?.message).toBe(
				'amoCRM rejected the data: code: A catalogs field with the code SUPPLIER already exists.',
			);
			expect((await catalogFields(INVOICES)).map((f) => f.code)).toEqual(['SUPPLIER']);
		});
	});

	describe('update and delete', () => {
		const update = (updateFields: IDataObject, fieldId: string | number = 'LEVEL') =>
			run({
				operation: 'update',
				entityType: 'catalogs',
				catalogId: SERVICES,
				fieldId,
				updateFields,
			});

		it('options of a catalog select keep their IDs, and elements keep their values', async () => {
			const { out } = await update({ options: 'премиум, VIP', sort: 5 });
			const [patch] = await writes();
			expect(patch).toMatchObject({
				method: 'PATCH',
				path: `/api/v4/catalogs/${SERVICES}/custom_fields`,
			});
			expect(patch.body).toEqual([
				{
					id: LEVEL,
					name: 'Уровень',
					sort: 5,
					enums: [
						{ id: 1300012, value: 'премиум', sort: 10 },
						{ value: 'VIP', sort: 20 },
						{ id: 1300011, value: 'Базовый', sort: 30 },
					],
				},
			]);
			expect(out[0]).toMatchObject({
				id: LEVEL,
				sort: 5,
				entity_type: 'catalogs',
				catalog_id: SERVICES,
			});
			expect((out[0].enums as IDataObject[]).map((e) => e.value)).toEqual([
				'премиум',
				'VIP',
				'Базовый',
			]);
			expect((await catalogFieldNamed(SERVICES, 'Уровень')).enums.map((e: any) => e.value)).toEqual(
				['премиум', 'VIP', 'Базовый'],
			);
			expect((await setupValues()).find((f: any) => f.field_id === LEVEL).values).toEqual([
				{ enum_id: 1300012, value: 'Премиум' },
			]);
		});

		it('Remove Options Not Listed drops the others, and amoCRM clears them from elements', async () => {
			await update({ options: 'Базовый', removeUnlisted: true });
			expect((await writes())[0].body[0].enums).toEqual([
				{ id: 1300011, value: 'Базовый', sort: 10 },
			]);
			expect((await setupValues()).map((f: any) => f.field_id)).toEqual([HOURS]);
		});

		it('the values of a category keep their IDs and their parents', async () => {
			await update({ options: 'Окна, Двери' }, KIND);
			expect((await writes())[0].body).toEqual([
				{
					id: KIND,
					name: 'Вид',
					nested: [
						{ id: 1300022, parent_id: 1300021, value: 'Окна', sort: 10 },
						{ value: 'Двери', sort: 20 },
						{ id: 1300021, value: 'Монтаж', sort: 30 },
					],
				},
			]);
			expect(
				(await catalogFieldNamed(SERVICES, 'Вид')).nested.map((n: any) => [n.value, n.parent_id]),
			).toEqual([
				['Окна', 1300021],
				['Двери', null],
				['Монтаж', null],
			]);
		});

		it('a group ID, options of a number field and an unknown field are refused before sending', async () => {
			expect((await update({ groupId: '' })).error()?.message).toBe(
				'A catalog field does not take a Group ID',
			);
			expect((await update({ options: 'a' }, HOURS)).error()?.message).toBe(
				'The numeric field "Часы" has no options',
			);
			const unknown = (await update({ sort: 1 }, 'NOPE')).error();
			expect(unknown?.message).toBe('Catalog 5002 has no custom field "NOPE"');
			expect((unknown as any)?.description).toBe(
				'Known fields: LEVEL, Вид (980012), Часы (980013).',
			);
			expect(
				(
					await run({
						operation: 'update',
						entityType: 'catalogs',
						catalogId: 4999,
						fieldId: 'LEVEL',
						updateFields: { sort: 1 },
					})
				).error()?.message,
			).toBe('amoCRM has no catalog with ID 4999');
			expect(await writes()).toEqual([]);
		});

		it('delete removes a catalog field and its values from elements; a product field is refused', async () => {
			const { out } = await run({
				operation: 'delete',
				entityType: 'catalogs',
				catalogId: SERVICES,
				fieldId: String(HOURS),
			});
			expect(out).toEqual([
				{ id: HOURS, name: 'Часы', entity_type: 'catalogs', catalog_id: SERVICES, deleted: true },
			]);
			expect((await writes()).map((r) => [r.method, r.path])).toEqual([
				['DELETE', `/api/v4/catalogs/${SERVICES}/custom_fields/${HOURS}`],
			]);
			expect(await catalogFieldNamed(SERVICES, 'Часы')).toBeUndefined();
			expect((await setupValues()).map((f: any) => f.field_id)).toEqual([LEVEL]);
			const sku = await run({
				operation: 'delete',
				entityType: 'catalogs',
				catalogId: PRODUCTS,
				fieldId: 'SKU',
			});
			expect(sku.error()?.message).toBe('amoCRM does not let the field "SKU" be deleted');
			expect((await writes()).filter((r) => r.path.includes(String(PRODUCTS)))).toEqual([]);
			expect((await catalogFields(PRODUCTS)).map((f) => f.code)).toContain('SKU');
		});
	});

	it('get many lists a catalog’s fields by sort, filtered by type', async () => {
		const { out } = await run({
			operation: 'getAll',
			entityType: 'catalogs',
			catalogId: SERVICES,
			returnAll: true,
			types: ['select', 'numeric'],
		});
		expect(out.map((f) => [f.id, f.name, f.entity_type])).toEqual([
			[HOURS, 'Часы', 'catalogs'],
			[LEVEL, 'Уровень', 'catalogs'],
		]);
		expect(out[1]).toMatchObject({ enums: LEVELS, is_deletable: true });
		expect(JSON.stringify(out)).not.toContain('_links');
		const request = (await apiRequests(sandbox)).at(-1)!;
		expect(request.path).toBe(`/api/v4/catalogs/${SERVICES}/custom_fields`);
		expect(request.query).toMatchObject({
			order: { sort: 'asc' },
			filter: { type: { 0: 'select', 1: 'numeric' } },
		});
		const unknown = await run({
			operation: 'getAll',
			entityType: 'catalogs',
			catalogId: 4999,
			returnAll: true,
		});
		expect(unknown.error()?.message).toBe('amoCRM has no catalog with ID 4999');
	});

	it('field groups of catalogs: get, create for two catalogs, move fields into, and delete', async () => {
		const groups = await run({
			operation: 'getGroups',
			entityType: 'catalogs',
			catalogId: SERVICES,
		});
		expect(groups.out).toEqual([
			{
				id: 'default',
				name: 'Основное',
				sort: 0,
				entity_type: 'catalogs',
				is_predefined: true,
				type: 'custom_field_group',
				fields: [LEVEL, KIND, HOURS],
			},
		]);
		expect((await apiRequests(sandbox)).at(-1)!.path).toBe(
			`/api/v4/catalogs/${SERVICES}/custom_fields/groups`,
		);

		const created = await run(
			{
				operation: 'createGroup',
				entityType: 'catalogs',
				catalogId: '={{$json.catalog}}',
				name: '={{$json.name}}',
				sort: 5,
			},
			{
				items: [
					{ catalog: SERVICES, name: 'Цены' },
					{ catalog: PRODUCTS, name: 'Склад' },
					{ catalog: SERVICES, name: 'Сроки' },
				],
			},
		);
		expect((await writes()).map((r) => [r.method, r.path, r.body.map((g: any) => g.name)])).toEqual(
			[
				['POST', `/api/v4/catalogs/${SERVICES}/custom_fields/groups`, ['Цены', 'Сроки']],
				['POST', `/api/v4/catalogs/${PRODUCTS}/custom_fields/groups`, ['Склад']],
			],
		);
		expect(created.out.map((g) => [g.name, g.entity_type])).toEqual([
			['Цены', 'catalogs'],
			['Склад', 'catalogs'],
			['Сроки', 'catalogs'],
		]);
		const prices = String(created.out[0].id);
		const stored = (await state(sandbox)).custom_field_groups.filter(
			(g: any) => g.entity_type === 'catalogs',
		);
		expect(stored.map((g: any) => [g.catalog_id, g.name])).toEqual([
			[SERVICES, 'Основное'],
			[SERVICES, 'Цены'],
			[SERVICES, 'Сроки'],
			[PRODUCTS, 'Основное'],
			[PRODUCTS, 'Склад'],
		]);

		const moved = await run({
			operation: 'updateGroup',
			entityType: 'catalogs',
			catalogId: SERVICES,
			groupId: prices,
			updateFields: { fields: `LEVEL, ${HOURS}` },
		});
		expect(moved.out[0]).toMatchObject({ id: prices, name: 'Цены', fields: [LEVEL, HOURS] });
		expect((await writes()).at(-1)).toMatchObject({
			method: 'PATCH',
			path: `/api/v4/catalogs/${SERVICES}/custom_fields/groups/${prices}`,
			body: { fields: [LEVEL, HOURS] },
		});
		expect((await catalogFieldNamed(SERVICES, 'Уровень')).group_id).toBe(prices);
		const elsewhere = await run({
			operation: 'updateGroup',
			entityType: 'catalogs',
			catalogId: PRODUCTS,
			groupId: prices,
			updateFields: { name: 'x' },
		});
		expect(elsewhere.error()?.message).toContain('Group not found');

		const deleted = await run({
			operation: 'deleteGroup',
			entityType: 'catalogs',
			catalogId: SERVICES,
			groupId: prices,
		});
		expect(deleted.out).toEqual([
			{ id: prices, entity_type: 'catalogs', catalog_id: SERVICES, deleted: true },
		]);
		expect((await writes()).at(-1)).toMatchObject({
			method: 'DELETE',
			path: `/api/v4/catalogs/${SERVICES}/custom_fields/groups/${prices}`,
		});
		expect((await catalogFieldNamed(SERVICES, 'Уровень')).group_id).toBeNull();
		const main = await run({
			operation: 'deleteGroup',
			entityType: 'catalogs',
			catalogId: SERVICES,
			groupId: 'default',
		});
		expect(main.error()?.message).toBe(
			'amoCRM rejected the request: Predefined group can not be deleted',
		);
		const unknown = await run({ operation: 'getGroups', entityType: 'catalogs', catalogId: 4999 });
		expect(unknown.error()?.message).toBe('amoCRM has no catalog with ID 4999');
	});

	it('the Field and Group dropdowns list the chosen catalog’s fields and groups', async () => {
		const call = async (parameters: IDataObject, method: string) =>
			await callNodeMethod(
				chain([
					{
						name: 'amoCRM',
						parameters: { resource: 'customField', entityType: 'catalogs', ...parameters } as never,
					},
				]),
				'amoCRM',
				credentialsFor(sandbox),
				'loadOptions',
				method,
			);
		expect(
			await call({ operation: 'update', catalogId: SERVICES }, 'getCustomFieldsOfEntity'),
		).toEqual([
			{ name: 'Вид', value: KIND, description: 'category' },
			{ name: 'Уровень (LEVEL)', value: 'LEVEL', description: 'select' },
			{ name: 'Часы', value: HOURS, description: 'numeric' },
		]);
		expect(
			await call({ operation: 'deleteGroup', catalogId: SERVICES }, 'getCustomFieldGroups'),
		).toEqual([{ name: 'Основное', value: 'default' }]);
		const before = (await apiRequests(sandbox)).length;
		expect(await call({ operation: 'delete' }, 'getCustomFieldsOfEntity')).toEqual([]);
		expect(await call({ operation: 'updateGroup' }, 'getCustomFieldGroups')).toEqual([]);
		expect((await apiRequests(sandbox)).length).toBe(before);
		await expect(
			call({ operation: 'delete', catalogId: 4999 }, 'getCustomFieldsOfEntity'),
		).rejects.toThrow('amoCRM has no such resource: Catalog 4999 not found');
	});

	it('the Catalog parameter shows once, for Catalog or an Entity Type expression, and never blocks a run', () => {
		const catalogParameters = new AmoCrm().description.properties.filter(
			(p) => p.name === 'catalogId',
		);
		const shown = (parameters: IDataObject) =>
			catalogParameters.filter((p) =>
				NodeHelpers.displayParameter(parameters as never, p, null, null),
			);
		for (const operation of [
			'create',
			'update',
			'delete',
			'getAll',
			'getGroups',
			'createGroup',
			'updateGroup',
			'deleteGroup',
		]) {
			expect(shown({ resource: 'customField', operation, entityType: 'catalogs' })).toHaveLength(1);
			expect(
				shown({ resource: 'customField', operation, entityType: '={{ $json.entity }}' }),
			).toHaveLength(1);
			expect(shown({ resource: 'customField', operation, entityType: 'leads' })).toEqual([]);
		}
		expect(
			shown({ resource: 'customField', operation: 'create', entityType: 'catalogs' })[0],
		).toMatchObject({ type: 'options', typeOptions: { loadOptionsMethod: 'getCatalogs' } });
		expect(
			shown({ resource: 'customField', operation: 'create', entityType: 'catalogs' })[0].required,
		).toBeUndefined();
	});

	it('the sandbox keeps the reference’s rules for catalog fields', async () => {
		// Direct calls, not paced like the node's: the rate limit is not what this test is about.
		await faults(sandbox, { rps: 0 });
		const api = async (method: string, path: string, body?: unknown) => {
			const response = await fetch(`${sandbox.url}/api/v4/${path}`, {
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
		const errors = (answer: { body: any }) =>
			answer.body['validation-errors'][0].errors.map((e: any) => [e.code, e.path]);
		expect(
			(await api('POST', 'catalogs/4999/custom_fields', [{ name: 'x', type: 'text' }])).status,
		).toBe(404);
		expect((await api('GET', 'catalogs/4999/custom_fields')).status).toBe(404);
		expect((await api('GET', 'catalogs/4999/custom_fields/groups')).status).toBe(404);
		expect(
			errors(
				await api('POST', `catalogs/${SERVICES}/custom_fields`, [{ name: 'x', type: 'birthday' }]),
			),
		).toEqual([['NotSupportedChoice', 'type']]);
		expect(
			errors(
				await api('POST', `catalogs/${SERVICES}/custom_fields`, [{ name: 'x', type: 'supplier' }]),
			),
		).toEqual([['NotSupportedChoice', 'type']]);
		expect(
			errors(
				await api('POST', `catalogs/${SERVICES}/custom_fields`, [
					{ name: 'x', type: 'text', group_id: 'default', is_api_only: true },
				]),
			),
		).toEqual([
			['NotSupportedField', 'group_id'],
			['NotSupportedField', 'is_api_only'],
		]);
		expect(
			errors(
				await api('POST', `catalogs/${SERVICES}/custom_fields`, [
					{ name: 'x', type: 'text', nested: [] },
				]),
			),
		).toEqual([['NotSupportedField', 'nested']]);
		expect(
			errors(
				await api('POST', `catalogs/${SERVICES}/custom_fields`, [
					{ name: 'x', type: 'linked_entity', search_in: '4999' },
				]),
			),
		).toEqual([['NotSupportedChoice', 'search_in']]);
		expect(
			(
				await api('POST', `catalogs/${SERVICES}/custom_fields`, [
					{ name: 'x', type: 'linked_entity' },
				])
			).status,
		).toBe(422);
		expect(
			errors(
				await api('POST', 'leads/custom_fields', [{ name: 'x', type: 'price', is_required: true }]),
			),
		).toEqual([
			['NotSupportedField', 'is_required'],
			['NotSupportedChoice', 'type'],
		]);
		expect(
			errors(
				await api('POST', `catalogs/${INVOICES}/custom_fields`, [
					{ name: 'x', type: 'supplier', code: 'VENDOR' },
				]),
			),
		).toEqual([['NotSupportedChoice', 'code']]);
		const linked = await api('POST', `catalogs/${SERVICES}/custom_fields`, [
			{ name: 'Товар', type: 'linked_entity', search_in: String(PRODUCTS), is_required: true },
		]);
		expect(linked.status).toBe(201);
		expect(linked.body._embedded.custom_fields[0]).toMatchObject({
			entity_type: 'catalogs',
			search_in: String(PRODUCTS),
			is_required: true,
			is_visible: true,
			is_predefined: false,
		});
		const sku = (await catalogFields(PRODUCTS)).find((f) => f.code === 'SKU');
		expect((await api('DELETE', `catalogs/${PRODUCTS}/custom_fields/${sku.id}`)).status).toBe(400);
		expect((await api('GET', `catalogs/${PRODUCTS}/custom_fields/${sku.id}`)).body).toMatchObject({
			is_predefined: true,
			is_deletable: false,
		});
		expect(
			(
				await api('PATCH', `catalogs/${SERVICES}/custom_fields/groups/default`, {
					fields: [sku.id],
				})
			).status,
		).toBe(400);
		expect(await catalogFields(SERVICES)).toHaveLength(4);
	});
});
