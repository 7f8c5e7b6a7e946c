// Custom-field definitions and field groups, the write side (amoCRM's custom-fields reference page,
// Kommo's custom-fields write reference; amocrm-api-php Models/CustomFields), for the entity types
// (`/{entity}/custom_fields`) and for lists (`/catalogs/{id}/custom_fields`, whose fields the catalogs
// section keeps). Reading the fields of entity types stays in server.ts and the customers section;
// the fields of a list are read here too. Readings taken where the sources are silent (the less
// forgiving ones):
//  - a type the reference's matrix does not allow for the entity or list: 400 `NotSupportedChoice`;
//    `payer` and `supplier` are allowed in the invoices list only (RU-CF: "only in the invoices list");
//  - a select, multiselect or radio button without options, a `linked_entity` field without
//    `search_in`, or an unknown group: 422;
//  - a code another field of the entity or list already has: 400 (uniqueness is not documented);
//    a `supplier` field's code is always SUPPLIER (RU-CF), so a list has one, and another code is refused;
//  - PATCH with `enums` (or a category's `nested`): listed ids are kept, items without an id are new,
//    the rest are dropped with the values that pointed to them (the reference warns that ids not sent
//    are deleted);
//  - a predefined field (phone, email, web, address, position, messenger; the products list's SKU,
//    DESCRIPTION, PRICE, GROUP, EXTERNAL_ID) cannot be deleted: 400;
//  - a predefined group cannot be deleted: 400;
//  - the field properties the reference lists for some owners only are refused elsewhere: `group_id`,
//    `is_api_only`, `required_statuses` are for entity types (lists move fields between groups with
//    the group's PATCH), `is_visible`, `is_required`, `settings`, `nested`, `search_in` for lists;
//  - a list's field groups work as an entity's do, and a list has its main group `default` (inference:
//    the reference names `default` among group ids without saying whose);
//  - every path under an unknown list answers 404, as the catalogs section answers the others.
// Every write is an administrator's: 403 for anyone else.
import type { JsonObject, SandboxRequest, SandboxResponse } from '../../common';
import { listOf } from '../../common';
import {
	ok,
	noContent,
	problem,
	ValidationFailed,
	type ValidationError,
	unexpectedFields,
} from '../answers';
import type { AmoCrmSandbox } from '../server';
import { AMOCRM_SANDBOX, type Field } from '../state';
import { type Catalog, CatalogsSection } from './catalogs';
import type { SandboxSection } from './section';

const ENTITIES = ['leads', 'contacts', 'companies', 'customers'] as const;
type FieldEntity = (typeof ENTITIES)[number];

const COMMON = [
	'text',
	'numeric',
	'checkbox',
	'select',
	'multiselect',
	'date',
	'url',
	'date_time',
	'textarea',
	'radiobutton',
	'streetaddress',
	'file',
];
const EVERYWHERE = [...COMMON, 'monetary'];
/** Which field type each entity takes (the reference's matrix); `chained_list` and `monetary` also need a paid option. */
const ALLOWED_TYPES: Record<FieldEntity, string[]> = {
	contacts: [...EVERYWHERE, 'multitext', 'smart_address', 'birthday', 'legal_entity'],
	leads: [
		...EVERYWHERE,
		'smart_address',
		'birthday',
		'legal_entity',
		'tracking_data',
		'chained_list',
	],
	companies: [...EVERYWHERE, 'smart_address', 'birthday', 'legal_entity'],
	customers: [...EVERYWHERE, 'chained_list'],
};
const LIST_TYPES = [...COMMON, 'price', 'category', 'items', 'linked_entity'];
const INVOICE_LIST_TYPES = [...LIST_TYPES, 'payer', 'supplier'];
const WITH_OPTIONS = ['select', 'multiselect', 'radiobutton'];
const PREDEFINED_CODES = ['PHONE', 'EMAIL', 'WEB', 'ADDRESS', 'POSITION', 'IM'];
const WRITABLE = [
	'type',
	'name',
	'code',
	'sort',
	'enums',
	'request_id',
	'id',
	'remind',
	'currency',
	'tracking_callback',
];
const ENTITY_WRITABLE = [...WRITABLE, 'group_id', 'is_api_only', 'required_statuses'];
const LIST_WRITABLE = [...WRITABLE, 'is_visible', 'is_required', 'settings', 'nested', 'search_in'];
/** What a `linked_entity` field may search, besides a list (by its id). */
const SEARCH_IN = ['contacts', 'companies', 'contacts_and_companies'];

