// Customers ("Покупатели"): amoCRM's record of repeat buyers, with their purchases (transactions), and
// either customer statuses (periodic-purchases mode) or segments (segmentation mode). Sources: amoCRM's
// customers-api and customers-statuses-api pages, the official PHP client (amocrm-api-php,
// EntitiesServices/Customers/*, Models/Customers/*), Kommo's account reference (`customers_mode`).
// What is known:
//  - the account reports `customers_mode`: `unavailable`, `disabled`, `segments`, `periodicity`;
//    `PATCH /api/v4/customers/mode` {mode, is_enabled} switches them, administrators only; 402 when the
//    plan has no customers (a Kommo MCP connector's notes [3p] also call `mode` required and say a plan
//    without customers answers an error);
//  - customer statuses answer 422 unless periodicity is on, segments 422 unless segmentation is on;
//  - `GET /customers/{id}` of an unknown customer is 204; a new customer needs `name`, and `next_date`
//    too in periodicity mode; no delete of customers exists in v4;
//  - transactions: `POST /customers/{id}/transactions` (a batch; `price` required; `next_price` and
//    `next_date` set the customer's next purchase), lists for one customer and for all, delete one by
//    one (204); no update;
//  - the vendor's examples key the PATCH answer `_embedded.leads` and the transactions POST answer
//    `_embedded.customers`; which keys the server really uses is not confirmed, so the documented ones
//    are answered here and a client has to take both.
// Not documented, and taken here the less forgiving way (each marked where it is decided):
//  - what `/customers` answers with customers switched off (every customers call, their custom fields
//    too: 422 "Customers are disabled", as the reference suggests);
//  - an unknown customer of a transaction call, an unknown transaction to delete;
//  - `status_id`/`periodicity` on customers in segmentation mode, `metadata` and catalog elements on
//    transactions (refused); status moves by the account's conditions are not played.
// A new sandbox account has customers switched off (`disabled`), as the account body always said.
import type { JsonObject, SandboxRequest, SandboxResponse } from '../../common';
import { listOf } from '../../common';
import {
	type ValidationError,
	ValidationFailed,
	isInt,
	isTimestamp,
	noContent,
	now,
	ok,
	problem,
	batchAnswer,
	notExpected,
	unexpectedFields,
} from '../answers';
import type { AmoCrmSandbox } from '../server';
import { AMOCRM_SANDBOX, type Field } from '../state';
import { fieldFlags } from './customFields';
import type { SandboxSection } from './section';

type Mode = 'periodicity' | 'segments';

interface Tag {
	id: number;
	name: string;
	color: string | null;
}

interface StoredFieldValue {
	field_id: number;
	field_name: string;
	field_code: string | null;
	field_type: string;
	values: JsonObject[];
}

interface Customer {
	id: number;
	name: string;
	next_price: number;
	next_date: number | null;
	responsible_user_id: number;
	status_id: number | null;
	periodicity: number;
	created_by: number;
	updated_by: number;
	created_at: number;
	updated_at: number;
	closest_task_at: number | null;
	is_deleted: boolean;
	custom_fields_values: StoredFieldValue[] | null;
	ltv: number;
	purchases_count: number;
	average_check: number;
	account_id: number;
	tags: Tag[];
	segment_ids: number[];
}

interface Transaction {
	id: number;
	comment: string | null;
	price: number;
	completed_at: number;
	customer_id: number;
	created_by: number;
	updated_by: number;
	created_at: number;
	updated_at: number;
	is_deleted: boolean;
	account_id: number;
}

interface Segment {
	id: number;
	name: string;
	color: string;
	created_at: number;
	updated_at: number;
	available_products_price_types: number[];
	custom_fields_values: JsonObject[] | null;
	account_id: number;
}

interface CustomerStatus {
	id: number;
	name: string;
	sort: number;
	is_default: boolean;
	color: string;
	/** 0 regular, 1 purchase expected, 2 did not buy, 3 closed, 4 bought recently (customers-statuses-api table). */
	type: number;
	conditions: JsonObject[];
	account_id: number;
}

const ACCOUNT = AMOCRM_SANDBOX.accountId;
const PURCHASE_EXPECTED = 1;

function defaultStatuses(): CustomerStatus[] {
	const status = (
		id: number,
		name: string,
		sort: number,
		color: string,
		type: number,
	): CustomerStatus => ({
		id,
		name,
		sort,
		is_default: true,
		color,
		type,
		conditions: [],
		account_id: ACCOUNT,
	});
	return [
		status(1300001, 'Недавно купили', 10, '#99ccff', 4),
		status(1300002, 'Ожидается покупка', 20, '#fffd7f', PURCHASE_EXPECTED),
		status(1300003, 'Не купили', 30, '#fd5598', 2),
		status(1300004, 'Закрытые', 40, '#e6e8ea', 3),
	];
}

