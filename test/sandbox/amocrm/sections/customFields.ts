// Custom-field definitions and field groups, the write side (amoCRM's custom-fields reference page,
// Kommo's custom-fields write reference; amocrm-api-php Models/CustomFields). Reading fields stays in
// server.ts and the customers section; this answers the writes and the groups under
// `/{entity}/custom_fields`. Readings taken where the sources are silent (the less forgiving ones):
//  - a type the reference's matrix does not allow for the entity: 400 `NotSupportedChoice`;
//  - a select, multiselect or radio button without options, or an unknown group: 422;
//  - a code another field of the entity already has: 400 (uniqueness is not documented);
//  - PATCH with `enums`: listed ids are kept, items without an id are new, the rest are dropped with
//    the values that pointed to them (the reference warns that ids not sent are deleted);
//  - a predefined field (phone, email, web, address, position, messenger) cannot be deleted: 400;
//  - a predefined group cannot be deleted: 400.
// Every write is an administrator's: 403 for anyone else.
import type { JsonObject, SandboxRequest, SandboxResponse } from '../../common';
import { ok, noContent, problem, ValidationFailed, type ValidationError } from '../answers';
import type { AmoCrmSandbox } from '../server';
import { AMOCRM_SANDBOX, type Field } from '../state';
import type { SandboxSection } from './section';

const ENTITIES = ['leads', 'contacts', 'companies', 'customers'] as const;
type FieldEntity = (typeof ENTITIES)[number];

const EVERYWHERE = ['text', 'numeric', 'checkbox', 'select', 'multiselect', 'date', 'url', 'date_time', 'textarea', 'radiobutton', 'streetaddress', 'monetary', 'file'];
/** Which field type each entity takes (the reference's matrix); `chained_list` and `monetary` also need a paid option. */
const ALLOWED_TYPES: Record<FieldEntity, string[]> = {
	contacts: [...EVERYWHERE, 'multitext', 'smart_address', 'birthday', 'legal_entity'],
	leads: [...EVERYWHERE, 'smart_address', 'birthday', 'legal_entity', 'tracking_data', 'chained_list'],
	companies: [...EVERYWHERE, 'smart_address', 'birthday', 'legal_entity'],
	customers: [...EVERYWHERE, 'chained_list'],
};
const WITH_OPTIONS = ['select', 'multiselect', 'radiobutton'];
const PREDEFINED_CODES = ['PHONE', 'EMAIL', 'WEB', 'ADDRESS', 'POSITION', 'IM'];
const WRITABLE = ['type', 'name', 'code', 'sort', 'group_id', 'is_api_only', 'required_statuses', 'remind', 'enums', 'request_id', 'id', 'currency', 'tracking_callback'];

interface Group {
	id: string;
	name: string;
	sort: number;
	entity_type: FieldEntity;
	is_predefined: boolean;
	type: 'custom_field_group';
}

interface StoredField extends Field {
	group_id?: string | null;
	is_predefined?: boolean;
	is_deletable?: boolean;
	required_statuses?: unknown;
	remind?: string | null;
}

/** Predefined fields (phone, email, …) cannot be deleted; amoCRM says so on every field it lists. */
export function fieldFlags(field: Field & { is_predefined?: boolean; is_deletable?: boolean }) {
	const predefined = field.is_predefined ?? PREDEFINED_CODES.includes(String(field.code));
	return { is_predefined: predefined, is_deletable: field.is_deletable ?? !predefined };
}

const defaultGroups = (): Group[] =>
	ENTITIES.flatMap((entity) => [
		{ id: 'default', name: 'Основное', sort: 0, entity_type: entity, is_predefined: true, type: 'custom_field_group' as const },
		...(entity === 'leads' ? [{ id: 'statistic', name: 'Статистика', sort: 1, entity_type: entity, is_predefined: true, type: 'custom_field_group' as const }] : []),
	]);

export class CustomFieldsSection implements SandboxSection {
	groups: Group[] = [];

	constructor(private readonly sandbox: AmoCrmSandbox) {}

	reset() {
		this.groups = defaultGroups();
	}

	dump(): JsonObject {
		return { custom_field_groups: this.groups };
	}

	seed(body: JsonObject) {
		for (const group of (body.custom_field_groups ?? []) as Array<Partial<Group>>) this.groups.push(Object.assign({ is_predefined: false, type: 'custom_field_group', sort: 0 }, group) as Group);
	}