interface Group {
	id: string;
	name: string;
	sort: number;
	entity_type: FieldEntity | 'catalogs';
	/** A list's groups: the list they belong to (kept here, not shown by the API). */
	catalog_id?: number;
	is_predefined: boolean;
	type: 'custom_field_group';
}

interface StoredField extends Field {
	group_id?: string | null;
	required_statuses?: unknown;
	remind?: string | null;
	search_in?: string;
	settings?: JsonObject;
}

/** Whose fields a path names: an entity type (`leads`), or one list (`catalogs/5001`). */
interface Owner {
	path: string;
	entity: FieldEntity | 'catalogs';
	catalog?: Catalog;
	/** The stored definitions themselves: writes change them in place. */
	fields: StoredField[];
	allowed: string[];
	writable: string[];
	/** The custom values of the owner's records, for dropping the values of a field or an option that goes. */
	records(): Array<{ custom_fields_values: unknown }>;
}

/** Predefined fields (phone, email, …) cannot be deleted; amoCRM says so on every field it lists. */
export function fieldFlags(field: Field) {
	const predefined = field.is_predefined ?? PREDEFINED_CODES.includes(String(field.code));
	return { is_predefined: predefined, is_deletable: field.is_deletable ?? !predefined };
}

/**
 * `GET …/custom_fields` (with `filter[type]` and `order[id|sort]`) and `GET …/custom_fields/{id}`, over the
 * fields as the API shows them; `path` is the part of the path before `/custom_fields`.
 */
export function readFields(
	sandbox: AmoCrmSandbox,
	q: JsonObject,
	base: string,
	path: string,
	shown: JsonObject[],
	rest: string[],
): SandboxResponse | null {
	let fields = shown;
	if (q.filter?.type !== undefined) {
		const types = listOf(q.filter.type);
		fields = fields.filter((f) => types.includes(f.type));
	}
	const [orderKey, direction] = Object.entries((q.order ?? {}) as JsonObject)[0] ?? ['id', 'asc'];
	if (!['id', 'sort'].includes(orderKey))
		return problem(400, 'Bad Request', `Unsupported order field ${orderKey}`);
	fields = [...fields].sort(
		(a, b) => (String(direction) === 'desc' ? -1 : 1) * (Number(a[orderKey]) - Number(b[orderKey])),
	);
	if (rest.length === 0)
		return sandbox.page(q, base, 'custom_fields', fields, true, undefined, `${path}/custom_fields`);
	if (rest.length !== 1) return null;
	const field = fields.find((f) => f.id === Number(rest[0]));
	return field ? ok(field) : noContent();
}

const mainGroup = (entity: FieldEntity | 'catalogs', catalogId?: number): Group => ({
	id: 'default',
	name: 'Основное',
	sort: 0,
	entity_type: entity,
	...(catalogId === undefined ? {} : { catalog_id: catalogId }),
	is_predefined: true,
	type: 'custom_field_group',
});

const defaultGroups = (): Group[] =>
	ENTITIES.flatMap((entity) => [
		mainGroup(entity),
		...(entity === 'leads'
			? [
					{
						id: 'statistic',
						name: 'Статистика',
						sort: 1,
						entity_type: entity,
						is_predefined: true,
						type: 'custom_field_group' as const,
					},
				]
			: []),
	]);