const CUSTOMER_FIELDS = [
	'name',
	'next_price',
	'next_date',
	'responsible_user_id',
	'status_id',
	'periodicity',
	'created_by',
	'updated_by',
	'created_at',
	'updated_at',
	'custom_fields_values',
	'tags_to_add',
	'_embedded',
	'request_id',
];
const TRANSACTION_FIELDS = [
	'price',
	'comment',
	'completed_at',
	'next_price',
	'next_date',
	'created_by',
	'_embedded',
	'request_id',
];
const SINGLE_VALUE_TYPES = [
	'text',
	'textarea',
	'url',
	'numeric',
	'price',
	'monetary',
	'checkbox',
	'date',
	'date_time',
	'birthday',
	'select',
	'radiobutton',
	'streetaddress',
];

const notInt = (path: string): ValidationError => ({
	code: 'InvalidType',
	path,
	detail: 'This value should be of type int.',
});
const badChoice = (path: string): ValidationError => ({
	code: 'NotSupportedChoice',
	path,
	detail: 'The value you selected is not a valid choice.',
});
const blank = (path: string): ValidationError => ({
	code: 'NotBlank',
	path,
	detail: 'This value should not be blank.',
});

export class CustomersSection implements SandboxSection {
	available = true;
	enabled = false;
	mode: Mode = 'periodicity';
	customers = new Map<number, Customer>();
	transactions = new Map<number, Transaction>();
	segments: Segment[] = [];
	statuses: CustomerStatus[] = [];
	tags: Tag[] = [];
	private ids = new Map<string, number>();

	constructor(private readonly sandbox: AmoCrmSandbox) {}

	reset() {
		this.available = true;
		this.enabled = false;
		this.mode = 'periodicity';
		this.customers.clear();
		this.transactions.clear();
		this.segments = [];
		this.statuses = defaultStatuses();
		this.tags = [];
		this.ids = new Map([
			['customers', 90000000],
			['transactions', 91000000],
			['segments', 92000],
		]);
	}

	/** What the account reports: `unavailable`, `disabled`, or the mode that is on. */
	customersMode(): string {
		if (!this.available) return 'unavailable';
		return this.enabled ? this.mode : 'disabled';
	}

	account(): JsonObject {
		return { customers_mode: this.customersMode() };
	}

	dump(): JsonObject {
		return {
			customers_mode: this.customersMode(),
			customers: [...this.customers.values()].map((c) => this.present(c, '')),
			customer_transactions: [...this.transactions.values()],
			customer_segments: this.segments.map((s) => this.presentSegment(s, '')),
			customer_statuses: this.statuses,
			customer_tags: this.tags,
		};
	}

	/**
	 * `customers_mode` (as the account reports it), `customers` (with `tags` as names or
	 * `_embedded.tags`, `segment_ids`, and ltv/purchases_count/average_check left to their
	 * `customer_transactions`), `customer_segments`, `customer_statuses`.
	 */
	seed(body: JsonObject) {
		if (typeof body.customers_mode === 'string') {
			const mode = body.customers_mode;
			this.available = mode !== 'unavailable';
			this.enabled = mode === 'periodicity' || mode === 'segments';
			if (this.enabled) this.mode = mode as Mode;
		}
		if (Array.isArray(body.customer_statuses))
			this.statuses = body.customer_statuses.map(
				(s: JsonObject) =>
					({
						is_default: false,
						conditions: [],
						account_id: ACCOUNT,
						...s,
					}) as unknown as CustomerStatus,
			);
		for (const raw of (body.customer_segments ?? []) as JsonObject[]) {
			const id = isInt(raw.id) ? (raw.id as number) : this.nextId('segments');
			const t = now();
			this.segments = this.segments.filter((s) => s.id !== id);
			this.segments.push({
				name: '',
				color: '6610f2',
				created_at: t,
				updated_at: t,
				available_products_price_types: [],
				custom_fields_values: null,
				account_id: ACCOUNT,
				...raw,
				id,
			} as Segment);
		}
		for (const raw of (body.customers ?? []) as JsonObject[]) {
			const id = isInt(raw.id) ? (raw.id as number) : this.nextId('customers');
			if (id > (this.ids.get('customers') ?? 0)) this.ids.set('customers', id);
			const t = now();
			const { tags, _embedded, custom_fields_values, ...rest } = raw;
			const errors: ValidationError[] = [];
			const values = this.writeCustomFields(null, custom_fields_values, errors);
			if (errors.length) throw new Error(`seed customer ${id}: ${JSON.stringify(errors)}`);
			const tagRefs = ((tags ?? _embedded?.tags ?? []) as unknown[]).map((tag) =>
				typeof tag === 'string' ? { name: tag } : (tag as JsonObject),
			);
			this.customers.set(id, {
				...this.blankCustomer(t),
				...rest,
				id,
				custom_fields_values: values,
				tags: this.resolveTags(tagRefs),
			} as Customer);
		}
		for (const raw of (body.customer_transactions ?? []) as JsonObject[]) {
			const id = isInt(raw.id) ? (raw.id as number) : this.nextId('transactions');
			if (id > (this.ids.get('transactions') ?? 0)) this.ids.set('transactions', id);
			const t = now();
			this.transactions.set(id, {
				comment: null,
				price: 0,
				completed_at: t,
				created_by: 0,
				updated_by: 0,
				created_at: t,
				updated_at: t,
				is_deleted: false,
				account_id: ACCOUNT,
				...raw,
				id,
			} as Transaction);
			this.recount(raw.customer_id as number);
		}
	}

