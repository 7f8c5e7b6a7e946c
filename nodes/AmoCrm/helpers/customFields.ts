import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizeEmail, normalizePhone, samePhone } from '../../shared/contactKeys';
import { asText } from '../../shared/text';
import { amoCrmApiRequestAllItems, type AmoCrmContext, oncePerRun } from '../transport';

export type EntityPath = 'leads' | 'contacts' | 'companies' | 'customers';
/** Whose custom fields: an entity type's, or a catalog's (`catalogs/{catalog ID}`). */
export type FieldOwner = EntityPath | `catalogs/${number}`;

/** The path of whose fields they are: the entity type, or `catalogs/{catalog ID}` when the entity type is `catalogs`. */
export function fieldOwnerPath(entity: EntityPath | 'catalogs', catalogId = 0): FieldOwner {
	return entity === 'catalogs' ? `catalogs/${catalogId}` : entity;
}

export interface FieldDefinition {
	id: number;
	name: string;
	type: string;
	code: string | null;
	enums: Array<{ id: number; value: string }> | null;
	/** The values of a catalog's `category` field, a tree (`parent_id`). */
	nested?: Array<{ id: number; value: string; parent_id?: number | null }> | null;
}

export const PHONE_TYPES = ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER'];
export const EMAIL_TYPES = ['WORK', 'PRIV', 'OTHER'];

/** The custom field definitions of an entity type or a catalog, read once per node run. */
export async function fieldDefinitions(
	ctx: AmoCrmContext,
	entity: FieldOwner,
): Promise<FieldDefinition[]> {
	return await oncePerRun(
		ctx,
		`custom_fields:${entity}`,
		async () =>
			(await amoCrmApiRequestAllItems.call(
				ctx,
				`/api/v4/${entity}/custom_fields`,
				'custom_fields',
			)) as unknown as FieldDefinition[],
	);
}

export interface CustomFieldInput {
	fieldId: string | number;
	value?: unknown;
	/** Phone/email type code (WORK, MOB, …) for multitext fields. */
	enumCode?: string;
	/** Part of an address field: address_line_1, city, zip, … */
	subtype?: string;
	/** Remove every value of the field. */
	clear?: boolean;
}

/** Address parts amoCRM keeps in a `smart_address` field; a write replaces them all. */
export const ADDRESS_SUBTYPES = [
	'address_line_1',
	'address_line_2',
	'city',
	'state',
	'zip',
	'country',
];

/** Field types that keep several values; the others take exactly one. */
const MULTI_VALUE_TYPES = [
	'multiselect',
	'multitext',
	'smart_address',
	'category',
	'items',
	'chained_list',
];

function toTimestamp(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value))
		return Math.floor(value > 1e12 ? value / 1000 : value);
	const text = asText(value).trim();
	if (/^\d+$/.test(text)) return toTimestamp(Number(text));
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? null : Math.floor(parsed / 1000);
}

function toBoolean(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	const text = asText(value).trim().toLowerCase();
	if (['true', '1', 'yes', 'да'].includes(text)) return true;
	if (['false', '0', 'no', 'нет'].includes(text)) return false;
	return null;
}

/** Finds a field by ID or code, or explains which fields exist. */
export function findField(
	ctx: IExecuteFunctions,
	entity: FieldOwner,
	definitions: FieldDefinition[],
	key: string,
	itemIndex: number,
): FieldDefinition {
	const field = /^\d+$/.test(key)
		? definitions.find((d) => d.id === Number(key))
		: definitions.find((d) => d.code !== null && d.code.toUpperCase() === key.toUpperCase());
	if (!field) {
		const known = definitions.map((d) => d.code ?? `${d.name} (${d.id})`).join(', ');
		const message = entity.startsWith('catalogs/')
			? `Catalog ${entity.slice('catalogs/'.length)} has no custom field "${key}"`
			: `The ${entity} custom field "${key}" does not exist in this amoCRM account`;
		throw new NodeOperationError(ctx.getNode(), message, {
			itemIndex,
			description: `Known fields: ${known || 'none'}.`,
		});
	}
	return field;
}

