// Lists (catalogs), their elements and custom fields, and elements linked to leads with a quantity
// and a price: amoCRM's lists page (crm_platform/catalogs-api, "RU-CAT"), products page (RU-PROD),
// links page (RU-LINKS), the legacy v2 lists page (crm_platform/catalog, "RU-CATV2") and the official
// PHP client amocrm-api-php. What they say, and what is assumed where they stop (the less forgiving
// reading each time):
//  - an account has at most 10 lists, at most one `products` and one `invoices` list (RU-CAT); how a
//    write that breaks this is refused is not documented: 400 validation-errors, whole batch;
//  - list ids here start above 5000 (the PHP client refuses ids under 1000: MIN_CATALOG_ID);
//  - `GET /catalogs/{id}` and `…/elements/{id}` of an unknown id answer 204 (the general rule; the PHP
//    client reads 204 as "not found"); paths under an unknown list answer 404 (unconfirmed);
//  - `type` filtering of `GET /catalogs` is sent by the PHP client only: ignored here;
//  - no v4 delete of lists or elements exists (RU-CAT); elements are deleted with the legacy
//    `POST /api/v2/catalog_elements {"delete": [ids]}` (RU-CATV2), whose answer is not documented
//    (a v2-style `_embedded.items` here) and whose handling of unknown ids is not either (refused
//    whole, 400 here); `add` and `update` of that call are not modelled (400);
//  - `name` is marked required on PATCH of lists and elements (RU-CAT), though the element example
//    sends only id + name: a PATCH without it is refused;
//  - fields other than the documented ones are refused on every write;
//  - a list's `is_required` field must be filled when an element is created (RU-CF);
//  - `price` values are written as strings (RU-CF), and numeric and price values come back as strings
//    (RU-CAT example);
//  - a products list gets the predefined fields SKU, DESCRIPTION, PRICE (numeric), GROUP (category)
//    and a hidden EXTERNAL_ID when it is made (RU-PROD), here also when it is made through the API
//    (inference);
//  - `query` matches case-insensitive pieces of the name and of every custom value (RU-CAT: filled
//    fields are searched);
//  - element links (RU-LINKS): from leads only here (contacts, companies and customers are not
//    modelled); `metadata.catalog_id` is required for link and unlink and must be the element's list;
//    `quantity` is a number (fractions allowed) and must be above 0 (no source says what a 0 or a
//    negative quantity does: refused); `price_id` is null or a `price` field of the list, or its
//    PRICE field (the RU-LINKS example points `price_id` at the PRICE field); linking an element
//    that is linked already replaces its quantity and price (the PHP client relies on that:
//    unconfirmed); a list with `can_link_multiple: false` refuses an element already on another
//    lead (unconfirmed); deleting an element drops its links (inference);
//  - `/catalogs/{id}/custom_fields` and its groups are answered by the custom fields section, with
//    the same rules as an entity's fields and the list types of the reference's matrix; the fields
//    themselves are kept here, per list (`fieldsOf`). The products list's predefined fields cannot be
//    deleted (RU-PROD: they are undeletable).
import type { JsonObject, SandboxRequest, SandboxResponse } from '../../common';
import { listOf } from '../../common';
import {
	type ValidationError,
	isInt,
	noContent,
	now,
	ok,
	problem,
	batchAnswer,
	unexpectedFields,
} from '../answers';
import type { AmoCrmSandbox, StoredFieldValue } from '../server';
import { AMOCRM_SANDBOX, type Field } from '../state';
import type { LinkTargetSection } from './section';

export type CatalogType = 'regular' | 'invoices' | 'products';

export interface Catalog {
	id: number;
	name: string;
	created_by: number;
	updated_by: number;
	created_at: number;
	updated_at: number;
	sort: number;
	type: CatalogType;
	can_add_elements: boolean;
	can_show_in_cards: boolean;
	can_link_multiple: boolean;
	can_be_deleted: boolean;
	sdk_widget_code: string | null;
	account_id: number;
}

export interface CatalogElement {
	id: number;
	catalog_id: number;
	name: string;
	created_by: number;
	updated_by: number;
	created_at: number;
	updated_at: number;
	is_deleted: boolean;
	custom_fields_values: StoredFieldValue[] | null;
	account_id: number;
}

