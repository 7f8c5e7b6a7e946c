// The sources of an integration, `/api/v4/sources`, as amoCRM's sources-api page describes them
// (https://www.amocrm.ru/developers/content/crm_platform/sources-api) and amocrm-api-php keeps them
// (EntitiesServices/Sources.php, Models/SourceModel.php). Every token of the sandbox is taken to be one
// integration, so all sources here are "its own".
// Where the page is silent or unclear, the less forgiving reading:
//  - at most 50 active sources per integration (the page says 100; amocrm-api-php's README and an
//    older revision of the page say 50); more is a validation error (the answer is not documented);
//  - `external_id` is required on create: the page does not mark it required, but it is the source's
//    identity (unique per integration, never changed); a repeated one is a validation error;
//  - unknown fields, wrong types, an unknown pipeline and `external_id` in a PATCH are validation errors;
//  - PATCH of an unknown id is a validation error of that element, and nothing is saved (the page
//    documents no answer);
//  - more than 50 elements in a POST, PATCH or DELETE answer 422 (the page gives the 50 for POST and
//    PATCH, not the answer; for DELETE it gives no limit);
//  - a batch DELETE naming an unknown id deletes nothing and answers 400 in the page's `errors` shape;
//  - GET takes no paging (the page lists only `filter[external_id]`): it answers every source, at most
//    100, whatever `page` and `limit` say;
//  - a source made default takes the flag from the integration's others [inference];
//  - without `pipeline_id` a source goes to the main pipeline [inference: the answer always has one].
// The page makes every call admin-only (403 for other users). `sourcesUnavailable: true` (seed) plays an
// integration without an uploaded widget that lists "lead_sources": 403 on every call (the page gives
// 403 "integration not authorised" for GET; the same is assumed for the writes).
import { type JsonObject, type SandboxRequest, type SandboxResponse, listOf } from '../../common';
import {
	type ValidationError,
	isInt,
	noContent,
	ok,
	problem,
	notExpected,
	unexpectedFields,
} from '../answers';
import type { AmoCrmSandbox } from '../server';
import { AMOCRM_SANDBOX } from '../state';
import type { SandboxSection } from './section';

interface Source {
	id: number;
	name: string;
	pipeline_id: number;
	external_id: string;
	default: boolean;
	origin_code: string | null;
	services: JsonObject[];
}

const MAX_SOURCES = 50;
const MAX_PER_REQUEST = 50;
/** Printable ASCII and space, up to 36 characters (the page's rule for `external_id`). */
const EXTERNAL_ID = /^[\x20-\x7e]{1,36}$/;
const CREATE_FIELDS = [
	'name',
	'external_id',
	'pipeline_id',
	'default',
	'origin_code',
	'services',
	'request_id',
];
const UPDATE_FIELDS = [
	'id',
	'name',
	'pipeline_id',
	'default',
	'origin_code',
	'services',
	'request_id',
];

/** The user a token belongs to: the manager token is Анна's, every other valid token the administrator's. */
export function callerOf(sandbox: AmoCrmSandbox, request: SandboxRequest) {
	const token = /^Bearer\s+(.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1]?.trim();
	const id =
		token === AMOCRM_SANDBOX.managerToken ? AMOCRM_SANDBOX.users.anna : AMOCRM_SANDBOX.users.admin;
	return sandbox.users.find((user) => user.id === id);
}

export class SourcesSection implements SandboxSection {
	private sources: Source[] = [];
	private lastId = 0;
	private unavailable = false;

	constructor(private readonly sandbox: AmoCrmSandbox) {}

	reset() {
		this.sources = [];
		this.lastId = 4460000;
		this.unavailable = false;
	}

	dump(): JsonObject {
		return { sources: this.sources.map((source) => ({ ...source })) };
	}

	seed(body: JsonObject) {
		if (typeof body.sourcesUnavailable === 'boolean') this.unavailable = body.sourcesUnavailable;
		for (const raw of (body.sources ?? []) as JsonObject[]) {
			const id = isInt(raw.id) ? (raw.id as number) : ++this.lastId;
			this.lastId = Math.max(this.lastId, id);
			this.sources = this.sources.filter((source) => source.id !== id);
			this.sources.push({
				name: '',
				pipeline_id: this.mainPipelineId(),
				external_id: `seed-${id}`,
				default: false,
				origin_code: null,
				services: [],
				...(raw as Partial<Source>),
				id,
			});
		}
	}

	route(
		method: string,
		parts: string[],
		request: SandboxRequest,
		base: string,
	): SandboxResponse | null {
		if (parts[0] !== 'sources' || parts.length > 2) return null;
		const id = parts.length === 2 ? Number(parts[1]) : null;
		if (id !== null && !Number.isInteger(id)) return null;
		if (this.unavailable)
			return problem(403, 'Forbidden', 'Integration is not authorized to work with sources');
		if (!callerOf(this.sandbox, request)?.rights.is_admin)
			return problem(
				403,
				'Forbidden',
				'Access denied: only an account administrator may use this method',
			);
		const body = request.body;
		if (method === 'GET') return id === null ? this.list(request.query, base) : this.one(id, base);
		if (method === 'POST' && id === null) return this.add(body, base);
		if (method === 'PATCH')
			return this.update(id === null ? body : { ...(body as JsonObject), id }, id !== null, base);
		if (method === 'DELETE') return id === null ? this.deleteMany(body) : this.deleteOne(id);
		return null;
	}