	route(
		method: string,
		parts: string[],
		request: SandboxRequest,
		base: string,
		caller: number,
	): SandboxResponse | null {
		if (parts[0] !== 'customers') return null;
		if (parts[1] === 'mode' && parts.length === 2)
			return method === 'PATCH' ? this.switchMode(request, caller) : null;
		// Not documented: the reference's suggestion for every customers call of an account without them.
		if (!this.available || !this.enabled)
			return problem(422, 'Unprocessable Entity', 'Customers are disabled');
		const q = request.query;
		const [, second, third] = parts;
		if (second === undefined) {
			if (method === 'GET') return this.list(q, base);
			if (method === 'POST') return this.add(request.body, base);
			if (method === 'PATCH') return this.update(request.body, base, false);
			return null;
		}
		if (second === 'custom_fields') return this.routeFields(method, parts.slice(2), q, base);
		if (second === 'statuses') return this.routeStatuses(method, parts.slice(2), q, base);
		if (second === 'segments') return this.routeSegments(method, parts.slice(2), q, base);
		if (second === 'transactions')
			return this.routeTransactions(method, null, parts.slice(2), request, base);
		const id = Number(second);
		if (!/^\d+$/.test(second)) return null;
		if (parts.length === 2) {
			if (method === 'GET') {
				const customer = this.customers.get(id);
				return customer && !customer.is_deleted ? ok(this.present(customer, base)) : noContent();
			}
			if (method === 'PATCH') {
				if (Array.isArray(request.body))
					throw new ValidationFailed([
						{
							request_id: '0',
							errors: [
								{ code: 'InvalidType', path: '', detail: 'This value should be of type object.' },
							],
						},
					]);
				return this.update({ ...(request.body ?? {}), id }, base, true);
			}
			return null;
		}
		if (third === 'transactions')
			return this.routeTransactions(method, id, parts.slice(3), request, base);
		return null;
	}

	// ---------------------------------------------------------------- custom fields

	/**
	 * Reading the customer fields (`fields.customers`) as the custom fields section presents them, under
	 * `_embedded.custom_fields`; writing them, and their groups, is that section's.
	 */
	private routeFields(
		method: string,
		rest: string[],
		q: JsonObject,
		base: string,
	): SandboxResponse | null {
		if (method !== 'GET' || rest[0] === 'groups') return null;
		const fields = (this.sandbox.fields.customers ?? []).map((f) => ({
			group_id: null,
			required_statuses: [],
			is_api_only: false,
			...f,
			...fieldFlags(f),
			account_id: ACCOUNT,
			_links: { self: { href: `${base}/api/v4/customers/custom_fields/${f.id}` } },
		}));
		if (rest.length === 0)
			return this.page(q, base, 'customers/custom_fields', 'custom_fields', fields, true);
		const field = rest.length === 1 ? fields.find((f) => f.id === Number(rest[0])) : undefined;
		return field ? ok(field) : noContent();
	}

	// ---------------------------------------------------------------- mode

	private switchMode(request: SandboxRequest, caller: number): SandboxResponse {
		if (!this.sandbox.isAdmin(caller))
			return problem(
				403,
				'Forbidden',
				'Access denied: only an account administrator may use this method',
			);
		if (!this.available)
			return problem(402, 'Payment Required', 'Customers are not available on the account plan');
		const body = request.body as JsonObject;
		const errors: ValidationError[] = [];
		if (!body || typeof body !== 'object' || Array.isArray(body))
			errors.push({
				code: 'InvalidType',
				path: '',
				detail: 'This value should be of type object.',
			});
		else {
			errors.push(...unexpectedFields(body, ['mode', 'is_enabled']));
			// Both are sent by the PHP client every time; whether either may be left out is not documented.
			if (body.mode !== 'segments' && body.mode !== 'periodicity') errors.push(badChoice('mode'));
			if (typeof body.is_enabled !== 'boolean')
				errors.push({
					code: 'InvalidType',
					path: 'is_enabled',
					detail: 'This value should be of type bool.',
				});
		}
		if (errors.length) throw new ValidationFailed([{ request_id: '0', errors }]);
		this.mode = (body as JsonObject).mode as Mode;
		this.enabled = (body as JsonObject).is_enabled as boolean;
		return ok({ mode: this.mode, is_enabled: this.enabled });
	}