	route(method: string, parts: string[], request: SandboxRequest, base: string, caller: number): SandboxResponse | null {
		const [entity, second, third, fourth] = parts;
		if (!ENTITIES.includes(entity as FieldEntity) || second !== 'custom_fields') return null;
		const type = entity as FieldEntity;
		if (third === 'groups') return this.routeGroups(type, method, parts.slice(3), request, base, caller);
		// Reading fields is server.ts's (leads, contacts, companies) and the customers section's.
		if (method === 'GET') return null;
		if (!this.sandbox.isAdmin(caller)) return problem(403, 'Forbidden', 'Access denied: only an account administrator may change custom fields');
		if (method === 'POST' && parts.length === 2) return this.create(type, request.body, base);
		if (method === 'PATCH' && parts.length === 2) return this.update(type, request.body, base);
		if (method === 'PATCH' && parts.length === 3 && fourth === undefined) return this.update(type, [{ ...((request.body ?? {}) as JsonObject), id: Number(third) }], base);
		if (method === 'DELETE' && parts.length === 3) return this.remove(type, Number(third));
		return null;
	}

	private fieldsOf(type: FieldEntity): StoredField[] {
		this.sandbox.fields[type] ??= [];
		return this.sandbox.fields[type] as StoredField[];
	}

	private present(type: FieldEntity, field: StoredField, base: string): JsonObject {
		return {
			group_id: null,
			required_statuses: [],
			is_api_only: false,
			...field,
			...fieldFlags(field),
			account_id: AMOCRM_SANDBOX.accountId,
			_links: { self: { href: `${base}/api/v4/${type}/custom_fields/${field.id}` } },
		};
	}

	/** The checks create and update share; `current` is the field being updated. */
	private check(type: FieldEntity, item: JsonObject, errors: ValidationError[], current: StoredField | null, batch: JsonObject[]) {
		for (const key of Object.keys(item)) if (!WRITABLE.includes(key)) errors.push({ code: 'NotSupportedField', path: key, detail: 'This field was not expected.' });
		const fieldType = current?.type ?? item.type;
		if (!current && (typeof item.type !== 'string' || !ALLOWED_TYPES[type].includes(item.type))) {
			errors.push({ code: 'NotSupportedChoice', path: 'type', detail: `The value you selected is not a valid choice for ${type}.` });
		}
		if (current && item.type !== undefined && item.type !== current.type) errors.push({ code: 'NotSupportedField', path: 'type', detail: 'The type of a field cannot be changed.' });
		if (typeof item.name !== 'string' || !item.name.trim()) errors.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
		if (item.sort !== undefined && !Number.isInteger(item.sort)) errors.push({ code: 'InvalidType', path: 'sort', detail: 'This value should be of type int.' });
		if (item.code !== undefined && item.code !== null) {
			const code = String(item.code).toUpperCase();
			const taken = this.fieldsOf(type).some((f) => f.id !== current?.id && f.code?.toUpperCase() === code) || batch.filter((b) => b !== item && String(b.code ?? '').toUpperCase() === code).length > 0;
			if (taken) errors.push({ code: 'NotUnique', path: 'code', detail: `A ${type} field with the code ${code} already exists.` });
		}
		if (item.enums !== undefined) {
			if (!Array.isArray(item.enums)) errors.push({ code: 'InvalidType', path: 'enums', detail: 'This value should be of type array.' });
			else
				(item.enums as JsonObject[]).forEach((option, i) => {
					if (typeof option?.value !== 'string' || !option.value.trim()) errors.push({ code: 'NotBlank', path: `enums.${i}.value`, detail: 'This value should not be blank.' });
					if (option?.id !== undefined && !(current?.enums ?? []).some((e) => e.id === option.id)) errors.push({ code: 'NotFound', path: `enums.${i}.id`, detail: 'Enum not found.' });
				});
		}
		return { fieldType: String(fieldType), unprocessable: this.unprocessable(type, item, String(fieldType), current) };
	}

	private unprocessable(type: FieldEntity, item: JsonObject, fieldType: string, current: StoredField | null): string | null {
		if (WITH_OPTIONS.includes(fieldType) && !current && !(Array.isArray(item.enums) && item.enums.length)) return `Options (enums) are required for a ${fieldType} field`;
		if (item.group_id !== undefined && item.group_id !== null && !this.groups.some((g) => g.entity_type === type && g.id === item.group_id)) return `Unknown group ${String(item.group_id)}`;
		return null;
	}