const MAX_CATALOGS = 10;
const CATALOG_TYPES: CatalogType[] = ['regular', 'invoices', 'products'];
const CATALOG_WRITABLE = ['name', 'sort', 'can_add_elements', 'can_link_multiple', 'request_id'];
const ELEMENT_WRITABLE = ['name', 'custom_fields_values', 'request_id'];
const LINK_METADATA = ['catalog_id', 'quantity', 'price_id', 'updated_by'];

const notFound = (path: string, what: string): ValidationError => ({
	code: 'NotFound',
	path,
	detail: `${what} not found.`,
});
const blankName = (item: JsonObject) => typeof item.name !== 'string' || !item.name.trim();

export class CatalogsSection implements LinkTargetSection {
	readonly linkType = 'catalog_elements';
	readonly linkedFrom = ['leads'];
	catalogs: Catalog[] = [];
	elements = new Map<number, CatalogElement>();
	/** Custom fields of each list, by list id. */
	fields = new Map<number, Field[]>();
	private lastCatalogId = 5000;
	private lastElementId = 90000000;

	constructor(private readonly sandbox: AmoCrmSandbox) {}

	reset() {
		this.catalogs = [];
		this.elements.clear();
		this.fields.clear();
		this.lastCatalogId = 5000;
		this.lastElementId = 90000000;
	}

	dump(): JsonObject {
		return {
			catalogs: this.catalogs,
			catalog_elements: [...this.elements.values()],
			catalog_custom_fields: Object.fromEntries(this.fields),
		};
	}

	/** `catalogs`, `catalog_custom_fields` ({list id: fields}) and `catalog_elements` (write shape of custom fields). */
	seed(body: JsonObject) {
		for (const raw of (body.catalogs ?? []) as JsonObject[]) this.createCatalog(raw);
		for (const [id, fields] of Object.entries(
			(body.catalog_custom_fields ?? {}) as Record<string, Field[]>,
		)) {
			const own = this.fieldsOf(Number(id));
			for (const field of fields) {
				const index = own.findIndex((f) => f.id === field.id);
				if (index >= 0) own[index] = field;
				else own.push(field);
			}
		}
		for (const raw of (body.catalog_elements ?? []) as JsonObject[]) {
			const catalogId = Number(raw.catalog_id);
			if (!this.catalog(catalogId)) throw new Error(`seed catalog_elements: no list ${catalogId}`);
			const cf = this.sandbox.writeFieldValues(
				this.fieldsOf(catalogId),
				null,
				raw.custom_fields_values,
				'custom_fields_values',
			);
			if (cf.errors.length) throw new Error(`seed catalog element: ${JSON.stringify(cf.errors)}`);
			const element = this.blankElement(catalogId, raw.id as number | undefined);
			Object.assign(element, {
				...raw,
				id: element.id,
				catalog_id: catalogId,
				custom_fields_values: cf.value,
			});
			this.elements.set(element.id, element);
		}
	}

	// ------------------------------------------------------------ what other code may use

	catalog(id: number): Catalog | undefined {
		return this.catalogs.find((c) => c.id === id);
	}

	element(id: number): CatalogElement | undefined {
		return this.elements.get(id);
	}

	elementsOf(catalogId: number): CatalogElement[] {
		return [...this.elements.values()].filter((e) => e.catalog_id === catalogId);
	}

	/** The list's field definitions, the array itself (a writer of field definitions keeps it). */
	fieldsOf(catalogId: number): Field[] {
		let fields = this.fields.get(catalogId);
		if (!fields) {
			fields = [];
			this.fields.set(catalogId, fields);
		}
		return fields;
	}

	/** The list of this type, if the account has one (`products` or `invoices`). */
	ofType(type: CatalogType): Catalog | undefined {
		return this.catalogs.find((c) => c.type === type);
	}

	// ------------------------------------------------------------ routing

