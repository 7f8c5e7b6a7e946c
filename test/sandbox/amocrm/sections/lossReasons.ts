// Loss reasons of leads: `/api/v4/leads/loss_reasons` (amocrm-api-v4-more.md §6).
// Sources: Kommo's changelog (the list and one reason, documented since 2026-02-25) and amocrm-api-php
// (`EntitiesServices/Leads/LossReasons.php`, `Models/Leads/LossReasons/LossReasonModel.php`). The write
// methods are known only from amocrm-api-php, so this takes the less forgiving readings:
//  - unknown fields in a written reason are validation errors; a blank name is one;
//  - a created reason is answered with its `id`, `request_id` and link only (the PHP client reads no more);
//  - the list comes in `sort` order, and a reason without `sort` goes after the last one (unconfirmed);
//  - GET, PATCH and DELETE of an unknown id answer 404 `Loss reason not found` (a third-party wrapper
//    shows it for GET; PATCH and DELETE are assumed alike);
//  - DELETE answers 204 (amocrm-api-php); what becomes of the leads closed with that reason is
//    unconfirmed, so their `loss_reason_id` is left as it was.
import type { JsonObject, SandboxRequest, SandboxResponse } from '../../common';
import {
	type ValidationError,
	ValidationFailed,
	isInt,
	noContent,
	now,
	ok,
	problem,
	unexpectedFields,
} from '../answers';
import type { AmoCrmSandbox } from '../server';
import type { SandboxSection } from './section';

export interface LossReason {
	id: number;
	name: string;
	sort: number;
	created_at: number;
	updated_at: number;
}

const FIRST_ID = 8300000;
const WRITABLE = ['name', 'sort'];

/** The reasons a new account is seeded with. */
function defaultReasons(): LossReason[] {
	const t = 1700000000;
	return [
		{ id: FIRST_ID + 1, name: 'Дорого', sort: 10, created_at: t, updated_at: t },
		{ id: FIRST_ID + 2, name: 'Не дозвонились', sort: 20, created_at: t, updated_at: t },
	];
}

const notFound = () => problem(404, 'Not Found', 'Loss reason not found');

export class LossReasons implements SandboxSection {
	private reasons: LossReason[] = [];
	private lastId = FIRST_ID;

	constructor(private readonly sandbox: AmoCrmSandbox) {}

	reset() {
		this.reasons = defaultReasons();
		this.lastId = Math.max(FIRST_ID, ...this.reasons.map((r) => r.id));
	}

	dump(): JsonObject {
		return { loss_reasons: this.reasons.map((r) => ({ ...r })) };
	}

	seed(body: JsonObject) {
		if (!Array.isArray(body.loss_reasons)) return;
		const t = now();
		const given = body.loss_reasons as JsonObject[];
		this.lastId = Math.max(this.lastId, ...given.map((r) => (isInt(r.id) ? (r.id as number) : 0)));
		this.reasons = given.map((r, index) => ({
			id: isInt(r.id) ? (r.id as number) : ++this.lastId,
			name: String(r.name ?? ''),
			sort: isInt(r.sort) ? (r.sort as number) : (index + 1) * 10,
			created_at: isInt(r.created_at) ? (r.created_at as number) : t,
			updated_at: isInt(r.updated_at) ? (r.updated_at as number) : t,
		}));
		this.lastId = Math.max(this.lastId, ...this.reasons.map((r) => r.id));
	}

	/** The reason with this id, for the leads that name one. */
	find(id: unknown): LossReason | undefined {
		return isInt(id) ? this.reasons.find((r) => r.id === id) : undefined;
	}

	present(reason: LossReason, base: string): JsonObject {
		return {
			...reason,
			_links: { self: { href: `${base}/api/v4/leads/loss_reasons/${reason.id}` } },
		};
	}

	route(
		method: string,
		parts: string[],
		request: SandboxRequest,
		base: string,
	): SandboxResponse | null {
		if (parts[0] !== 'leads' || parts[1] !== 'loss_reasons') return null;
		if (parts.length === 2) {
			if (method === 'GET') {
				const ordered = [...this.reasons].sort((a, b) => a.sort - b.sort || a.id - b.id);
				return this.sandbox.page(
					request.query,
					base,
					'loss_reasons',
					ordered,
					true,
					(r: LossReason) => this.present(r, base),
					'leads/loss_reasons',
				);
			}
			if (method === 'POST') return this.create(request.body, base);
			return null;
		}
		if (parts.length !== 3 || !/^\d+$/.test(parts[2])) return null;
		const reason = this.find(Number(parts[2]));
		if (method === 'GET') return reason ? ok(this.present(reason, base)) : notFound();
		if (method === 'PATCH') return reason ? this.update(reason, request.body, base) : notFound();
		if (method === 'DELETE') {
			if (!reason) return notFound();
			this.reasons = this.reasons.filter((r) => r !== reason);
			return noContent();
		}
		return null;
	}

	/** The errors of a written reason; `creating` requires a name. */
	private check(item: JsonObject, creating: boolean): ValidationError[] {
		const errors: ValidationError[] = [];
		errors.push(...unexpectedFields(item, creating ? [...WRITABLE, 'request_id'] : WRITABLE));
		if (creating || item.name !== undefined) {
			if (typeof item.name !== 'string' || !item.name.trim())
				errors.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
		}
		if (item.sort !== undefined && !isInt(item.sort))
			errors.push({
				code: 'InvalidType',
				path: 'sort',
				detail: 'This value should be of type int.',
			});
		return errors;
	}

	private create(body: unknown, base: string): SandboxResponse {
		const items = this.sandbox.requireArray(body);
		const plans = this.sandbox.prepareBatch(items, (item, errors) => {
			errors.push(...this.check(item, true));
			return () => {
				const t = now();
				const reason: LossReason = {
					id: ++this.lastId,
					name: String(item.name),
					sort: isInt(item.sort)
						? (item.sort as number)
						: Math.max(0, ...this.reasons.map((r) => r.sort)) + 10,
					created_at: t,
					updated_at: t,
				};
				this.reasons.push(reason);
				return {
					id: reason.id,
					request_id: String(item.request_id ?? '0'),
					_links: { self: { href: `${base}/api/v4/leads/loss_reasons/${reason.id}` } },
				};
			};
		});
		const created = plans.map((write) => write());
		return ok({ _total_items: created.length, _embedded: { loss_reasons: created } });
	}

	private update(reason: LossReason, body: unknown, base: string): SandboxResponse {
		const item = (body ?? {}) as JsonObject;
		const errors =
			typeof item === 'object' && !Array.isArray(item)
				? this.check(item, false)
				: [{ code: 'InvalidType', path: '', detail: 'This value should be of type object.' }];
		if (errors.length) throw new ValidationFailed([{ request_id: '0', errors }]);
		if (item.name !== undefined) reason.name = String(item.name);
		if (item.sort !== undefined) reason.sort = item.sort as number;
		reason.updated_at = Math.max(now(), reason.updated_at);
		return ok(this.present(reason, base));
	}
}