const optionKey = (fieldType: string) => (fieldType === 'category' ? 'nested' : 'enums');

export class CustomFieldsSection implements SandboxSection {
	groups: Group[] = [];

	constructor(private readonly sandbox: AmoCrmSandbox) {}

	reset() {
		this.groups = defaultGroups();
	}

	dump(): JsonObject {
		return { custom_field_groups: this.groups };
	}

	/** `custom_field_groups`; a list's groups carry `entity_type: "catalogs"` and `catalog_id`. */
	seed(body: JsonObject) {
		for (const group of (body.custom_field_groups ?? []) as Array<Partial<Group>>)
			this.groups.push(
				Object.assign(
					{ is_predefined: false, type: 'custom_field_group', sort: 0 },
					group,
				) as Group,
			);
	}

	route(
		method: string,
		parts: string[],
		request: SandboxRequest,
		base: string,
		caller: number,
	): SandboxResponse | null {
		const target = this.target(parts);
		if (!target || 'status' in target) return target;
		const { owner, rest } = target;
		if (rest[0] === 'groups')
			return this.routeGroups(owner, method, rest.slice(1), request, base, caller);
		if (method === 'GET') {
			// Reading the fields of entity types is server.ts's (leads, contacts, companies) and the customers section's.
			if (!owner.catalog) return null;
			return readFields(
				this.sandbox,
				request.query,
				base,
				owner.path,
				owner.fields.map((f) => this.present(owner, f, base)),
				rest,
			);
		}
		if (!this.sandbox.isAdmin(caller))
			return problem(
				403,
				'Forbidden',
				'Access denied: only an account administrator may change custom fields',
			);
		if (method === 'POST' && rest.length === 0) return this.create(owner, request.body, base);
		if (method === 'PATCH' && rest.length === 0) return this.update(owner, request.body, base);
		if (method === 'PATCH' && rest.length === 1)
			return this.update(
				owner,
				[{ ...((request.body ?? {}) as JsonObject), id: Number(rest[0]) }],
				base,
			);
		if (method === 'DELETE' && rest.length === 1) return this.remove(owner, Number(rest[0]));
		return null;
	}

	/** The owner a path names and the path after `custom_fields`, a 404 for an unknown list, or null when the path is not this section's. */
	private target(parts: string[]): { owner: Owner; rest: string[] } | SandboxResponse | null {
		const [head, second, third] = parts;
		if (ENTITIES.includes(head as FieldEntity) && second === 'custom_fields')
			return { owner: this.entityOwner(head as FieldEntity), rest: parts.slice(2) };
		if (head !== 'catalogs' || !/^\d+$/.test(second ?? '') || third !== 'custom_fields')
			return null;
		const catalog = this.catalogs.catalog(Number(second));
		if (!catalog) return problem(404, 'Not Found', `Catalog ${second} not found`);
		return { owner: this.catalogOwner(catalog), rest: parts.slice(3) };
	}

	private get catalogs(): CatalogsSection {
		return this.sandbox.sections.find(
			(section): section is CatalogsSection => section instanceof CatalogsSection,
		)!;
	}

	private entityOwner(entity: FieldEntity): Owner {
		this.sandbox.fields[entity] ??= [];
		return {
			path: entity,
			entity,
			fields: this.sandbox.fields[entity] as StoredField[],
			allowed: ALLOWED_TYPES[entity],
			writable: ENTITY_WRITABLE,
			// Customer records are the customers section's; their values are not dropped here.
			records: () => (entity === 'customers' ? [] : [...this.sandbox[entity].values()]),
		};
	}

	private catalogOwner(catalog: Catalog): Owner {
		return {
			path: `catalogs/${catalog.id}`,
			entity: 'catalogs',
			catalog,
			fields: this.catalogs.fieldsOf(catalog.id) as StoredField[],
			allowed: catalog.type === 'invoices' ? INVOICE_LIST_TYPES : LIST_TYPES,
			writable: LIST_WRITABLE,
			records: () => this.catalogs.elementsOf(catalog.id),
		};
	}