	route(
		method: string,
		parts: string[],
		request: SandboxRequest,
		base: string,
	): SandboxResponse | null {
		if (
			parts[0] === 'v2' &&
			parts[1] === 'catalog_elements' &&
			parts.length === 2 &&
			method === 'POST'
		)
			return this.deleteV2(request.body);
		if (parts[0] !== 'catalogs') return null;
		const q = request.query;
		if (parts.length === 1) {
			if (method === 'GET')
				return this.sandbox.page(q, base, 'catalogs', this.catalogs, false, (c: Catalog) =>
					this.presentCatalog(c, base),
				);
			if (method === 'POST') return this.addCatalogs(request.body, base);
			if (method === 'PATCH')
				return this.updateCatalogs(this.sandbox.requireArray(request.body), base, false);
			return null;
		}
		const id = Number(parts[1]);
		if (!/^\d+$/.test(parts[1])) return null;
		const catalog = this.catalog(id);
		if (parts.length === 2) {
			if (method === 'GET') return catalog ? ok(this.presentCatalog(catalog, base)) : noContent();
			if (method === 'PATCH') {
				if (Array.isArray(request.body))
					return problem(400, 'Bad Request', 'Request validation failed', {
						'validation-errors': [
							{
								request_id: '0',
								errors: [
									{ code: 'InvalidType', path: '', detail: 'This value should be of type object.' },
								],
							},
						],
					});
				return this.updateCatalogs([{ ...(request.body ?? {}), id }], base, true);
			}
			return null;
		}
		const [, , sub, third] = parts;
		// A list's custom fields and their groups are the custom fields section's; it keeps them in `fieldsOf`.
		if (sub !== 'elements') return null;
		if (!catalog) return problem(404, 'Not Found', `Catalog ${id} not found`);
		if (parts.length === 3) {
			if (method === 'GET') return this.listElements(catalog, q, base);
			if (method === 'POST') return this.addElements(catalog, request.body, base);
			if (method === 'PATCH')
				return this.updateElements(catalog, this.sandbox.requireArray(request.body), base, false);
			return null;
		}
		if (parts.length === 4) {
			const element = this.element(Number(third));
			if (method === 'GET')
				return element && element.catalog_id === id
					? ok(this.presentElement(element, catalog, this.sandbox.withList(q), base))
					: noContent();
			if (method === 'PATCH')
				return this.updateElements(
					catalog,
					[{ ...(request.body ?? {}), id: Number(third) }],
					base,
					true,
				);
		}
		return null;
	}

	// ------------------------------------------------------------ lists

	private presentCatalog(catalog: Catalog, base: string) {
		return { ...catalog, _links: { self: { href: `${base}/api/v4/catalogs/${catalog.id}` } } };
	}

	private createCatalog(raw: JsonObject): Catalog {
		const t = now();
		const id = isInt(raw.id) ? (raw.id as number) : ++this.lastCatalogId;
		this.lastCatalogId = Math.max(this.lastCatalogId, id);
		const type = (raw.type as CatalogType) ?? 'regular';
		const catalog: Catalog = {
			id,
			name: String(raw.name ?? ''),
			created_by: 0,
			updated_by: 0,
			created_at: t,
			updated_at: t,
			sort: (raw.sort as number) ?? Math.max(0, ...this.catalogs.map((c) => c.sort)) + 10,
			type,
			can_add_elements: (raw.can_add_elements as boolean) ?? true,
			can_show_in_cards: (raw.can_show_in_cards as boolean) ?? false,
			can_link_multiple: (raw.can_link_multiple as boolean) ?? true,
			// The products list goes with the account's Products setting, not a delete in the UI (inference).
			can_be_deleted: (raw.can_be_deleted as boolean) ?? type !== 'products',
			sdk_widget_code: null,
			account_id: AMOCRM_SANDBOX.accountId,
		};
		this.catalogs.push(catalog);
		if (type === 'products') this.fieldsOf(id).push(...this.productFields());
		return catalog;
	}

	private productFields(): Field[] {
		const field = (
			name: string,
			type: string,
			code: string,
			sort: number,
			extra: Partial<Field> = {},
		): Field => ({
			id: this.sandbox.nextId('fields'),
			name,
			type,
			code,
			sort,
			entity_type: 'catalogs',
			enums: null,
			is_visible: true,
			is_required: false,
			is_predefined: true,
			is_deletable: false,
			...extra,
		});
		return [
			field('SKU', 'text', 'SKU', 10),
			field('Description', 'textarea', 'DESCRIPTION', 20),
			field('Price', 'numeric', 'PRICE', 30),
			field('Group', 'category', 'GROUP', 40, { nested: [] }),
			field('External ID', 'text', 'EXTERNAL_ID', 50, { is_visible: false }),
		];
	}