	// ---------------------------------------------------------------- customers

	private nextId(kind: string) {
		const id = (this.ids.get(kind) ?? 0) + 1;
		this.ids.set(kind, id);
		return id;
	}

	private blankCustomer(t: number): Customer {
		return {
			id: 0,
			name: '',
			next_price: 0,
			next_date: null,
			responsible_user_id: AMOCRM_SANDBOX.users.admin,
			status_id:
				this.mode === 'periodicity'
					? (this.statuses.find((s) => s.type === PURCHASE_EXPECTED)?.id ?? null)
					: null,
			periodicity: 0,
			created_by: 0,
			updated_by: 0,
			created_at: t,
			updated_at: t,
			closest_task_at: null,
			is_deleted: false,
			custom_fields_values: null,
			ltv: 0,
			purchases_count: 0,
			average_check: 0,
			account_id: ACCOUNT,
			tags: [],
			segment_ids: [],
		};
	}

	private present(customer: Customer, base: string): JsonObject {
		const { tags, segment_ids: segmentIds, ...rest } = customer;
		const embedded: JsonObject = {
			tags: tags.map((t) => ({ id: t.id, name: t.name, color: t.color })),
		};
		if (this.mode === 'segments')
			embedded.segments = segmentIds.map((id) => ({
				id,
				_links: { self: { href: `${base}/api/v4/customers/segments/${id}` } },
			}));
		return {
			...rest,
			_links: { self: { href: `${base}/api/v4/customers/${customer.id}` } },
			_embedded: embedded,
		};
	}

	/** One page of `all` under `_embedded[key]`, with links to `path`: the shared pager, its links pointed at the customers path. */
	private page(
		q: JsonObject,
		base: string,
		path: string,
		key: string,
		all: unknown[],
		total = false,
		present?: (item: any) => unknown,
	): SandboxResponse {
		const answer = this.sandbox.page(q, base, key, all, total, present);
		const body = answer.body as JsonObject | undefined;
		if (body?._links) {
			for (const link of Object.values(body._links as Record<string, { href: string }>))
				link.href = link.href.replace(`/api/v4/${key}?`, `/api/v4/${path}?`);
		}
		return answer;
	}

	private list(q: JsonObject, base: string): SandboxResponse {
		let items = [...this.customers.values()].filter((c) => !c.is_deleted);
		// Without the API filtering add-on every other filter is ignored, as on leads (see server.ts).
		const filter = (q.filter ?? {}) as JsonObject;
		if (filter.id !== undefined && this.sandbox.readings.filtersIgnored !== 'all') {
			const ids = listOf(filter.id).map(Number);
			items = items.filter((c) => ids.includes(c.id));
		}
		if (q.query !== undefined) {
			const needle = String(q.query).toLowerCase().trim();
			items = items.filter((c) =>
				[
					c.name,
					...(c.custom_fields_values ?? []).flatMap((f) =>
						f.values.map((v) => String(v.value ?? '')),
					),
				].some((text) => text.toLowerCase().includes(needle)),
			);
		}
		// `order` is the PHP client's (CustomersFilter), not the vendor page's.
		const [orderKey, direction] = Object.entries((q.order ?? {}) as JsonObject)[0] ?? ['id', 'asc'];
		if (!['id', 'created_at', 'updated_at'].includes(orderKey))
			return problem(400, 'Bad Request', `Unsupported order field ${orderKey}`);
		const sign = String(direction).toLowerCase() === 'desc' ? -1 : 1;
		items.sort(
			(a, b) =>
				sign *
				((a[orderKey as keyof Customer] as number) - (b[orderKey as keyof Customer] as number) ||
					a.id - b.id),
		);
		return this.page(q, base, 'customers', 'customers', items, false, (c) => this.present(c, base));
	}