	private mainPipelineId() {
		return (this.sandbox.pipelines.find((p) => p.is_main) ?? this.sandbox.pipelines[0]).id;
	}

	private present(source: Source, base: string, requestId?: string): JsonObject {
		return {
			...source,
			...(requestId === undefined ? {} : { request_id: requestId }),
			_links: { self: { href: `${base}/api/v4/sources/${source.id}` } },
		};
	}

	private list(q: JsonObject, base: string): SandboxResponse {
		const wanted = listOf((q.filter as JsonObject | undefined)?.external_id);
		const found = this.sources
			.filter((source) => !wanted.length || wanted.includes(source.external_id))
			.slice(0, 100);
		if (!found.length) return noContent();
		return ok({
			_total_items: found.length,
			_links: { self: { href: `${base}/api/v4/sources` } },
			_embedded: { sources: found.map((source) => this.present(source, base)) },
		});
	}

	private one(id: number, base: string): SandboxResponse {
		const source = this.sources.find((s) => s.id === id);
		return source ? ok(this.present(source, base)) : noContent();
	}

	/** A non-empty array of at most 50 elements, or the answer that refuses it. */
	private batch(body: unknown): JsonObject[] | SandboxResponse {
		if (!Array.isArray(body) || body.length === 0)
			return problem(400, 'Bad Request', 'Request data can not be empty');
		if (body.length > MAX_PER_REQUEST)
			return problem(422, 'Unprocessable Entity', `Limit ${MAX_PER_REQUEST} per page`);
		return body as JsonObject[];
	}

	/** Checks the fields a create and an update share; `fields` lists the ones this call takes. */
	private check(item: JsonObject, fields: string[], errors: ValidationError[]) {
		errors.push(...unexpectedFields(item, fields));
		if (item.name !== undefined && (typeof item.name !== 'string' || !item.name.trim()))
			errors.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
		if (
			item.pipeline_id !== undefined &&
			!this.sandbox.pipelines.some((p) => p.id === item.pipeline_id)
		) {
			errors.push({
				code: 'NotSupportedChoice',
				path: 'pipeline_id',
				detail: 'The value you selected is not a valid choice.',
			});
		}
		if (item.default !== undefined && typeof item.default !== 'boolean')
			errors.push({
				code: 'InvalidType',
				path: 'default',
				detail: 'This value should be of type bool.',
			});
		if (
			item.origin_code !== undefined &&
			item.origin_code !== null &&
			typeof item.origin_code !== 'string'
		) {
			errors.push({
				code: 'InvalidType',
				path: 'origin_code',
				detail: 'This value should be of type string.',
			});
		}
		if (item.services !== undefined) this.checkServices(item.services, errors);
	}

	/** Only WhatsApp: `{type: "whatsapp", params{waba, is_supports_list_message}, pages[{id, name, link}]}`. */
	private checkServices(services: unknown, errors: ValidationError[]) {
		if (!Array.isArray(services)) {
			errors.push({
				code: 'InvalidType',
				path: 'services',
				detail: 'This value should be of type array.',
			});
			return;
		}
		services.forEach((service: JsonObject, i) => {
			const path = `services.${i}`;
			if (!service || typeof service !== 'object' || Array.isArray(service)) {
				errors.push({ code: 'InvalidType', path, detail: 'This value should be of type object.' });
				return;
			}
			errors.push(...unexpectedFields(service, ['type', 'params', 'pages'], `${path}.`));
			if (service.type !== 'whatsapp')
				errors.push({
					code: 'NotSupportedChoice',
					path: `${path}.type`,
					detail: 'The value you selected is not a valid choice.',
				});
			const params = service.params ?? {};
			if (typeof params !== 'object' || Array.isArray(params))
				errors.push({
					code: 'InvalidType',
					path: `${path}.params`,
					detail: 'This value should be of type object.',
				});
			else {
				for (const [key, value] of Object.entries(params as JsonObject)) {
					if (!['waba', 'is_supports_list_message'].includes(key))
						errors.push(notExpected(`${path}.params.${key}`));
					else if (typeof value !== 'boolean')
						errors.push({
							code: 'InvalidType',
							path: `${path}.params.${key}`,
							detail: 'This value should be of type bool.',
						});
				}
			}
			const pages = service.pages ?? [];
			if (!Array.isArray(pages)) {
				errors.push({
					code: 'InvalidType',
					path: `${path}.pages`,
					detail: 'This value should be of type array.',
				});
				return;
			}
			pages.forEach((page: JsonObject, j) => {
				errors.push(...unexpectedFields(page ?? {}, ['id', 'name', 'link'], `${path}.pages.${j}.`));
				for (const key of ['id', 'name', 'link']) {
					if (typeof page?.[key] !== 'string' || !page[key].trim())
						errors.push({
							code: 'NotBlank',
							path: `${path}.pages.${j}.${key}`,
							detail: 'This value should not be blank.',
						});
				}
			});
		});
	}