	private checkCatalogFields(item: JsonObject, allowed: string[], errors: ValidationError[]) {
		errors.push(...unexpectedFields(item, allowed));
		if (blankName(item))
			errors.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
		if (item.sort !== undefined && !isInt(item.sort))
			errors.push({
				code: 'InvalidType',
				path: 'sort',
				detail: 'This value should be of type int.',
			});
		for (const key of ['can_add_elements', 'can_link_multiple']) {
			if (item[key] !== undefined && typeof item[key] !== 'boolean')
				errors.push({
					code: 'InvalidType',
					path: key,
					detail: 'This value should be of type bool.',
				});
		}
	}

	private addCatalogs(body: unknown, base: string): SandboxResponse {
		const items = this.sandbox.requireArray(body);
		let count = this.catalogs.length;
		const taken = new Set(this.catalogs.map((c) => c.type));
		const creators = this.sandbox.prepareBatch(items, (item, errors) => {
			this.checkCatalogFields(item, ['type', ...CATALOG_WRITABLE], errors);
			const type = (item.type ?? 'regular') as CatalogType;
			if (!CATALOG_TYPES.includes(type))
				errors.push({
					code: 'NotSupportedChoice',
					path: 'type',
					detail: 'The value you selected is not a valid choice.',
				});
			else if (type !== 'regular' && taken.has(type))
				errors.push({
					code: 'NotSupportedChoice',
					path: 'type',
					detail: `The account already has a list of type ${type}.`,
				});
			else taken.add(type);
			if (++count > MAX_CATALOGS)
				errors.push({
					code: 'LimitExceeded',
					path: '',
					detail: `An account can have at most ${MAX_CATALOGS} lists.`,
				});
			return () => this.createCatalog({ ...item, type });
		});
		const created = creators.map((create, index) => ({
			...this.presentCatalog(create(), base),
			request_id: String(items[index].request_id ?? index),
		}));
		return batchAnswer(`${base}/api/v4/catalogs`, 'catalogs', created);
	}

	private updateCatalogs(items: JsonObject[], base: string, single: boolean): SandboxResponse {
		const updaters = this.sandbox.prepareBatch(items, (item, errors) => {
			const catalog = isInt(item.id) ? this.catalog(item.id as number) : undefined;
			if (!catalog) {
				errors.push(notFound('id', 'List'));
				return () => catalog!;
			}
			this.checkCatalogFields(item, ['id', ...CATALOG_WRITABLE], errors);
			return () => {
				for (const key of ['name', 'sort', 'can_add_elements', 'can_link_multiple'] as const)
					if (item[key] !== undefined) (catalog as JsonObject)[key] = item[key];
				catalog.updated_at = Math.max(now(), catalog.updated_at);
				return catalog;
			};
		});
		// Without a request_id the vendor example echoes the list id, as a string (RU-CAT).
		const updated = updaters.map((update, index) => {
			const catalog = update();
			return {
				...this.presentCatalog(catalog, base),
				request_id: String(items[index].request_id ?? catalog.id),
			};
		});
		if (single) return ok(updated[0]);
		return batchAnswer(`${base}/api/v4/catalogs`, 'catalogs', updated);
	}

	// ------------------------------------------------------------ elements

	private blankElement(catalogId: number, id?: number): CatalogElement {
		const t = now();
		const elementId = isInt(id) ? (id as number) : ++this.lastElementId;
		this.lastElementId = Math.max(this.lastElementId, elementId);
		return {
			id: elementId,
			catalog_id: catalogId,
			name: '',
			created_by: 0,
			updated_by: 0,
			created_at: t,
			updated_at: t,
			is_deleted: false,
			custom_fields_values: null,
			account_id: AMOCRM_SANDBOX.accountId,
		};
	}