	private checkCustomer(item: JsonObject, current: Customer | null, errors: ValidationError[]) {
		const allowed = current ? [...CUSTOMER_FIELDS, 'id', 'tags_to_delete'] : CUSTOMER_FIELDS;
		errors.push(...unexpectedFields(item, allowed));
		if (!current || item.name !== undefined) {
			if (typeof item.name !== 'string')
				errors.push(
					item.name === undefined
						? blank('name')
						: { code: 'InvalidType', path: 'name', detail: 'This value should be of type string.' },
				);
			else if (!item.name.trim()) errors.push(blank('name'));
		}
		if (
			item.next_price !== undefined &&
			!(isInt(item.next_price) && (item.next_price as number) >= 0)
		)
			errors.push(notInt('next_price'));
		if (item.next_date !== undefined && !isTimestamp(item.next_date))
			errors.push(notInt('next_date'));
		if (!current && this.mode === 'periodicity' && item.next_date === undefined)
			errors.push(blank('next_date'));
		if (
			item.periodicity !== undefined &&
			!(isInt(item.periodicity) && (item.periodicity as number) >= 0)
		)
			errors.push(notInt('periodicity'));
		// Statuses and periodicity belong to periodicity mode; whether segmentation mode ignores them is not documented.
		if (this.mode === 'segments')
			for (const key of ['status_id', 'periodicity'])
				if (item[key] !== undefined) errors.push(notExpected(key));
		if (
			item.status_id !== undefined &&
			this.mode === 'periodicity' &&
			!this.statuses.some((s) => s.id === item.status_id)
		)
			errors.push(badChoice('status_id'));
		if (item.responsible_user_id !== undefined && !this.userExists(item.responsible_user_id))
			errors.push(badChoice('responsible_user_id'));
		for (const key of ['created_by', 'updated_by'])
			if (item[key] !== undefined && item[key] !== 0 && !this.userExists(item[key]))
				errors.push(badChoice(key));
		for (const key of ['created_at', 'updated_at'])
			if (item[key] !== undefined && !isTimestamp(item[key])) errors.push(notInt(key));
		for (const key of ['tags_to_add', 'tags_to_delete'])
			if (item[key] !== undefined && !Array.isArray(item[key]))
				errors.push({
					code: 'InvalidType',
					path: key,
					detail: 'This value should be of type array.',
				});
		const embedded = item._embedded as JsonObject | undefined;
		if (embedded !== undefined) {
			if (!embedded || typeof embedded !== 'object' || Array.isArray(embedded))
				errors.push({
					code: 'InvalidType',
					path: '_embedded',
					detail: 'This value should be of type object.',
				});
			else {
				errors.push(...unexpectedFields(embedded, ['tags'], '_embedded.'));
				if (embedded.tags !== undefined && embedded.tags !== null && !Array.isArray(embedded.tags))
					errors.push({
						code: 'InvalidType',
						path: '_embedded.tags',
						detail: 'This value should be of type array.',
					});
			}
		}
	}

	private userExists(id: unknown) {
		return isInt(id) && this.sandbox.users.some((u) => u.id === id);
	}

	private add(body: unknown, base: string): SandboxResponse {
		const items = this.sandbox.requireArray(body);
		const creators = this.sandbox.prepareBatch(items, (item, errors) => {
			this.checkCustomer(item, null, errors);
			const values = this.writeCustomFields(null, item.custom_fields_values, errors);
			return () => {
				const t = now();
				const customer: Customer = {
					...this.blankCustomer(t),
					id: this.nextId('customers'),
					name: String(item.name),
					custom_fields_values: values,
				};
				for (const key of [
					'next_price',
					'next_date',
					'responsible_user_id',
					'status_id',
					'periodicity',
					'created_by',
					'created_at',
					'updated_at',
				] as const) {
					if (item[key] !== undefined) (customer as unknown as JsonObject)[key] = item[key];
				}
				customer.updated_by = (item.updated_by as number) ?? customer.created_by;
				const embedded = (item._embedded ?? {}) as JsonObject;
				customer.tags = this.resolveTags([
					...((embedded.tags ?? []) as JsonObject[]),
					...((item.tags_to_add ?? []) as JsonObject[]),
				]);
				this.customers.set(customer.id, customer);
				return customer;
			};
		});
		const created = creators.map((create, index) => {
			const customer = create();
			return {
				id: customer.id,
				request_id: String(items[index].request_id ?? '0'),
				_links: { self: { href: `${base}/api/v4/customers/${customer.id}` } },
			};
		});
		return batchAnswer(`${base}/api/v4/customers`, 'customers', created);
	}