	private present(owner: Owner, field: StoredField, base: string): JsonObject {
		return {
			group_id: null,
			...(owner.catalog ? {} : { required_statuses: [], is_api_only: false }),
			...field,
			entity_type: owner.entity,
			...fieldFlags(field),
			account_id: AMOCRM_SANDBOX.accountId,
			_links: { self: { href: `${base}/api/v4/${owner.path}/custom_fields/${field.id}` } },
		};
	}

	/** The checks create and update share; `current` is the field being updated. */
	private check(
		owner: Owner,
		item: JsonObject,
		errors: ValidationError[],
		current: StoredField | null,
		batch: JsonObject[],
	) {
		errors.push(...unexpectedFields(item, owner.writable));
		const fieldType = String(current?.type ?? item.type);
		const where = owner.catalog ? `the list ${owner.catalog.id}` : owner.entity;
		if (!current && (typeof item.type !== 'string' || !owner.allowed.includes(item.type))) {
			errors.push({
				code: 'NotSupportedChoice',
				path: 'type',
				detail: `The value you selected is not a valid choice for ${where}.`,
			});
		}
		if (current && item.type !== undefined && item.type !== current.type)
			errors.push({
				code: 'NotSupportedField',
				path: 'type',
				detail: 'The type of a field cannot be changed.',
			});
		if (typeof item.name !== 'string' || !item.name.trim())
			errors.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
		if (item.sort !== undefined && !Number.isInteger(item.sort))
			errors.push({
				code: 'InvalidType',
				path: 'sort',
				detail: 'This value should be of type int.',
			});
		if (
			fieldType === 'supplier' &&
			item.code !== undefined &&
			String(item.code).toUpperCase() !== 'SUPPLIER'
		) {
			errors.push({
				code: 'NotSupportedChoice',
				path: 'code',
				detail: 'The code of a supplier field is SUPPLIER.',
			});
		}
		const code =
			fieldType === 'supplier' && !current
				? 'SUPPLIER'
				: item.code
					? String(item.code).toUpperCase()
					: null;
		if (code !== null) {
			const taken =
				owner.fields.some((f) => f.id !== current?.id && f.code?.toUpperCase() === code) ||
				batch.some(
					(b) =>
						b !== item &&
						String(b.code ?? (b.type === 'supplier' ? 'SUPPLIER' : '')).toUpperCase() === code,
				);
			if (taken)
				errors.push({
					code: 'NotUnique',
					path: 'code',
					detail: `A ${owner.entity} field with the code ${code} already exists.`,
				});
		}
		for (const key of ['enums', 'nested'] as const) {
			if (item[key] === undefined) continue;
			if (key === 'nested' && fieldType !== 'category') {
				errors.push({
					code: 'NotSupportedField',
					path: key,
					detail: 'Only a category field has nested values.',
				});
				continue;
			}
			if (!Array.isArray(item[key])) {
				errors.push({
					code: 'InvalidType',
					path: key,
					detail: 'This value should be of type array.',
				});
				continue;
			}
			const options = item[key] as JsonObject[];
			const known = (current?.[key] ?? []) as Array<{ id: number }>;
			options.forEach((option, i) => {
				if (typeof option?.value !== 'string' || !option.value.trim())
					errors.push({
						code: 'NotBlank',
						path: `${key}.${i}.value`,
						detail: 'This value should not be blank.',
					});
				if (option?.id !== undefined && !known.some((e) => e.id === option.id))
					errors.push({ code: 'NotFound', path: `${key}.${i}.id`, detail: 'Enum not found.' });
				const parent = option?.parent_id;
				if (
					key === 'nested' &&
					parent !== undefined &&
					parent !== null &&
					!options.some((o) => o.id !== undefined && o.id === parent)
				) {
					errors.push({
						code: 'NotFound',
						path: `${key}.${i}.parent_id`,
						detail: 'Parent value not found.',
					});
				}
			});
		}
		if (item.search_in !== undefined) {
			const searchIn = String(item.search_in);
			if (fieldType !== 'linked_entity')
				errors.push({
					code: 'NotSupportedField',
					path: 'search_in',
					detail: 'Only a linked_entity field searches.',
				});
			else if (
				!SEARCH_IN.includes(searchIn) &&
				!(/^\d+$/.test(searchIn) && this.catalogs.catalog(Number(searchIn)))
			) {
				errors.push({
					code: 'NotSupportedChoice',
					path: 'search_in',
					detail: 'The value you selected is not a valid choice.',
				});
			}
		}
		return { fieldType, unprocessable: this.unprocessable(owner, item, fieldType, current) };
	}