	private presentElement(
		element: CatalogElement,
		catalog: Catalog,
		withs: string[],
		base: string,
	): JsonObject {
		const shown: JsonObject = {
			...element,
			_links: { self: { href: `${base}/api/v4/catalogs/${catalog.id}/elements/${element.id}` } },
		};
		if (withs.includes('invoice_link')) shown.invoice_link = null;
		return shown;
	}

	private matches(element: CatalogElement, query: string): boolean {
		const needle = query.trim().toLowerCase();
		const texts = [
			element.name,
			...(element.custom_fields_values ?? []).flatMap((f) =>
				f.values.map((v) =>
					typeof v.value === 'object' ? JSON.stringify(v.value) : String(v.value ?? ''),
				),
			),
		];
		return texts.some((text) => text.toLowerCase().includes(needle));
	}

	private listElements(catalog: Catalog, q: JsonObject, base: string): SandboxResponse {
		let elements = this.elementsOf(catalog.id);
		if (q.query !== undefined && String(q.query).trim())
			elements = elements.filter((e) => this.matches(e, String(q.query)));
		if (q.filter?.id !== undefined) {
			const ids = listOf(q.filter.id).map(Number);
			elements = elements.filter((e) => ids.includes(e.id));
		}
		const withs = this.sandbox.withList(q);
		return this.sandbox.page(q, base, 'elements', elements, false, (e: CatalogElement) =>
			this.presentElement(e, catalog, withs, base),
		);
	}

	private requiredFieldsFilled(
		catalog: Catalog,
		values: StoredFieldValue[] | null,
		errors: ValidationError[],
	) {
		for (const field of this.fieldsOf(catalog.id).filter((f) => f.is_required)) {
			if (!(values ?? []).some((v) => v.field_id === field.id && v.values.length))
				errors.push({
					code: 'NotBlank',
					path: 'custom_fields_values',
					detail: `The field "${field.name}" is required.`,
				});
		}
	}

	private addElements(catalog: Catalog, body: unknown, base: string): SandboxResponse {
		const items = this.sandbox.requireArray(body);
		const creators = this.sandbox.prepareBatch(items, (item, errors) => {
			errors.push(...unexpectedFields(item, ELEMENT_WRITABLE));
			if (blankName(item))
				errors.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
			const cf = this.sandbox.writeFieldValues(
				this.fieldsOf(catalog.id),
				null,
				item.custom_fields_values,
				'custom_fields_values',
			);
			errors.push(...cf.errors);
			this.requiredFieldsFilled(catalog, cf.value, errors);
			return () => {
				const element = this.blankElement(catalog.id);
				Object.assign(element, { name: item.name, custom_fields_values: cf.value });
				this.elements.set(element.id, element);
				return element;
			};
		});
		const created = creators.map((create, index) => ({
			...this.presentElement(create(), catalog, [], base),
			request_id: String(items[index].request_id ?? index),
		}));
		return batchAnswer(`${base}/api/v4/catalogs/${catalog.id}/elements`, 'elements', created);
	}

	private updateElements(
		catalog: Catalog,
		items: JsonObject[],
		base: string,
		single: boolean,
	): SandboxResponse {
		const updaters = this.sandbox.prepareBatch(items, (item, errors) => {
			const element = isInt(item.id) ? this.element(item.id as number) : undefined;
			if (!element || element.catalog_id !== catalog.id) {
				errors.push(notFound('id', 'Element'));
				return () => element!;
			}
			errors.push(...unexpectedFields(item, ['id', ...ELEMENT_WRITABLE]));
			if (blankName(item))
				errors.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
			const cf = this.sandbox.writeFieldValues(
				this.fieldsOf(catalog.id),
				element.custom_fields_values,
				item.custom_fields_values,
				'custom_fields_values',
			);
			errors.push(...cf.errors);
			return () => {
				element.name = item.name as string;
				element.custom_fields_values = cf.value;
				element.updated_at = Math.max(now(), element.updated_at);
				return element;
			};
		});
		// Without a request_id the vendor example echoes the element id, as a number (RU-CAT).
		const updated = updaters.map((update, index) => {
			const element = update();
			return {
				...this.presentElement(element, catalog, [], base),
				request_id: items[index].request_id ?? element.id,
			};
		});
		if (single) return ok(updated[0]);
		return batchAnswer(`${base}/api/v4/catalogs/${catalog.id}/elements`, 'elements', updated);
	}