	private update(body: unknown, base: string, single: boolean): SandboxResponse {
		const items = single ? [body as JsonObject] : this.sandbox.requireArray(body);
		const updaters = this.sandbox.prepareBatch(items, (item, errors) => {
			const current = this.customers.get(Number(item.id));
			if (!isInt(item.id) || !current || current.is_deleted) {
				errors.push({ code: 'NotFound', path: 'id', detail: 'Entity not found.' });
				return () => current!;
			}
			this.checkCustomer(item, current, errors);
			const values = this.writeCustomFields(
				current.custom_fields_values,
				item.custom_fields_values,
				errors,
			);
			return () => {
				for (const key of [
					'name',
					'next_price',
					'next_date',
					'responsible_user_id',
					'status_id',
					'periodicity',
					'created_by',
					'created_at',
				] as const) {
					if (item[key] !== undefined) (current as unknown as JsonObject)[key] = item[key];
				}
				current.updated_by = (item.updated_by as number) ?? 0;
				current.updated_at = (item.updated_at as number) ?? Math.max(now(), current.updated_at);
				current.custom_fields_values = values;
				const embedded = (item._embedded ?? {}) as JsonObject;
				if (embedded.tags === null) current.tags = [];
				else if (Array.isArray(embedded.tags))
					current.tags = this.resolveTags(embedded.tags as JsonObject[]);
				if (Array.isArray(item.tags_to_add))
					current.tags = [
						...current.tags,
						...this.resolveTags(item.tags_to_add as JsonObject[]).filter(
							(t) => !current.tags.some((c) => c.id === t.id),
						),
					];
				if (Array.isArray(item.tags_to_delete)) {
					const drop = item.tags_to_delete as JsonObject[];
					current.tags = current.tags.filter(
						(t) => !drop.some((d) => d.id === t.id || d.name === t.name),
					);
				}
				return current;
			};
		});
		const updated = updaters.map((update, index) => {
			const customer = update();
			return {
				id: customer.id,
				updated_at: customer.updated_at,
				request_id: String(items[index].request_id ?? '0'),
				_links: { self: { href: `${base}/api/v4/customers/${customer.id}` } },
			};
		});
		if (single) return ok(updated[0]);
		// The vendor's example keys this array `leads`; played as documented (see the top of this file).
		return batchAnswer(`${base}/api/v4/customers`, 'leads', updated);
	}

	private resolveTags(refs: JsonObject[]): Tag[] {
		const result: Tag[] = [];
		for (const ref of refs) {
			let tag: Tag | undefined;
			if (isInt(ref?.id)) tag = this.tags.find((t) => t.id === ref.id);
			else if (typeof ref?.name === 'string' && ref.name.trim()) {
				tag = this.tags.find((t) => t.name === ref.name);
				if (!tag) {
					tag = {
						id: this.sandbox.nextId('tags'),
						name: ref.name,
						color: (ref.color as string) ?? null,
					};
					this.tags.push(tag);
				}
			}
			if (tag && !result.some((t) => t.id === tag.id)) result.push(tag);
		}
		return result;
	}

	/** `custom_fields_values` checked against the account's customer fields (`fields.customers`), merged into `current`. */
	private writeCustomFields(
		current: StoredFieldValue[] | null,
		input: unknown,
		errors: ValidationError[],
	): StoredFieldValue[] | null {
		if (input === undefined) return current;
		if (input === null) return null;
		if (!Array.isArray(input)) {
			errors.push({
				code: 'InvalidType',
				path: 'custom_fields_values',
				detail: 'This value should be of type array.',
			});
			return current;
		}
		const result = [...(current ?? [])];
		const definitions: Field[] = this.sandbox.fields.customers ?? [];
		input.forEach((entry: JsonObject, index: number) => {
			const at = `custom_fields_values.${index}`;
			const field = isInt(entry?.field_id)
				? definitions.find((f) => f.id === entry.field_id)
				: typeof entry?.field_code === 'string'
					? definitions.find((f) => f.code === entry.field_code)
					: undefined;
			if (!field) return void errors.push(badChoice(`${at}.field_id`));
			const existing = result.findIndex((v) => v.field_id === field.id);
			if (entry.values === null) {
				if (existing >= 0) result.splice(existing, 1);
				return;
			}
			if (!Array.isArray(entry.values) || entry.values.length === 0)
				return void errors.push({
					code: 'InvalidType',
					path: `${at}.values`,
					detail: 'This value should be of type array.',
				});
			if (SINGLE_VALUE_TYPES.includes(field.type) && entry.values.length > 1)
				return void errors.push({
					code: 'InvalidCount',
					path: `${at}.values`,
					detail: 'This field takes one value.',
				});
			const values = (entry.values as JsonObject[]).map((value, vi) =>
				this.fieldValue(field, value, `${at}.values.${vi}`, errors),
			);
			if (values.some((v) => v === null)) return;
			const stored = {
				field_id: field.id,
				field_name: field.name,
				field_code: field.code,
				field_type: field.type,
				values: values as JsonObject[],
			};
			if (existing >= 0) result[existing] = stored;
			else result.push(stored);
		});
		return result.length ? result : null;
	}