	private unprocessable(
		owner: Owner,
		item: JsonObject,
		fieldType: string,
		current: StoredField | null,
	): string | null {
		if (
			WITH_OPTIONS.includes(fieldType) &&
			!current &&
			!(Array.isArray(item.enums) && item.enums.length)
		)
			return `Options (enums) are required for a ${fieldType} field`;
		if (fieldType === 'linked_entity' && !current && item.search_in === undefined)
			return 'search_in is required for a linked_entity field';
		if (
			item.group_id !== undefined &&
			item.group_id !== null &&
			!this.groupsOf(owner).some((g) => g.id === item.group_id)
		)
			return `Unknown group ${String(item.group_id)}`;
		return null;
	}

	private validate(
		owner: Owner,
		body: unknown,
		isUpdate: boolean,
	): { items: JsonObject[]; failure?: SandboxResponse } {
		const items = this.sandbox.requireArray(body);
		const failures: Array<{ request_id: string; errors: ValidationError[] }> = [];
		for (const [index, item] of items.entries()) {
			const errors: ValidationError[] = [];
			const current = isUpdate ? (owner.fields.find((f) => f.id === item?.id) ?? null) : null;
			if (isUpdate && !current)
				errors.push({ code: 'NotFound', path: 'id', detail: 'Custom field not found.' });
			const { unprocessable } = this.check(owner, item ?? {}, errors, current, items);
			if (errors.length) failures.push({ request_id: String(item?.request_id ?? index), errors });
			else if (unprocessable)
				return { items, failure: problem(422, 'Unprocessable Entity', unprocessable) };
		}
		if (failures.length) throw new ValidationFailed(failures);
		return { items };
	}

	/** A field's options (`enums`, or a category's `nested` values) after a write: new ones get ids. */
	private options(
		item: JsonObject,
		key: 'enums' | 'nested',
		current: StoredField | null,
	): JsonObject[] | null {
		if (!Array.isArray(item[key])) return (current?.[key] ?? null) as JsonObject[] | null;
		return (item[key] as JsonObject[]).map((option, i) => ({
			id: (option.id as number | undefined) ?? this.sandbox.nextId('enums'),
			...(key === 'nested' ? { parent_id: (option.parent_id as number | undefined) ?? null } : {}),
			value: String(option.value),
			sort: Number(option.sort ?? (i + 1) * 10),
			...(option.code ? { code: option.code } : {}),
		}));
	}

