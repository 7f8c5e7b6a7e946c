import { runAmoCrm, seed, state, useSandbox } from './amocrm';

const sandbox = useSandbox();

const FIELDS = {
	text: 910001,
	numeric: 910002,
	checkbox: 910003,
	select: 910004,
	multiselect: 910005,
	date: 910006,
	dateTime: 910007,
	url: 910008,
	address: 910009,
};

const leadFields = [
	{
		id: FIELDS.text,
		name: 'Комментарий',
		type: 'text',
		code: null,
		sort: 1,
		entity_type: 'leads',
		enums: null,
	},
	{
		id: FIELDS.numeric,
		name: 'Площадь',
		type: 'numeric',
		code: null,
		sort: 2,
		entity_type: 'leads',
		enums: null,
	},
	{
		id: FIELDS.checkbox,
		name: 'Оплачено',
		type: 'checkbox',
		code: null,
		sort: 3,
		entity_type: 'leads',
		enums: null,
	},
	{
		id: FIELDS.select,
		name: 'Источник',
		type: 'select',
		code: 'SOURCE',
		sort: 4,
		entity_type: 'leads',
		enums: [
			{ id: 1301, value: 'Сайт', sort: 1 },
			{ id: 1302, value: 'Звонок', sort: 2 },
		],
	},
	{
		id: FIELDS.multiselect,
		name: 'Услуги',
		type: 'multiselect',
		code: null,
		sort: 5,
		entity_type: 'leads',
		enums: [
			{ id: 1311, value: 'Монтаж', sort: 1 },
			{ id: 1312, value: 'Доставка', sort: 2 },
			{ id: 1313, value: 'Сборка', sort: 3 },
		],
	},
	{
		id: FIELDS.date,
		name: 'Дата замера',
		type: 'date',
		code: null,
		sort: 6,
		entity_type: 'leads',
		enums: null,
	},
	{
		id: FIELDS.dateTime,
		name: 'Созвон',
		type: 'date_time',
		code: null,
		sort: 7,
		entity_type: 'leads',
		enums: null,
	},
	{
		id: FIELDS.url,
		name: 'Страница',
		type: 'url',
		code: null,
		sort: 8,
		entity_type: 'leads',
		enums: null,
	},
	{
		id: FIELDS.address,
		name: 'Адрес объекта',
		type: 'smart_address',
		code: null,
		sort: 9,
		entity_type: 'leads',
		enums: null,
	},
];

const valueOf = (lead: any, id: number) =>
	lead.custom_fields_values?.find((f: any) => f.field_id === id)?.values;

beforeEach(async () => {
	await seed(sandbox, { custom_fields: { leads: leadFields } });
});