	private validate(type: FieldEntity, body: unknown, isUpdate: boolean): { items: JsonObject[]; failure?: SandboxResponse } {
		const items = this.sandbox.requireArray(body);
		const failures: Array<{ request_id: string; errors: ValidationError[] }> = [];
		for (const [index, item] of items.entries()) {
			const errors: ValidationError[] = [];
			const current = isUpdate ? (this.fieldsOf(type).find((f) => f.id === item?.id) ?? null) : null;
			if (isUpdate && !current) errors.push({ code: 'NotFound', path: 'id', detail: 'Custom field not found.' });
			const { unprocessable } = this.check(type, item ?? {}, errors, current, items);
			if (errors.length) failures.push({ request_id: String(item?.request_id ?? index), errors });
			else if (unprocessable) return { items, failure: problem(422, 'Unprocessable Entity', unprocessable) };
		}
		if (failures.length) throw new ValidationFailed(failures);
		return { items };
	}

	private options(item: JsonObject, current: StoredField | null): Field['enums'] {
		if (!Array.isArray(item.enums)) return current?.enums ?? null;
		return (item.enums as JsonObject[]).map((option, i) => ({ id: (option.id as number | undefined) ?? this.sandbox.nextId('enums'), value: String(option.value), sort: Number(option.sort ?? (i + 1) * 10), ...(option.code ? { code: option.code } : {}) }));
	}

	private create(type: FieldEntity, body: unknown, base: string): SandboxResponse {
		const { items, failure } = this.validate(type, body, false);
		if (failure) return failure;
		const created = items.map((item) => {
			const field: StoredField = {
				id: this.sandbox.nextId('fields'),
				name: String(item.name),
				type: String(item.type),
				code: item.code ? String(item.code).toUpperCase() : null,
				sort: Number(item.sort ?? 500),
				entity_type: type,
				is_api_only: item.is_api_only === true,
				group_id: (item.group_id as string | undefined) ?? null,
				required_statuses: item.required_statuses ?? [],
				enums: this.options(item, null),
				is_predefined: false,
				is_deletable: true,
			};
			this.fieldsOf(type).push(field);
			return this.present(type, field, base);
		});
		return { status: 201, contentType: 'application/hal+json', body: { _total_items: created.length, _embedded: { custom_fields: created } } };
	}

	private update(type: FieldEntity, body: unknown, base: string): SandboxResponse {
		const { items, failure } = this.validate(type, body, true);
		if (failure) return failure;
		const updated = items.map((item) => {
			const field = this.fieldsOf(type).find((f) => f.id === item.id)!;
			const enums = this.options(item, field);
			const dropped = (field.enums ?? []).filter((e) => !(enums ?? []).some((kept) => kept.id === e.id)).map((e) => e.id);
			Object.assign(field, {
				name: String(item.name),
				...(item.code !== undefined ? { code: item.code ? String(item.code).toUpperCase() : null } : {}),
				...(item.sort !== undefined ? { sort: item.sort } : {}),
				...(item.group_id !== undefined ? { group_id: item.group_id } : {}),
				...(item.is_api_only !== undefined ? { is_api_only: item.is_api_only === true } : {}),
				enums,
			});
			if (dropped.length) this.dropValues(type, field.id, (value) => dropped.includes(Number(value.enum_id)));
			return this.present(type, field, base);
		});
		return { status: 201, contentType: 'application/hal+json', body: { _total_items: updated.length, _embedded: { custom_fields: updated } } };
	}

	private remove(type: FieldEntity, id: number): SandboxResponse {
		const fields = this.fieldsOf(type);
		const field = fields.find((f) => f.id === id);
		if (!field) return problem(404, 'Not Found', 'Custom field not found');
		if (!(this.present(type, field, '').is_deletable as boolean)) return problem(400, 'Bad Request', 'Field can not be deleted');
		fields.splice(fields.indexOf(field), 1);
		this.dropValues(type, id, () => true);
		return noContent();
	}