	private create(owner: Owner, body: unknown, base: string): SandboxResponse {
		const { items, failure } = this.validate(owner, body, false);
		if (failure) return failure;
		const created = items.map((item) => {
			const type = String(item.type);
			const field: StoredField = {
				id: this.sandbox.nextId('fields'),
				name: String(item.name),
				type,
				code: type === 'supplier' ? 'SUPPLIER' : item.code ? String(item.code).toUpperCase() : null,
				sort: Number(item.sort ?? 500),
				entity_type: owner.entity,
				enums: this.options(item, 'enums', null) as Field['enums'],
				is_predefined: false,
				is_deletable: true,
				...(owner.catalog
					? {
							is_visible: item.is_visible !== false,
							is_required: item.is_required === true,
							...(type === 'category'
								? { nested: this.options(item, 'nested', null) as Field['nested'] }
								: {}),
							...(item.search_in !== undefined ? { search_in: String(item.search_in) } : {}),
							...(item.settings !== undefined ? { settings: item.settings as JsonObject } : {}),
						}
					: {
							is_api_only: item.is_api_only === true,
							group_id: (item.group_id as string | undefined) ?? null,
							required_statuses: item.required_statuses ?? [],
						}),
			};
			owner.fields.push(field);
			return this.present(owner, field, base);
		});
		return {
			status: 201,
			contentType: 'application/hal+json',
			body: { _total_items: created.length, _embedded: { custom_fields: created } },
		};
	}

	private update(owner: Owner, body: unknown, base: string): SandboxResponse {
		const { items, failure } = this.validate(owner, body, true);
		if (failure) return failure;
		const updated = items.map((item) => {
			const field = owner.fields.find((f) => f.id === item.id)!;
			const key = optionKey(field.type);
			const options = this.options(item, key, field);
			const dropped = ((field[key] ?? []) as Array<{ id: number }>)
				.filter((e) => !(options ?? []).some((kept) => kept.id === e.id))
				.map((e) => e.id);
			Object.assign(field, {
				name: String(item.name),
				...(item.code !== undefined && field.type !== 'supplier'
					? { code: item.code ? String(item.code).toUpperCase() : null }
					: {}),
				[key]: options,
			});
			for (const property of [
				'sort',
				'group_id',
				'is_visible',
				'is_required',
				'search_in',
				'settings',
			] as const)
				if (item[property] !== undefined) (field as JsonObject)[property] = item[property];
			if (item.is_api_only !== undefined) field.is_api_only = item.is_api_only === true;
			if (dropped.length)
				this.dropValues(owner, field.id, (value) => dropped.includes(Number(value.enum_id)));
			return this.present(owner, field, base);
		});
		return {
			status: 201,
			contentType: 'application/hal+json',
			body: { _total_items: updated.length, _embedded: { custom_fields: updated } },
		};
	}

	private remove(owner: Owner, id: number): SandboxResponse {
		const field = owner.fields.find((f) => f.id === id);
		if (!field) return problem(404, 'Not Found', 'Custom field not found');
		if (!fieldFlags(field).is_deletable)
			return problem(400, 'Bad Request', 'Field can not be deleted');
		owner.fields.splice(owner.fields.indexOf(field), 1);
		this.dropValues(owner, id, () => true);
		return noContent();
	}

	/** Deleting a field or an option deletes the values that used it from every record. */
	private dropValues(owner: Owner, fieldId: number, drop: (value: JsonObject) => boolean) {
		for (const record of owner.records()) {
			const fields = (record.custom_fields_values ?? []) as JsonObject[];
			for (const field of fields.filter((f) => f.field_id === fieldId))
				field.values = (field.values as JsonObject[]).filter((value) => !drop(value));
			const kept = fields.filter((f) => (f.values as JsonObject[]).length > 0);
			record.custom_fields_values = kept.length ? kept : null;
		}
	}

	/** The owner's groups; a list gets its main group the first time its groups are asked for. */
	private groupsOf(owner: Owner): Group[] {
		const own = this.groups.filter(
			(g) => g.entity_type === owner.entity && g.catalog_id === owner.catalog?.id,
		);
		if (owner.catalog && !own.length) {
			const main = mainGroup('catalogs', owner.catalog.id);
			this.groups.push(main);
			own.push(main);
		}
		return own;
	}

