import type { IDataObject } from 'n8n-workflow';

import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, runAmoCrm, seed, useSandbox } from './amocrm';

const sandbox = useSandbox();

const ORDER = 912001;
const BUDGET = 912002;
const SOURCE = 912003;
const VIP = 912004;
const INN = 912005;
const leadFields = [
	{
		id: ORDER,
		name: 'Номер заказа',
		type: 'text',
		code: null,
		sort: 10,
		entity_type: 'leads',
		enums: null,
	},
	{
		id: BUDGET,
		name: 'Бюджет клиента',
		type: 'numeric',
		code: null,
		sort: 20,
		entity_type: 'leads',
		enums: null,
	},
	{
		id: SOURCE,
		name: 'Источник',
		type: 'select',
		code: null,
		sort: 30,
		entity_type: 'leads',
		enums: [
			{ id: 1300001, value: 'Сайт', sort: 1 },
			{ id: 1300002, value: 'Звонок', sort: 2 },
		],
	},
	{
		id: VIP,
		name: 'VIP',
		type: 'checkbox',
		code: null,
		sort: 40,
		entity_type: 'leads',
		enums: null,
	},
];
const text = (field: number, value: unknown) => ({ field_id: field, values: [{ value }] });

const find = (resource: string, field: string | number, value: string, extra: IDataObject = {}) =>
	runAmoCrm(sandbox, { resource, operation: 'findByFieldValue', field, value, ...extra });

describe('find by field value', () => {
	beforeEach(async () => {
		await seed(sandbox, {
			custom_fields: {
				leads: leadFields,
				companies: [
					{
						id: INN,
						name: 'ИНН',
						type: 'text',
						code: null,
						sort: 5,
						entity_type: 'companies',
						enums: null,
					},
				],
			},
		});
	});

	it('lead: only the lead whose field holds the whole value, not full-text neighbours', async () => {
		await seed(sandbox, {
			leads: [
				{ id: 30000101, name: 'Заказ', custom_fields_values: [text(ORDER, 'ЗК-10482')] },
				{ id: 30000102, name: 'Другой заказ', custom_fields_values: [text(ORDER, 'ЗК-104825')] },
				{ id: 30000103, name: 'Повтор ЗК-10482', custom_fields_values: [text(ORDER, 'ЗК-1')] },
			],
		});
		const { out } = await find('lead', ORDER, ' зк-10482 ');
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({
			found: true,
			matchCount: 1,
			matchIds: [30000101],
			candidateCount: 3,
			field: { id: ORDER, name: 'Номер заказа', type: 'text' },
			value: 'зк-10482',
		});
		expect((out[0].records as IDataObject[]).map((r) => r.id)).toEqual([30000101]);
		expect((out[0].records as IDataObject[])[0]).toMatchObject({
			name: 'Заказ',
			custom_fields: { 'Номер заказа': 'ЗК-10482' },
		});
		const requests = await apiRequests(sandbox);
		expect(requests.filter((r) => r.path === '/api/v4/leads')).toEqual([
			expect.objectContaining({
				method: 'GET',
				query: expect.objectContaining({ query: 'зк-10482' }),
			}),
		]);
	});

	it('several true matches are all returned, lowest ID first; none is found: false', async () => {
		await seed(sandbox, {
			leads: [
				{ id: 30000202, name: 'b', custom_fields_values: [text(SOURCE, 'Сайт')] },
				{ id: 30000201, name: 'a', custom_fields_values: [text(SOURCE, 'Сайт')] },
				{ id: 30000203, name: 'Сайт', custom_fields_values: [text(SOURCE, 'Звонок')] },
			],
		});
		const many = await find('lead', SOURCE, 'сайт');
		expect(many.out[0]).toMatchObject({
			found: true,
			matchCount: 2,
			matchIds: [30000201, 30000202],
		});
		const none = await find('lead', ORDER, 'ЗК-00000');
		expect(none.out[0]).toMatchObject({ found: false, matchCount: 0, matchIds: [], records: [] });
	});

	it('numbers are compared as numbers', async () => {
		await seed(sandbox, {
			leads: [
				{ id: 30000301, name: 'n', custom_fields_values: [text(BUDGET, '15000')] },
				{ id: 30000302, name: 'm', custom_fields_values: [text(BUDGET, '150000')] },
			],
		});
		const { out } = await find('lead', BUDGET, '15000');
		expect(out[0]).toMatchObject({ matchIds: [30000301], candidateCount: 2 });
	});

	it('company: a text field (INN), and a phone found however it was saved', async () => {
		await seed(sandbox, {
			companies: [
				{
					id: 40000101,
					name: 'ООО Ромашка',
					custom_fields_values: [
						text(INN, '7701234567'),
						{
							field_id: AMOCRM_SANDBOX.fields.companyPhone,
							values: [{ value: '+7 (931) 604-70-33', enum_code: 'WORK' }],
						},
					],
				},
				{ id: 40000102, name: 'ИП 7701234567', custom_fields_values: [] },
			],
		});
		const inn = await find('company', INN, '7701234567');
		expect(inn.out[0]).toMatchObject({ matchIds: [40000101], candidateCount: 2 });
		const phone = await find('company', 'PHONE', '89316047033');
		expect(phone.out[0]).toMatchObject({
			found: true,
			matchIds: [40000101],
			searches: ['9316047033', '604-70-33'],
		});
		expect((phone.out[0].records as IDataObject[])[0]).toMatchObject({
			id: 40000101,
			name: 'ООО Ромашка',
		});
	});

	it('contact: an email field, normalised', async () => {
		await seed(sandbox, {
			contacts: [
				{
					id: 20000101,
					name: 'Анна',
					custom_fields_values: [
						{
							field_id: AMOCRM_SANDBOX.fields.contactEmail,
							values: [{ value: 'Anna@Example.com', enum_code: 'WORK' }],
						},
					],
				},
			],
		});
		const { out } = await find('contact', 'EMAIL', 'anna@example.com', { simplify: false });
		expect(out[0]).toMatchObject({ matchIds: [20000101] });
		expect((out[0].records as IDataObject[])[0]).toMatchObject({
			id: 20000101,
			custom_fields_values: expect.any(Array),
		});
		expect(JSON.stringify(out)).not.toContain('_links');
	});

	it('an unknown field, a field that cannot be compared, and an empty value are clear errors with no search', async () => {
		const unknown = await find('lead', 'ORDER_NO', 'x');
		expect(unknown.error()?.message).toBe(
			'The leads custom field "ORDER_NO" does not exist in this amoCRM account',
		);
		const checkbox = await find('lead', VIP, 'true');
		expect(checkbox.error()?.message).toBe('The checkbox field "VIP" cannot be found by value');
		const empty = await find('lead', ORDER, '  ');
		expect(empty.error()?.message).toBe('Value is empty');
		expect((await apiRequests(sandbox)).filter((r) => r.path === '/api/v4/leads')).toEqual([]);
	});
});