	private makeDefault(source: Source) {
		for (const other of this.sources) if (other !== source) other.default = false;
	}

	private add(body: unknown, base: string): SandboxResponse {
		const items = this.batch(body);
		if (!Array.isArray(items)) return items;
		const taken = new Set(this.sources.map((source) => source.external_id));
		const creators = this.sandbox.prepareBatch(items, (item, errors, index) => {
			this.check(item, CREATE_FIELDS, errors);
			if (item.name === undefined)
				errors.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
			if (typeof item.external_id !== 'string' || !EXTERNAL_ID.test(item.external_id)) {
				errors.push({
					code: 'InvalidValue',
					path: 'external_id',
					detail: 'Up to 36 printable ASCII characters are expected.',
				});
			} else if (taken.has(item.external_id)) {
				errors.push({
					code: 'NotUnique',
					path: 'external_id',
					detail: 'A source with this external_id already exists.',
				});
			} else taken.add(item.external_id);
			if (this.sources.length + index + 1 > MAX_SOURCES)
				errors.push({
					code: 'InvalidCount',
					path: '',
					detail: `An integration has at most ${MAX_SOURCES} active sources.`,
				});
			return () => {
				const source: Source = {
					id: ++this.lastId,
					name: String(item.name).trim(),
					pipeline_id: (item.pipeline_id as number) ?? this.mainPipelineId(),
					external_id: String(item.external_id),
					default: item.default === true,
					origin_code: (item.origin_code as string | null) ?? null,
					services: (item.services as JsonObject[]) ?? [],
				};
				this.sources.push(source);
				if (source.default) this.makeDefault(source);
				return this.present(source, base, String(item.request_id ?? index));
			};
		});
		const created = creators.map((create) => create());
		return ok({
			_total_items: created.length,
			_links: { self: { href: `${base}/api/v4/sources` } },
			_embedded: { sources: created },
		});
	}

	private update(body: unknown, single: boolean, base: string): SandboxResponse {
		const items = single ? [body as JsonObject] : this.batch(body);
		if (!Array.isArray(items)) return items;
		const updaters = this.sandbox.prepareBatch(items, (item, errors, index) => {
			const source = this.sources.find((s) => isInt(item.id) && s.id === item.id);
			if (!source) errors.push({ code: 'NotFound', path: 'id', detail: 'Source not found.' });
			this.check(item, UPDATE_FIELDS, errors);
			return () => {
				for (const key of ['name', 'pipeline_id', 'default', 'origin_code', 'services'] as const) {
					if (item[key] !== undefined)
						(source as JsonObject)[key] = key === 'name' ? String(item.name).trim() : item[key];
				}
				if (item.default === true) this.makeDefault(source!);
				return this.present(source!, base, String(item.request_id ?? index));
			};
		});
		const updated = updaters.map((update) => update());
		if (single) {
			delete updated[0].request_id;
			return ok(updated[0]);
		}
		return ok({
			_total_items: updated.length,
			_links: { self: { href: `${base}/api/v4/sources` } },
			_embedded: { sources: updated },
		});
	}

	private deleteMany(body: unknown): SandboxResponse {
		const items = this.batch(body);
		if (!Array.isArray(items)) return items;
		if (!this.sources.length) return problem(404, 'Not Found', 'The integration has no sources');
		const errors: JsonObject[] = [];
		items.forEach((item, index) => {
			const requestId = String(item?.request_id ?? index);
			const unexpected = Object.keys(item ?? {}).find((key) => !['id', 'request_id'].includes(key));
			if (unexpected)
				errors.push({
					request_id: requestId,
					errors: notExpected(unexpected),
				});
			else if (!this.sources.some((source) => isInt(item.id) && source.id === item.id)) {
				errors.push({
					request_id: requestId,
					errors: {
						code: 'EntityNotFound',
						path: 'id',
						detail: `source with id = ${String(item?.id)} not found`,
					},
				});
			}
		});
		if (errors.length) return problem(400, 'Bad Request', 'Invalid request items', { errors });
		const ids = new Set(items.map((item) => item.id as number));
		this.sources = this.sources.filter((source) => !ids.has(source.id));
		return noContent();
	}

	private deleteOne(id: number): SandboxResponse {
		if (!this.sources.some((source) => source.id === id))
			return problem(404, 'Not Found', 'Source not found');
		this.sources = this.sources.filter((source) => source.id !== id);
		return noContent();
	}
}

export const sourcesSection = (sandbox: AmoCrmSandbox): SandboxSection =>
	new SourcesSection(sandbox);