	private routeGroups(
		owner: Owner,
		method: string,
		rest: string[],
		request: SandboxRequest,
		base: string,
		caller: number,
	): SandboxResponse | null {
		const present = ({ catalog_id: _list, ...group }: Group) => ({
			...group,
			fields: owner.fields
				.filter((f) => ((f as StoredField).group_id ?? 'default') === group.id)
				.map((f) => f.id),
			_links: { self: { href: `${base}/api/v4/${owner.path}/custom_fields/groups/${group.id}` } },
		});
		const own = this.groupsOf(owner);
		if (method === 'GET' && rest.length === 0)
			return ok({ _total_items: own.length, _embedded: { custom_field_groups: own.map(present) } });
		const group = own.find((g) => g.id === rest[0]);
		if (method === 'GET' && rest.length === 1)
			return group ? ok(present(group)) : problem(404, 'Not Found', 'Group not found');
		if (!this.sandbox.isAdmin(caller))
			return problem(
				403,
				'Forbidden',
				'Access denied: only an account administrator may change field groups',
			);
		if (method === 'POST' && rest.length === 0) {
			const items = this.sandbox.requireArray(request.body);
			const failures = items.flatMap((item, index) => {
				const errors: ValidationError[] = [];
				errors.push(...unexpectedFields(item ?? {}, ['name', 'sort', 'request_id']));
				if (typeof item?.name !== 'string' || !item.name.trim())
					errors.push({
						code: 'NotBlank',
						path: 'name',
						detail: 'This value should not be blank.',
					});
				if (!Number.isInteger(item?.sort))
					errors.push({
						code: 'InvalidType',
						path: 'sort',
						detail: 'This value should be of type int.',
					});
				return errors.length ? [{ request_id: String(item?.request_id ?? index), errors }] : [];
			});
			if (failures.length) throw new ValidationFailed(failures);
			const created = items.map((item) => {
				const group: Group = {
					id: `${owner.entity}_${29741591099840 + this.sandbox.nextId('fieldGroups')}`,
					name: String(item.name),
					sort: Number(item.sort),
					entity_type: owner.entity,
					...(owner.catalog ? { catalog_id: owner.catalog.id } : {}),
					is_predefined: false,
					type: 'custom_field_group',
				};
				this.groups.push(group);
				return { ...present(group), request_id: item.request_id };
			});
			return {
				status: 201,
				contentType: 'application/hal+json',
				body: { _total_items: created.length, _embedded: { custom_field_groups: created } },
			};
		}
		if (!group) return problem(404, 'Not Found', 'Group not found');
		if (method === 'PATCH' && rest.length === 1) {
			const body = (request.body ?? {}) as JsonObject;
			const errors: ValidationError[] = [];
			errors.push(...unexpectedFields(body, ['name', 'sort', 'fields']));
			if (body.name !== undefined && (typeof body.name !== 'string' || !body.name.trim()))
				errors.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
			const moved =
				body.fields === undefined
					? []
					: Array.isArray(body.fields)
						? (body.fields as unknown[])
						: null;
			if (moved === null)
				errors.push({
					code: 'InvalidType',
					path: 'fields',
					detail: 'This value should be of type array.',
				});
			for (const id of moved ?? [])
				if (!owner.fields.some((f) => f.id === id))
					errors.push({
						code: 'NotFound',
						path: 'fields',
						detail: `Custom field ${String(id)} not found.`,
					});
			if (errors.length) throw new ValidationFailed([{ request_id: '0', errors }]);
			if (typeof body.name === 'string') group.name = body.name;
			if (Number.isInteger(body.sort)) group.sort = body.sort as number;
			for (const field of owner.fields)
				if ((moved ?? []).includes(field.id))
					field.group_id = group.id === 'default' ? null : group.id;
			return ok(present(group));
		}
		if (method === 'DELETE' && rest.length === 1) {
			if (group.is_predefined)
				return problem(400, 'Bad Request', 'Predefined group can not be deleted');
			for (const field of owner.fields) if (field.group_id === group.id) field.group_id = null;
			this.groups.splice(this.groups.indexOf(group), 1);
			return noContent();
		}
		return null;
	}
}