	/** One value checked against its field's type, simply: the shape each type takes, enums by id or value. */
	private fieldValue(
		field: Field,
		value: JsonObject,
		path: string,
		errors: ValidationError[],
	): JsonObject | null {
		const bad = (detail: string, at = `${path}.value`, code = 'InvalidType') => (
			errors.push({ code, path: at, detail }),
			null
		);
		if (!value || typeof value !== 'object')
			return bad('This value should be of type object.', path);
		const option = () =>
			(field.enums ?? []).find((e) =>
				value.enum_id !== undefined
					? e.id === value.enum_id
					: e.value === (value.enum_code ?? value.value),
			);
		switch (field.type) {
			case 'numeric':
			case 'price':
			case 'monetary':
				if (value.value === '' || value.value === null || !Number.isFinite(Number(value.value)))
					return bad('This value should be of type numeric.');
				return { value: String(value.value) };
			case 'checkbox':
				return typeof value.value === 'boolean'
					? { value: value.value }
					: bad('This value should be of type bool.');
			case 'date':
			case 'date_time':
			case 'birthday':
				return isTimestamp(value.value)
					? { value: value.value }
					: bad('This value should be a Unix timestamp.');
			case 'select':
			case 'radiobutton':
			case 'multiselect': {
				const found = option();
				return found
					? { value: found.value, enum_id: found.id }
					: bad(
							'The value you selected is not a valid choice.',
							`${path}.enum_id`,
							'NotSupportedChoice',
						);
			}
			case 'multitext': {
				if (typeof value.value !== 'string' || !value.value.trim())
					return bad('This value should not be blank.', `${path}.value`, 'NotBlank');
				const found =
					value.enum_id === undefined && value.enum_code === undefined
						? field.enums?.[0]
						: option();
				return found
					? { value: value.value, enum_id: found.id, enum_code: found.value }
					: bad(
							'The value you selected is not a valid choice.',
							`${path}.enum_code`,
							'NotSupportedChoice',
						);
			}
			default:
				if (typeof value.value !== 'string' && typeof value.value !== 'number')
					return bad('This value should be of type string.');
				if (!String(value.value).trim())
					return bad('This value should not be blank.', `${path}.value`, 'NotBlank');
				return { value: String(value.value) };
		}
	}

	// ---------------------------------------------------------------- transactions

	private routeTransactions(
		method: string,
		customerId: number | null,
		rest: string[],
		request: SandboxRequest,
		base: string,
	): SandboxResponse | null {
		const customer = customerId === null ? undefined : this.customers.get(customerId);
		const known = customerId === null || (customer !== undefined && !customer.is_deleted);
		const path =
			customerId === null ? 'customers/transactions' : `customers/${customerId}/transactions`;
		if (rest.length === 0) {
			if (method === 'GET') {
				// An unknown customer's list: not documented; answered like an empty one.
				if (!known) return noContent();
				let items = [...this.transactions.values()].filter(
					(t) => !t.is_deleted && (customerId === null || t.customer_id === customerId),
				);
				const ids = listOf((request.query.filter as JsonObject | undefined)?.id).map(Number);
				if (ids.length) items = items.filter((t) => ids.includes(t.id));
				return this.page(request.query, base, path, 'transactions', items, false, (t) =>
					this.presentTransaction(t, base),
				);
			}
			if (method === 'POST' && customerId !== null) {
				// Not documented: a purchase of a customer that does not exist.
				if (!known) return problem(404, 'Not Found', 'Customer not found');
				return this.addTransactions(customer!, request.body, base);
			}
			return null;
		}
		if (rest.length !== 1 || !/^\d+$/.test(rest[0])) return null;
		const transaction = this.transactions.get(Number(rest[0]));
		const found =
			transaction &&
			!transaction.is_deleted &&
			(customerId === null || transaction.customer_id === customerId)
				? transaction
				: undefined;
		if (method === 'GET') return found ? ok(this.presentTransaction(found, base)) : noContent();
		if (method === 'DELETE') {
			// Not documented: deleting a transaction that does not exist (the page lists 204, 400 and 401).
			if (!found) return problem(400, 'Bad Request', 'Transaction not found');
			found.is_deleted = true;
			found.updated_at = now();
			this.recount(found.customer_id);
			return noContent();
		}
		return null;
	}

	private presentTransaction(t: Transaction, base: string): JsonObject {
		return {
			...t,
			_links: { self: { href: `${base}/api/v4/customers/transactions/${t.id}` } },
			_embedded: {
				customer: {
					id: t.customer_id,
					_links: { self: { href: `${base}/api/v4/customers/${t.customer_id}` } },
				},
			},
		};
	}

