import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizeEmail, normalizePhone } from '../../shared/contactKeys';
import { amoCrmApiRequestAllItems, type AmoCrmContext, oncePerRun } from '../transport';

export type EntityPath = 'leads' | 'contacts' | 'companies';

export interface FieldDefinition {
	id: number;
	name: string;
	type: string;
	code: string | null;
	enums: Array<{ id: number; value: string }> | null;
}

export const PHONE_TYPES = ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER'];
export const EMAIL_TYPES = ['WORK', 'PRIV', 'OTHER'];

/** The entity's custom field definitions, read once per node run. */
export async function fieldDefinitions(ctx: AmoCrmContext, entity: EntityPath): Promise<FieldDefinition[]> {
	return await oncePerRun(ctx, `custom_fields:${entity}`, async () =>
		(await amoCrmApiRequestAllItems.call(ctx, `/api/v4/${entity}/custom_fields`, 'custom_fields')) as unknown as FieldDefinition[],
	);
}

export interface CustomFieldInput {
	fieldId: string | number;
	value?: unknown;
	enumCode?: string;
}

function toTimestamp(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value > 1e12 ? value / 1000 : value);
	const text = String(value ?? '').trim();
	if (/^\d+$/.test(text)) return toTimestamp(Number(text));
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? null : Math.floor(parsed / 1000);
}

function toBoolean(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	const text = String(value ?? '').trim().toLowerCase();
	if (['true', '1', 'yes', 'да'].includes(text)) return true;
	if (['false', '0', 'no', 'нет'].includes(text)) return false;
	return null;
}

/**
 * Turns "field (ID or code) + text value" pairs into amoCRM's `custom_fields_values`, shaped by
 * each field's type. An empty value clears the field when `emptyClears` (updates).
 */
export async function buildCustomFieldValues(
	ctx: IExecuteFunctions,
	entity: EntityPath,
	inputs: CustomFieldInput[],
	itemIndex: number,
	emptyClears: boolean,
): Promise<IDataObject[]> {
	if (!inputs.length) return [];
	const definitions = await fieldDefinitions(ctx, entity);
	const fail = (message: string, description?: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	const result: IDataObject[] = [];
	for (const input of inputs) {
		const key = String(input.fieldId ?? '').trim();
		const field = /^\d+$/.test(key)
			? definitions.find((d) => d.id === Number(key))
			: definitions.find((d) => d.code !== null && d.code.toUpperCase() === key.toUpperCase());
		if (!field) {
			const known = definitions.map((d) => d.code ?? `${d.name} (${d.id})`).join(', ');
			throw fail(`The ${entity} custom field "${key}" does not exist in this amoCRM account`, `Known fields: ${known || 'none'}.`);
		}
		const raw = input.value;
		const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
		if (empty) {
			if (emptyClears) result.push({ field_id: field.id, values: null });
			continue;
		}
		const text = String(raw).trim();
		const bad = (expected: string) =>
			fail(`The value "${text}" does not fit the ${field.type} field "${field.name}"`, `Expected ${expected}.`);
		let values: IDataObject[];
		switch (field.type) {
			case 'numeric':
			case 'price':
			case 'monetary': {
				const n = Number(text.replace(',', '.').replace(/\s/g, ''));
				if (!Number.isFinite(n)) throw bad('a number');
				values = [{ value: n }];
				break;
			}
			case 'checkbox': {
				const b = toBoolean(raw);
				if (b === null) throw bad('true or false');
				values = [{ value: b }];
				break;
			}
			case 'date':
			case 'date_time':
			case 'birthday': {
				const t = toTimestamp(raw);
				if (t === null) throw bad('a date (ISO 8601 or Unix seconds)');
				values = [{ value: t }];
				break;
			}
			case 'select':
			case 'radiobutton':
			case 'multiselect': {
				const parts = field.type === 'multiselect' ? text.split(',').map((p) => p.trim()).filter(Boolean) : [text];
				values = parts.map((part) => {
					const option = (field.enums ?? []).find((e) => String(e.id) === part || e.value.toLowerCase() === part.toLowerCase());
					if (!option) throw bad(`one of: ${(field.enums ?? []).map((e) => e.value).join(', ')}`);
					return { enum_id: option.id };
				});
				break;
			}
			case 'multitext': {
				const code = (input.enumCode ?? '').trim().toUpperCase() || 'WORK';
				const options = (field.enums ?? []).map((e) => e.value);
				if (options.length && !options.includes(code)) throw fail(`"${code}" is not a type of the field "${field.name}"`, `Use one of: ${options.join(', ')}.`);
				values = text.split(',').map((v) => v.trim()).filter(Boolean).map((value) => ({ value, enum_code: code }));
				break;
			}
			default:
				values = [{ value: text }];
		}
		result.push({ field_id: field.id, values });
	}
	return result;
}

export interface PhoneInput {
	number?: string;
	type?: string;
}
export interface EmailInput {
	address?: string;
	type?: string;
}

/** PHONE values in E.164 form; a number with no usable digits is an error, not a silent skip. */
export function phoneValues(ctx: IExecuteFunctions, phones: PhoneInput[], itemIndex: number): IDataObject[] {
	return phones
		.filter((p) => String(p.number ?? '').trim() !== '')
		.map((p) => {
			const normalized = normalizePhone(p.number);
			if (!normalized) {
				throw new NodeOperationError(ctx.getNode(), `"${p.number}" is not a usable phone number`, {
					itemIndex,
					description: 'A phone needs 10 to 15 digits, e.g. +7 931 604-70-33 or 89316047033.',
				});
			}
			return { value: normalized.e164, enum_code: p.type || 'WORK' };
		});
}

export function emailValues(ctx: IExecuteFunctions, emails: EmailInput[], itemIndex: number): IDataObject[] {
	return emails
		.filter((e) => String(e.address ?? '').trim() !== '')
		.map((e) => {
			const email = normalizeEmail(e.address);
			if (!email) {
				throw new NodeOperationError(ctx.getNode(), `"${e.address}" is not a usable email address`, { itemIndex });
			}
			return { value: email, enum_code: e.type || 'WORK' };
		});
}

/** Values of the multitext field with this code, as stored in amoCRM. */
export function fieldTexts(entity: IDataObject, code: string): string[] {
	const fields = (entity.custom_fields_values ?? []) as IDataObject[];
	return fields
		.filter((f) => f.field_code === code)
		.flatMap((f) => ((f.values ?? []) as IDataObject[]).map((v) => String(v.value ?? '')));
}

/** Custom fields other than PHONE/EMAIL as `{ field name: value }` (lists for several values). */
export function customFieldMap(entity: IDataObject): IDataObject {
	const map: IDataObject = {};
	for (const field of (entity.custom_fields_values ?? []) as IDataObject[]) {
		if (field.field_code === 'PHONE' || field.field_code === 'EMAIL') continue;
		const values = ((field.values ?? []) as IDataObject[]).map((v) => v.value as string);
		map[String(field.field_name ?? field.field_id)] = values.length === 1 ? values[0] : values;
	}
	return map;
}