	private deleteV2(body: unknown): SandboxResponse {
		const request = (body ?? {}) as JsonObject;
		const other = Object.keys(request).filter((key) => key !== 'delete');
		if (other.length)
			return problem(400, 'Bad Request', `Not modelled by the sandbox: ${other.join(', ')}`);
		const ids = request.delete;
		if (!Array.isArray(ids) || ids.length === 0)
			return problem(400, 'Bad Request', 'Request data can not be empty');
		if (ids.length > 250) return problem(422, 'Unprocessable Entity', 'Limit 250 per page');
		const unknown = ids.filter((id) => !isInt(id) || !this.elements.has(id as number));
		if (unknown.length)
			return problem(400, 'Bad Request', `Catalog elements not found: ${unknown.join(', ')}`);
		for (const id of ids as number[]) this.elements.delete(id);
		this.sandbox.links = this.sandbox.links.filter(
			(l) => !(l.to_entity_type === this.linkType && (ids as number[]).includes(l.to_entity_id)),
		);
		return ok({
			_links: { self: { href: '/api/v2/catalog_elements', method: 'post' } },
			_embedded: { items: [] },
		});
	}

	// ------------------------------------------------------------ links from leads

	checkLink(
		fromType: string,
		item: JsonObject,
		linking: boolean,
		errors: ValidationError[],
	): JsonObject | null {
		if (!this.linkedFrom.includes(fromType)) {
			errors.push({
				code: 'NotSupportedChoice',
				path: 'to_entity_type',
				detail: 'The value you selected is not a valid choice.',
			});
			return null;
		}
		const meta = item.metadata as JsonObject | undefined;
		if (!meta || typeof meta !== 'object' || Array.isArray(meta)) {
			errors.push({
				code: 'NotBlank',
				path: 'metadata.catalog_id',
				detail: 'catalog_id is required for catalog elements.',
			});
			return null;
		}
		errors.push(...unexpectedFields(meta, LINK_METADATA, 'metadata.'));
		const catalog = isInt(meta.catalog_id) ? this.catalog(meta.catalog_id as number) : undefined;
		if (!catalog) errors.push(notFound('metadata.catalog_id', 'Catalog'));
		const element = isInt(item.to_entity_id)
			? this.element(item.to_entity_id as number)
			: undefined;
		if (!element || (catalog && element.catalog_id !== catalog.id))
			errors.push(notFound('to_entity_id', 'Catalog element'));
		if (
			meta.updated_by !== undefined &&
			!this.sandbox.users.some((u) => u.id === meta.updated_by)
		) {
			errors.push({
				code: 'NotSupportedChoice',
				path: 'metadata.updated_by',
				detail: 'The value you selected is not a valid choice.',
			});
		}
		if (!linking) return null;
		const quantity = meta.quantity;
		if (typeof quantity !== 'number' || !Number.isFinite(quantity))
			errors.push({
				code: 'InvalidType',
				path: 'metadata.quantity',
				detail: 'This value should be of type numeric.',
			});
		else if (quantity <= 0)
			errors.push({
				code: 'GreaterThan',
				path: 'metadata.quantity',
				detail: 'This value should be greater than 0.',
			});
		const priceId = meta.price_id ?? null;
		if (priceId !== null && catalog) {
			const field = this.fieldsOf(catalog.id).find((f) => f.id === priceId);
			if (!field || !(field.type === 'price' || field.code === 'PRICE'))
				errors.push({
					code: 'NotSupportedChoice',
					path: 'metadata.price_id',
					detail: 'The value you selected is not a valid choice.',
				});
		}
		if (catalog && element && !catalog.can_link_multiple) {
			const elsewhere = this.sandbox.links.some(
				(l) =>
					l.to_entity_type === this.linkType &&
					l.to_entity_id === element.id &&
					!(l.entity_type === fromType && l.entity_id === item.entity_id),
			);
			if (elsewhere)
				errors.push({
					code: 'AlreadyLinked',
					path: 'to_entity_id',
					detail:
						'This element is linked to another entity, and its list does not link one element to several.',
				});
		}
		return { quantity, catalog_id: meta.catalog_id, price_id: priceId };
	}
}