/** amoCRM value objects for one field from one text (or typed) value, by the field's type. */
function valuesFor(
	ctx: IExecuteFunctions,
	field: FieldDefinition,
	input: CustomFieldInput,
	itemIndex: number,
): IDataObject[] {
	const raw = input.value;
	const text = asText(raw).trim();
	const fail = (message: string, description?: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	const bad = (expected: string) =>
		fail(
			`The value "${text}" does not fit the ${field.type} field "${field.name}"`,
			`Expected ${expected}.`,
		);
	switch (field.type) {
		case 'numeric':
		case 'price':
		case 'monetary': {
			const n = Number(text.replace(',', '.').replace(/\s/g, ''));
			if (!Number.isFinite(n)) throw bad('a number');
			// A catalog's price columns take their value as text.
			return [{ value: field.type === 'price' ? String(n) : n }];
		}
		case 'category': {
			const option = (field.nested ?? []).find(
				(n) => String(n.id) === text || n.value.toLowerCase() === text.toLowerCase(),
			);
			if (!option)
				throw bad(
					`one of: ${(field.nested ?? []).map((n) => n.value).join(', ') || '(the field has no values yet)'}`,
				);
			return [{ enum_id: option.id }];
		}
		case 'checkbox': {
			const b = toBoolean(raw);
			if (b === null) throw bad('true or false');
			return [{ value: b }];
		}
		case 'date':
		case 'date_time':
		case 'birthday': {
			const t = toTimestamp(raw);
			if (t === null) throw bad('a date (ISO 8601 or Unix seconds)');
			return [{ value: t }];
		}
		case 'url':
			if (!/^https?:\/\/\S+$/i.test(text))
				throw bad('a web address starting with http:// or https://');
			return [{ value: text }];
		case 'select':
		case 'radiobutton':
		case 'multiselect': {
			const parts =
				field.type === 'multiselect'
					? text
							.split(',')
							.map((p) => p.trim())
							.filter(Boolean)
					: [text];
			return parts.map((part) => {
				const option = (field.enums ?? []).find(
					(e) => String(e.id) === part || e.value.toLowerCase() === part.toLowerCase(),
				);
				if (!option) throw bad(`one of: ${(field.enums ?? []).map((e) => e.value).join(', ')}`);
				return { enum_id: option.id };
			});
		}
		case 'multitext': {
			const code = (input.enumCode ?? '').trim().toUpperCase() || 'WORK';
			const options = (field.enums ?? []).map((e) => e.value);
			if (options.length && !options.includes(code))
				throw fail(
					`"${code}" is not a type of the field "${field.name}"`,
					`Use one of: ${options.join(', ')}.`,
				);
			return text
				.split(',')
				.map((v) => v.trim())
				.filter(Boolean)
				.map((value) => ({ value, enum_code: code }));
		}
		case 'smart_address': {
			const subtype = (input.subtype ?? '').trim() || 'address_line_1';
			if (!ADDRESS_SUBTYPES.includes(subtype))
				throw fail(
					`"${subtype}" is not a part of an address`,
					`Use one of: ${ADDRESS_SUBTYPES.join(', ')}.`,
				);
			return [{ value: text, subtype }];
		}
		default:
			return [{ value: text }];
	}
}

/**
 * Turns "field (ID or code) + value" rows into amoCRM's `custom_fields_values`, shaped by each
 * field's type. Rows for the same field are combined (several options of a multiselect, several
 * parts of an address). A row marked Clear sends `values: null`, which removes the field's values;
 * an empty value is skipped, so an expression that resolves to nothing never wipes data.
 */
export async function buildCustomFieldValues(
	ctx: IExecuteFunctions,
	entity: FieldOwner,
	inputs: CustomFieldInput[],
	itemIndex: number,
): Promise<IDataObject[]> {
	if (!inputs.length) return [];
	const definitions = await fieldDefinitions(ctx, entity);
	const byField = new Map<number, { field: FieldDefinition; values: IDataObject[] | null }>();
	const bothClearedAndSet = (field: FieldDefinition) =>
		new NodeOperationError(ctx.getNode(), `The field "${field.name}" is both cleared and set`, {
			itemIndex,
		});
	for (const input of inputs) {
		const field = findField(ctx, entity, definitions, asText(input.fieldId).trim(), itemIndex);
		const raw = input.value;
		const empty =
			raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
		const entry = byField.get(field.id) ?? { field, values: [] };
		byField.set(field.id, entry);
		if (input.clear) {
			if (entry.values?.length) throw bothClearedAndSet(field);
			entry.values = null;
			continue;
		}
		if (empty) continue;
		if (entry.values === null) throw bothClearedAndSet(field);
		entry.values.push(...valuesFor(ctx, field, input, itemIndex));
		if (!MULTI_VALUE_TYPES.includes(field.type) && entry.values.length > 1) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The ${field.type} field "${field.name}" takes one value, but was given several`,
				{ itemIndex },
			);
		}
	}
	return [...byField.values()]
		.filter((entry) => entry.values === null || entry.values.length > 0)
		.map((entry) => ({ field_id: entry.field.id, values: entry.values }));
}

export interface PhoneInput {
	number?: string;
	type?: string;
}
export interface EmailInput {
	address?: string;
	type?: string;
}

/** One entry's text split into its numbers or addresses: "a, b; c", or a list from an expression. */
function listed(raw: unknown): string[] {
	const parts = Array.isArray(raw) ? raw.map(asText) : asText(raw).split(/[,;]/);
	return parts.map((part) => part.trim()).filter(Boolean);
}

/**
 * PHONE values in E.164 form, each number once; an entry may hold several numbers separated by
 * commas (exports keep them that way). A number with no usable digits is an error, not a silent skip.
 */
export function phoneValues(
	ctx: IExecuteFunctions,
	phones: PhoneInput[],
	itemIndex: number,
): IDataObject[] {
	const values: IDataObject[] = [];
	for (const phone of phones) {
		for (const text of listed(phone.number)) {
			const normalized = normalizePhone(text);
			if (!normalized) {
				throw new NodeOperationError(ctx.getNode(), `"${text}" is not a usable phone number`, {
					itemIndex,
					description: 'A phone needs 10 to 15 digits, e.g. +7 931 604-70-33 or 89316047033.',
				});
			}
			if (values.some((v) => samePhone(v.value, normalized.e164))) continue;
			values.push({ value: normalized.e164, enum_code: phone.type || 'WORK' });
		}
	}
	return values;
}

/** EMAIL values, lower-cased, each address once; an entry may hold several separated by commas. */
export function emailValues(
	ctx: IExecuteFunctions,
	emails: EmailInput[],
	itemIndex: number,
): IDataObject[] {
	const values: IDataObject[] = [];
	for (const entry of emails) {
		for (const text of listed(entry.address)) {
			const email = normalizeEmail(text);
			if (!email)
				throw new NodeOperationError(ctx.getNode(), `"${text}" is not a usable email address`, {
					itemIndex,
				});
			if (!values.some((v) => v.value === email))
				values.push({ value: email, enum_code: entry.type || 'WORK' });
		}
	}
	return values;
}

/** Values of the multitext field with this code, as stored in amoCRM. */
export function fieldTexts(entity: IDataObject, code: string): string[] {
	const fields = (entity.custom_fields_values ?? []) as IDataObject[];
	return fields
		.filter((f) => f.field_code === code)
		.flatMap((f) => ((f.values ?? []) as IDataObject[]).map((v) => String(v.value ?? '')));
}

const SHOWN_APART = ['PHONE', 'EMAIL', 'WEB', 'ADDRESS'];

/** Custom fields other than the ones simplified output shows apart, as `{ field name: value }` (lists for several values). */
export function customFieldMap(entity: IDataObject): IDataObject {
	const map: IDataObject = {};
	for (const field of (entity.custom_fields_values ?? []) as IDataObject[]) {
		if (SHOWN_APART.includes(String(field.field_code))) continue;
		const values = ((field.values ?? []) as IDataObject[]).map((v) => v.value as string);
		map[String(field.field_name ?? field.field_id)] = values.length === 1 ? values[0] : values;
	}
	return map;
}