describe('custom-field editor', () => {
	it('shapes every field type from its text value', async () => {
		await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'create',
			name: 'Замер',
			additionalFields: {
				customFields: {
					field: [
						{ fieldId: FIELDS.text, value: 'перезвонить после 18' },
						{ fieldId: FIELDS.numeric, value: '12,5' },
						{ fieldId: FIELDS.checkbox, value: 'да' },
						{ fieldId: 'SOURCE', value: 'звонок' },
						{ fieldId: FIELDS.multiselect, value: 'Монтаж, 1313' },
						{ fieldId: FIELDS.multiselect, value: 'Доставка' },
						{ fieldId: FIELDS.date, value: '2026-05-08' },
						{ fieldId: FIELDS.dateTime, value: '2026-05-08T10:00:00+03:00' },
						{ fieldId: FIELDS.url, value: 'https://example.ru/form' },
						{ fieldId: FIELDS.address, value: 'ул. Ленина, 1', subtype: 'address_line_1' },
						{ fieldId: FIELDS.address, value: 'Москва', subtype: 'city' },
						{ fieldId: FIELDS.address, value: '101000', subtype: 'zip' },
					],
				},
			},
		});
		const [lead] = (await state(sandbox)).leads;
		expect(valueOf(lead, FIELDS.text)).toEqual([{ value: 'перезвонить после 18' }]);
		expect(valueOf(lead, FIELDS.numeric)).toEqual([{ value: '12.5' }]);
		expect(valueOf(lead, FIELDS.checkbox)).toEqual([{ value: true }]);
		expect(valueOf(lead, FIELDS.select)).toEqual([{ value: 'Звонок', enum_id: 1302 }]);
		expect(valueOf(lead, FIELDS.multiselect)).toEqual([
			{ value: 'Монтаж', enum_id: 1311 },
			{ value: 'Сборка', enum_id: 1313 },
			{ value: 'Доставка', enum_id: 1312 },
		]);
		expect(valueOf(lead, FIELDS.date)).toEqual([{ value: Date.UTC(2026, 4, 8) / 1000 }]);
		expect(valueOf(lead, FIELDS.dateTime)).toEqual([{ value: Date.UTC(2026, 4, 8, 7) / 1000 }]);
		expect(valueOf(lead, FIELDS.url)).toEqual([{ value: 'https://example.ru/form' }]);
		expect(valueOf(lead, FIELDS.address)).toEqual([
			{ value: 'ул. Ленина, 1', subtype: 'address_line_1' },
			{ value: 'Москва', subtype: 'city' },
			{ value: '101000', subtype: 'zip' },
		]);
	});

	it('clears a field only when asked, and skips empty values', async () => {
		await seed(sandbox, {
			leads: [
				{
					id: 30000001,
					name: 'Сделка',
					custom_fields_values: [
						{ field_id: FIELDS.text, values: [{ value: 'старое' }] },
						{ field_id: FIELDS.numeric, values: [{ value: 5 }] },
					],
				},
			],
		});
		await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'update',
			leadId: { mode: 'id', value: '30000001' },
			updateFields: {
				customFields: {
					field: [
						{ fieldId: FIELDS.text, clear: true },
						{ fieldId: FIELDS.numeric, value: '' },
					],
				},
			},
		});
		const [lead] = (await state(sandbox)).leads;
		expect(valueOf(lead, FIELDS.text)).toBeUndefined();
		expect(valueOf(lead, FIELDS.numeric)).toEqual([{ value: '5' }]);
	});

	it.each([
		[
			{ fieldId: FIELDS.numeric, value: 'много' },
			'The value "много" does not fit the numeric field "Площадь"',
			'Expected a number.',
		],
		[
			{ fieldId: FIELDS.checkbox, value: 'может быть' },
			'The value "может быть" does not fit the checkbox field "Оплачено"',
			'Expected true or false.',
		],
		[
			{ fieldId: FIELDS.select, value: 'Реклама' },
			'The value "Реклама" does not fit the select field "Источник"',
			'Expected one of: Сайт, Звонок.',
		],
		[
			{ fieldId: FIELDS.date, value: 'завтра' },
			'The value "завтра" does not fit the date field "Дата замера"',
			'Expected a date (ISO 8601 or Unix seconds).',
		],
		[
			{ fieldId: FIELDS.address, value: 'x', subtype: 'street' },
			'"street" is not a part of an address',
			'Use one of: address_line_1, address_line_2, city, state, zip, country.',
		],
	])('refuses %j with a clear message before writing', async (row, message, description) => {
		const result = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'create',
			name: 'X',
			additionalFields: { customFields: { field: [row] } },
		});
		expect(result.error()?.message).toBe(message);
		expect((result.error() as any).description).toBe(description);
		expect((await state(sandbox)).leads).toHaveLength(0);
	});

	it('refuses two values for a one-value field and a field both cleared and set', async () => {
		const twice = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'create',
			name: 'X',
			additionalFields: {
				customFields: {
					field: [
						{ fieldId: FIELDS.text, value: 'a' },
						{ fieldId: FIELDS.text, value: 'b' },
					],
				},
			},
		});
		expect(twice.error()?.message).toBe(
			'The text field "Комментарий" takes one value, but was given several',
		);
		const both = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'create',
			name: 'X',
			additionalFields: {
				customFields: {
					field: [
						{ fieldId: FIELDS.text, value: 'a' },
						{ fieldId: FIELDS.text, clear: true },
					],
				},
			},
		});
		expect(both.error()?.message).toBe('The field "Комментарий" is both cleared and set');
	});
});