	/** Deleting a field or an option deletes the values that used it from every record. */
	private dropValues(type: FieldEntity, fieldId: number, drop: (value: JsonObject) => boolean) {
		if (type === 'customers') return;
		for (const record of this.sandbox[type].values()) {
			const fields = (record.custom_fields_values ?? []) as JsonObject[];
			for (const field of fields.filter((f) => f.field_id === fieldId)) field.values = (field.values as JsonObject[]).filter((value) => !drop(value));
			const kept = fields.filter((f) => (f.values as JsonObject[]).length > 0);
			record.custom_fields_values = (kept.length ? kept : null) as never;
		}
	}

	private routeGroups(type: FieldEntity, method: string, rest: string[], request: SandboxRequest, base: string, caller: number): SandboxResponse | null {
		const present = (group: Group) => ({
			...group,
			fields: this.fieldsOf(type).filter((f) => (f.group_id ?? 'default') === group.id).map((f) => f.id),
			_links: { self: { href: `${base}/api/v4/${type}/custom_fields/groups/${group.id}` } },
		});
		const own = this.groups.filter((g) => g.entity_type === type);
		if (method === 'GET' && rest.length === 0) return ok({ _total_items: own.length, _embedded: { custom_field_groups: own.map(present) } });
		const group = own.find((g) => g.id === rest[0]);
		if (method === 'GET' && rest.length === 1) return group ? ok(present(group)) : problem(404, 'Not Found', 'Group not found');
		if (!this.sandbox.isAdmin(caller)) return problem(403, 'Forbidden', 'Access denied: only an account administrator may change field groups');
		if (method === 'POST' && rest.length === 0) {
			const items = this.sandbox.requireArray(request.body);
			const failures = items.flatMap((item, index) => {
				const errors: ValidationError[] = [];
				for (const key of Object.keys(item ?? {})) if (!['name', 'sort', 'request_id'].includes(key)) errors.push({ code: 'NotSupportedField', path: key, detail: 'This field was not expected.' });
				if (typeof item?.name !== 'string' || !item.name.trim()) errors.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
				if (!Number.isInteger(item?.sort)) errors.push({ code: 'InvalidType', path: 'sort', detail: 'This value should be of type int.' });
				return errors.length ? [{ request_id: String(item?.request_id ?? index), errors }] : [];
			});
			if (failures.length) throw new ValidationFailed(failures);
			const created = items.map((item) => {
				const group: Group = { id: `${type}_${29741591099840 + this.sandbox.nextId('fieldGroups')}`, name: String(item.name), sort: Number(item.sort), entity_type: type, is_predefined: false, type: 'custom_field_group' };
				this.groups.push(group);
				return { ...present(group), request_id: item.request_id };
			});
			return { status: 201, contentType: 'application/hal+json', body: { _total_items: created.length, _embedded: { custom_field_groups: created } } };
		}
		if (!group) return problem(404, 'Not Found', 'Group not found');
		if (method === 'PATCH' && rest.length === 1) {
			const body = (request.body ?? {}) as JsonObject;
			const errors: ValidationError[] = [];
			for (const key of Object.keys(body)) if (!['name', 'sort', 'fields'].includes(key)) errors.push({ code: 'NotSupportedField', path: key, detail: 'This field was not expected.' });
			if (body.name !== undefined && (typeof body.name !== 'string' || !body.name.trim())) errors.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
			const moved = body.fields === undefined ? [] : Array.isArray(body.fields) ? (body.fields as unknown[]) : null;
			if (moved === null) errors.push({ code: 'InvalidType', path: 'fields', detail: 'This value should be of type array.' });
			for (const id of moved ?? []) if (!this.fieldsOf(type).some((f) => f.id === id)) errors.push({ code: 'NotFound', path: 'fields', detail: `Custom field ${String(id)} not found.` });
			if (errors.length) throw new ValidationFailed([{ request_id: '0', errors }]);
			if (typeof body.name === 'string') group.name = body.name;
			if (Number.isInteger(body.sort)) group.sort = body.sort as number;
			for (const field of this.fieldsOf(type)) if ((moved ?? []).includes(field.id)) field.group_id = group.id === 'default' ? null : group.id;
			return ok(present(group));
		}
		if (method === 'DELETE' && rest.length === 1) {
			if (group.is_predefined) return problem(400, 'Bad Request', 'Predefined group can not be deleted');
			for (const field of this.fieldsOf(type)) if (field.group_id === group.id) field.group_id = null;
			this.groups.splice(this.groups.indexOf(group), 1);
			return noContent();
		}
		return null;
	}
}
