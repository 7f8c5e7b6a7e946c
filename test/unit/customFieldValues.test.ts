// Custom-field mapping on generated input: any field key, value, type code, address part and Clear
// flag either becomes values shaped for the field's type or stops with a NodeOperationError naming
// the problem — never another exception, never a value the field cannot take.
import fc from 'fast-check';
import { type IExecuteFunctions, type INode, NodeOperationError } from 'n8n-workflow';

import {
	buildCustomFieldValues,
	type CustomFieldInput,
	type FieldDefinition,
} from '../../nodes/AmoCrm/helpers/customFields';
import { oncePerRun } from '../../nodes/shared/perRun';

const node = {
	id: '1',
	name: 'amoCRM',
	type: 'n8n-nodes-amocrm-envybox.amoCrm',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as INode;
const FIELDS: FieldDefinition[] = [
	{
		id: 1,
		name: 'Телефон',
		type: 'multitext',
		code: 'PHONE',
		enums: [
			{ id: 11, value: 'WORK' },
			{ id: 12, value: 'MOB' },
		],
	},
	{ id: 2, name: 'Бюджет', type: 'numeric', code: null, enums: null },
	{ id: 3, name: 'VIP', type: 'checkbox', code: null, enums: null },
	{ id: 4, name: 'День рождения', type: 'birthday', code: null, enums: null },
	{ id: 5, name: 'Сайт', type: 'url', code: 'WEB', enums: null },
	{
		id: 6,
		name: 'Источник',
		type: 'select',
		code: null,
		enums: [
			{ id: 61, value: 'Сайт' },
			{ id: 62, value: 'Звонок' },
		],
	},
	{
		id: 7,
		name: 'Интересы',
		type: 'multiselect',
		code: null,
		enums: [
			{ id: 71, value: 'ГБО' },
			{ id: 72, value: 'Сервис' },
		],
	},
	{ id: 8, name: 'Адрес', type: 'smart_address', code: 'ADDRESS', enums: null },
	{ id: 9, name: 'Комментарий', type: 'textarea', code: null, enums: null },
];

/** A node context whose field definitions are already read, as after the first request of a run. */
async function contextWithFields(): Promise<IExecuteFunctions> {
	const ctx = { getNode: () => node } as unknown as IExecuteFunctions;
	await oncePerRun(ctx, 'custom_fields:contacts', async () => FIELDS);
	return ctx;
}

const input: fc.Arbitrary<CustomFieldInput> = fc.record(
	{
		fieldId: fc.oneof(
			fc.constantFrom(
				'1',
				'2',
				'3',
				'4',
				'5',
				'6',
				'7',
				'8',
				'9',
				'PHONE',
				'web',
				'ADDRESS',
				'SKYPE',
				'',
			),
			fc.integer().map(String),
		),
		value: fc.oneof(
			fc.string(),
			fc.integer(),
			fc.double(),
			fc.boolean(),
			fc.constantFrom(
				'Сайт',
				'гбо, Сервис',
				'https://example.com',
				'2024-05-01',
				'да',
				'+7 931 604-70-33, 8 912 000 00 01',
			),
			fc.constant(null),
			fc.jsonValue(),
		),
		enumCode: fc.oneof(fc.constantFrom('WORK', 'mob', 'FAX', ''), fc.string()),
		subtype: fc.oneof(fc.constantFrom('city', 'zip', 'address_line_1'), fc.string()),
		clear: fc.boolean(),
	},
	{ requiredKeys: ['fieldId'] },
);

describe('custom-field mapping', () => {
	it('any rows: values fit their field, or a NodeOperationError says why', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(input, { maxLength: 5 }), async (rows) => {
				const ctx = await contextWithFields();
				let result;
				try {
					result = await buildCustomFieldValues(ctx, 'contacts', rows, 0);
				} catch (error) {
					expect(error).toBeInstanceOf(NodeOperationError);
					expect((error as Error).message.length).toBeGreaterThan(0);
					return;
				}
				for (const entry of result) {
					const field = FIELDS.find((f) => f.id === entry.field_id)!;
					expect(field).toBeDefined();
					if (entry.values === null) continue;
					expect((entry.values as unknown[]).length).toBeGreaterThan(0);
					for (const v of entry.values as Array<Record<string, unknown>>) {
						if (field.type === 'numeric') expect(Number.isFinite(v.value)).toBe(true);
						if (field.type === 'checkbox') expect(typeof v.value).toBe('boolean');
						if (field.type === 'birthday') expect(Number.isInteger(v.value)).toBe(true);
						if (field.type === 'select' || field.type === 'multiselect')
							expect(field.enums!.map((e) => e.id)).toContain(v.enum_id);
						if (field.type === 'multitext') expect(['WORK', 'MOB']).toContain(v.enum_code);
						if (field.type === 'url') expect(String(v.value)).toMatch(/^https?:\/\//i);
					}
					if (!['multitext', 'multiselect', 'smart_address'].includes(field.type))
						expect((entry.values as unknown[]).length).toBe(1);
				}
			}),
			{ numRuns: 3000 },
		);
	});
});

it('a value that JSON made an object with a "toString" key is read as its JSON, not a crash', async () => {
	const ctx = await contextWithFields();
	const value = JSON.parse('{"toString": {}}');
	expect(await buildCustomFieldValues(ctx, 'contacts', [{ fieldId: '9', value }], 0)).toEqual([
		{ field_id: 9, values: [{ value: '{"toString":{}}' }] },
	]);
	await expect(
		buildCustomFieldValues(ctx, 'contacts', [{ fieldId: '2', value }], 0),
	).rejects.toThrow('The value "{"toString":{}}" does not fit the numeric field "Бюджет"');
});