	private addTransactions(customer: Customer, body: unknown, base: string): SandboxResponse {
		const items = this.sandbox.requireArray(body);
		const writers = this.sandbox.prepareBatch(items, (item, errors) => {
			errors.push(...unexpectedFields(item, TRANSACTION_FIELDS));
			if (item.price === undefined) errors.push(blank('price'));
			else if (!(isInt(item.price) && (item.price as number) >= 0)) errors.push(notInt('price'));
			if (item.comment !== undefined && typeof item.comment !== 'string')
				errors.push({
					code: 'InvalidType',
					path: 'comment',
					detail: 'This value should be of type string.',
				});
			for (const key of ['completed_at', 'next_date'])
				if (item[key] !== undefined && !isTimestamp(item[key])) errors.push(notInt(key));
			if (
				item.next_price !== undefined &&
				!(isInt(item.next_price) && (item.next_price as number) >= 0)
			)
				errors.push(notInt('next_price'));
			if (
				item.created_by !== undefined &&
				item.created_by !== 0 &&
				!this.userExists(item.created_by)
			)
				errors.push(badChoice('created_by'));
			// The sandbox has no lists (catalogs), so no purchased products can be named.
			if (item._embedded !== undefined) errors.push(notExpected('_embedded'));
			return () => {
				const t = now();
				const transaction: Transaction = {
					id: this.nextId('transactions'),
					comment: (item.comment as string) ?? null,
					price: item.price as number,
					completed_at: (item.completed_at as number) ?? t,
					customer_id: customer.id,
					created_by: (item.created_by as number) ?? 0,
					updated_by: (item.created_by as number) ?? 0,
					created_at: t,
					updated_at: t,
					is_deleted: false,
					account_id: ACCOUNT,
				};
				this.transactions.set(transaction.id, transaction);
				if (item.next_price !== undefined) customer.next_price = item.next_price as number;
				if (item.next_date !== undefined) customer.next_date = item.next_date as number;
				customer.updated_at = Math.max(t, customer.updated_at);
				this.recount(customer.id);
				return transaction;
			};
		});
		const created = writers.map((write, index) => {
			const transaction = write();
			return {
				id: transaction.id,
				request_id: String(items[index].request_id ?? '0'),
				_links: { self: { href: `${base}/api/v4/customers/transactions/${transaction.id}` } },
			};
		});
		// The vendor's example keys this array `customers`; played as documented (see the top of this file).
		return batchAnswer(
			`${base}/api/v4/customers/${customer.id}/transactions`,
			'customers',
			created,
		);
	}

	/** A customer's lifetime value, purchase count and average check follow its transactions. */
	private recount(customerId: number) {
		const customer = this.customers.get(customerId);
		if (!customer) return;
		const prices = [...this.transactions.values()]
			.filter((t) => !t.is_deleted && t.customer_id === customerId)
			.map((t) => t.price);
		customer.ltv = prices.reduce((sum, price) => sum + price, 0);
		customer.purchases_count = prices.length;
		customer.average_check = prices.length ? Math.round(customer.ltv / prices.length) : 0;
	}

	// ---------------------------------------------------------------- statuses and segments

	private routeStatuses(
		method: string,
		rest: string[],
		q: JsonObject,
		base: string,
	): SandboxResponse | null {
		if (method !== 'GET') return null;
		// The page documents 422 without its body.
		if (this.mode !== 'periodicity')
			return problem(422, 'Unprocessable Entity', 'Periodicity is not enabled');
		const present = (s: CustomerStatus) => ({
			...s,
			_links: { self: { href: `${base}/api/v4/customers/statuses/${s.id}` } },
		});
		const statuses = [...this.statuses].sort((a, b) => a.sort - b.sort);
		if (rest.length === 0)
			return this.page(q, base, 'customers/statuses', 'statuses', statuses, true, present);
		const status = rest.length === 1 ? statuses.find((s) => s.id === Number(rest[0])) : undefined;
		return status ? ok(present(status)) : noContent();
	}

	private presentSegment(s: Segment, base: string): JsonObject {
		const count = [...this.customers.values()].filter(
			(c) => !c.is_deleted && c.segment_ids.includes(s.id),
		).length;
		return {
			...s,
			customers_count: count,
			_links: { self: { href: `${base}/api/v4/customers/segments/${s.id}` } },
		};
	}

	private routeSegments(
		method: string,
		rest: string[],
		q: JsonObject,
		base: string,
	): SandboxResponse | null {
		if (method !== 'GET') return null;
		// The page documents 422 without its body.
		if (this.mode !== 'segments')
			return problem(422, 'Unprocessable Entity', 'Segments are not enabled');
		if (rest.length === 0) {
			const answer = this.page(
				q,
				base,
				'customers/segments',
				'segments',
				this.segments,
				true,
				(s) => this.presentSegment(s, base),
			);
			const body = answer.body as JsonObject | undefined;
			if (body)
				body._page_count = Math.max(
					1,
					Math.ceil(this.segments.length / (q.limit === undefined ? 50 : Number(q.limit))),
				);
			return answer;
		}
		const segment =
			rest.length === 1 ? this.segments.find((s) => s.id === Number(rest[0])) : undefined;
		return segment ? ok(this.presentSegment(segment, base)) : noContent();
	}
}
