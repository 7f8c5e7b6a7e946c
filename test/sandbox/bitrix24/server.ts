// A loopback imitation of the Bitrix24 REST API as reached through an inbound webhook
// (`https://<portal>/rest/<user id>/<code>/<method>`), for what a migration reads: contacts, deals and
// companies (crm.*.list), deal funnels (crm.category.list, the legacy crm.dealcategory.*), their stages
// (crm.status.list) and `batch`. Public sources: Bitrix24's REST documentation (the list methods,
// batch, limits, system errors, "how to get stages with semantics", start.php on `start: -1`) and its
// SDKs (b24phpsdk's batch reader, ApiLevelErrorHandler). Where they are incomplete, the stricter reading:
//  - `select` keeps only fields the entity has (LIST_FIELDS): an unknown name is dropped silently, `*`
//    leaves out UF_* and the multi-fields (PHONE, EMAIL, …); selected fields a record lacks come back null;
//  - lists give the 50 records of the page `start` falls in, with `total` and `next`; `start: -1`
//    gives the first 50 matches with neither, and skips the count;
//  - filter keys carry Bitrix24's operators (`>`, `>=`, `<`, `<=`, `!`, `!=`, `=`, `%`, `@`, `!@`);
//  - in `batch`, `$result[cmd][49][ID]` (written as is or URL-encoded) is replaced by that value of an
//    earlier command; one that does not resolve becomes an empty string (so `>ID` of it matches from the first record); empty maps of
//    the answer are PHP's empty array `[]`;
//  - a leaky bucket per portal (faults `burst`, `rps`): 503 QUERY_LIMIT_EXCEEDED over it; a batch of up
//    to 50 commands is one request;
//  - each method's summed execution time within `operatingWindowS` (600 s) is capped at
//    `operatingBudgetS` (480 s): over it, 429 OPERATION_TIME_LIMIT (a command of a batch gets it in
//    `result_error`). Execution time is modelled, not slept: `callCostS` per call, plus `rowCostS` per
//    row counted and skipped when `start` ≥ 0 (Bitrix24's example: 49.9 s per call on 2.39M leads with the
//    count, 0.097 s without), reported in the `time` block with `operating` and `operating_reset_at`;
//  - fault `legacyFunnelsOnly` plays a portal without the universal category methods (crm.category.*,
//    added to Bitrix24 in 2021; an on-premise installation may not have them): ERROR_METHOD_NOT_FOUND;
//  - fault `authError` answers every call with one of the refusals a working webhook can meet:
//    `insufficient_scope` (no CRM permission), `ACCESS_DENIED` (REST needs a paid plan), `NO_AUTH_FOUND`,
//    `PORTAL_DELETED`.
import {
	type ApiContext,
	type Faults,
	type JsonObject,
	type SandboxDefinition,
	type SandboxResponse,
	listOf,
	parseBracketQuery,
	startSandbox,
} from '../common';
import {
	BITRIX24_SANDBOX,
	type Bitrix24Record,
	DEFAULT_STAGES,
	dealStage,
	type Funnel,
	LIST_FIELDS,
	MULTI_FIELDS,
	type MultiField,
	OTHER_STATUSES,
	WEBHOOK_PATH,
} from './state';

const PAGE = 50;
const BATCH_LIMIT = 50;

type Entity = 'contact' | 'deal' | 'company';
const STORES = { contact: 'contacts', deal: 'deals', company: 'companies' } as const;

/** What a method gives back before it is wrapped into an answer or a batch's `result`. */
type Outcome =
	| { ok: true; result: unknown; total?: number; next?: number; cost: number }
	| { ok: false; status: number; error: string; description: string };

const failure = (status: number, error: string, description: string): SandboxResponse => ({
	status,
	body: { error, error_description: description },
});
const refusal = (status: number, error: string, description: string): Outcome => ({
	ok: false,
	status,
	error,
	description,
});

const AUTH_ERRORS: Record<string, [number, string]> = {
	insufficient_scope: [
		401,
		'The request requires higher privileges than provided by the webhook token',
	],
	ACCESS_DENIED: [401, 'REST is available only on commercial plans.'],
	NO_AUTH_FOUND: [401, 'Wrong authorization data'],
	PORTAL_DELETED: [403, 'Portal was deleted'],
};

/** Records of the seed's export format, with the IDs and types Bitrix24 gives multi-field values. */
function normalise(record: JsonObject, id: string, multiIds: () => number): Bitrix24Record {
	const out: Bitrix24Record = { ...record, ID: id };
	for (const field of MULTI_FIELDS) {
		if (!Array.isArray(record[field])) continue;
		out[field] = (record[field] as MultiField[]).map((v) => ({
			ID: String(multiIds()),
			VALUE_TYPE: v.VALUE_TYPE ?? 'WORK',
			VALUE: String(v.VALUE ?? ''),
			TYPE_ID: field,
		}));
	}
	return out;
}

/** A time as Bitrix24 writes it for a Moscow portal. */
const moscow = (ms: number) => `${new Date(ms + 3 * 3600_000).toISOString().slice(0, 19)}+03:00`;
const numeric = (v: unknown) => (v === '' || v === null || v === undefined ? 0 : Number(v));
const isNumeric = (v: unknown) =>
	v === '' || v === null || v === undefined || !Number.isNaN(Number(v));
const compare = (a: unknown, b: unknown) => {
	if (isNumeric(a) && isNumeric(b)) return numeric(a) - numeric(b);
	return String(a ?? '').localeCompare(String(b ?? ''));
};

/** One filter condition as a test of a record: `>ID: 5`, `!STAGE_ID: ['WON', 'LOSE']`, `%TITLE: 'пост'`, `@ID: [1, 2]`. */
function condition(key: string, wanted: unknown): (record: JsonObject) => boolean {
	const [, operator = '', field] = /^(>=|<=|!=|!@|!%|=%|%=|>|<|!|=|%|@)?(.+)$/.exec(key) ?? [];
	const values =
		Array.isArray(wanted) || (wanted !== null && typeof wanted === 'object')
			? listOf(wanted)
			: [String(wanted ?? '')];
	const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const equal = (value: unknown) =>
		values.some((v) =>
			isNumeric(v) && isNumeric(value) && value !== null && value !== undefined
				? numeric(v) === numeric(value)
				: v === String(value ?? ''),
		);
	const contains = values.map((v) => new RegExp(escape(v), 'i'));
	// =% and %=: LIKE with the caller's own % wildcards
	const like = values.map((v) => new RegExp(`^${v.split('%').map(escape).join('.*')}$`, 'i'));
	const test = (patterns: RegExp[], value: unknown) =>
		patterns.some((pattern) => pattern.test(String(value ?? '')));
	switch (operator) {
		case '':
		case '=':
		case '@':
			return (record) => equal(record[field]);
		case '!':
		case '!=':
		case '!@':
			return (record) => !equal(record[field]);
		case '>':
			return (record) => compare(record[field], values[0]) > 0;
		case '>=':
			return (record) => compare(record[field], values[0]) >= 0;
		case '<':
			return (record) => compare(record[field], values[0]) < 0;
		case '<=':
			return (record) => compare(record[field], values[0]) <= 0;
		case '%':
			return (record) => test(contains, record[field]);
		case '!%':
			return (record) => !test(contains, record[field]);
		default:
			return (record) => test(like, record[field]);
	}
}

export class Bitrix24Sandbox implements SandboxDefinition {
	name = 'Bitrix24';
	defaultFaults = {
		rps: BITRIX24_SANDBOX.rps,
		burst: BITRIX24_SANDBOX.burst,
		operatingBudgetS: BITRIX24_SANDBOX.operatingBudgetS,
		operatingWindowS: BITRIX24_SANDBOX.operatingWindowS,
		callCostS: 0.1,
		rowCostS: 0.000021,
		authError: '',
		legacyFunnelsOnly: false,
	};
	contacts: Bitrix24Record[] = [];
	deals: Bitrix24Record[] = [];
	companies: Bitrix24Record[] = [];
	stages: Bitrix24Record[] = [];
	funnels: Funnel[] = [];
	private lastId = new Map<string, number>();
	/** The portal's leaky bucket: how full, as of when. */
	private bucket = { level: 0, at: 0 };
	/** Execution time spent per method: [when, seconds]. */
	private operating = new Map<string, Array<[number, number]>>();

	reset(): void {
		this.contacts = [];
		this.deals = [];
		this.companies = [];
		this.funnels = [{ id: 0, name: BITRIX24_SANDBOX.defaultFunnel, sort: 100 }];
		this.lastId = new Map([['multi', 0]]);
		this.stages = [];
		OTHER_STATUSES.forEach(([entityId, statusId, name], i) =>
			this.stages.push({
				ID: String(this.nextId('status')),
				ENTITY_ID: entityId,
				STATUS_ID: statusId,
				NAME: name,
				NAME_INIT: name,
				SORT: String((i + 1) * 10),
				SYSTEM: 'N',
				CATEGORY_ID: null,
				EXTRA: [],
			}),
		);
		this.setStages(0, undefined);
		this.bucket = { level: 0, at: 0 };
		this.operating = new Map();
	}

	private nextId(kind: string): number {
		const id = (this.lastId.get(kind) ?? 0) + 1;
		this.lastId.set(kind, id);
		return id;
	}

	/** Replaces the stages of a funnel: the given ones (`{STATUS_ID, NAME, SEMANTICS, COLOR}`) or the default set. */
	private setStages(funnel: number, given: JsonObject[] | undefined): void {
		const entityId = funnel === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${funnel}`;
		this.stages = this.stages.filter((s) => s.ENTITY_ID !== entityId);
		const list = given
			? given.map(
					(s) =>
						[
							String(s.STATUS_ID),
							String(s.NAME ?? s.STATUS_ID),
							String(s.COLOR ?? '#39A8EF'),
							(s.SEMANTICS ?? 'P') as 'P' | 'S' | 'F',
						] as const,
				)
			: DEFAULT_STAGES;
		list.forEach(([statusId, name, color, semantics], i) =>
			this.stages.push(
				dealStage(funnel, statusId, name, (i + 1) * 10, color, semantics, this.nextId('status')),
			),
		);
	}

	/**
	 * `{contacts, deals, companies, categories, stages}` in the export format of the seed. `categories`
	 * are funnels `{id, name, sort?, stages?}`; `stages` replace the default funnel's stages.
	 */
	seed(body: JsonObject): void {
		for (const raw of (body.categories ?? []) as JsonObject[]) {
			const id = Number(raw.id);
			const funnel = {
				id,
				name: String(raw.name ?? `Воронка ${id}`),
				sort: Number(raw.sort ?? (id + 1) * 100),
			};
			const at = this.funnels.findIndex((f) => f.id === id);
			if (at >= 0) this.funnels[at] = funnel;
			else this.funnels.push(funnel);
			if (id !== 0 || raw.stages) this.setStages(id, raw.stages as JsonObject[] | undefined);
		}
		if (Array.isArray(body.stages)) this.setStages(0, body.stages as JsonObject[]);
		for (const entity of ['company', 'contact', 'deal'] as const) {
			const byId = new Map(this[STORES[entity]].map((record) => [record.ID, record]));
			for (const raw of (body[STORES[entity]] ?? []) as JsonObject[]) {
				const id = raw.ID !== undefined ? String(raw.ID) : String(this.nextId(entity));
				this.lastId.set(entity, Math.max(this.lastId.get(entity) ?? 0, Number(id) || 0));
				const record = normalise(raw, id, () => this.nextId('multi'));
				if (entity === 'deal') this.placeDeal(record);
				byId.set(id, record);
			}
			this[STORES[entity]] = [...byId.values()].sort((a, b) => Number(a.ID) - Number(b.ID));
		}
	}

	/**
	 * A deal's funnel follows its stage (`C3:WON` is funnel 3; a bare stage is of funnel 0), a deal given
	 * only a funnel starts on its first stage, and STAGE_SEMANTIC_ID follows the stage's meaning.
	 */
	private placeDeal(deal: Bitrix24Record): void {
		const funnel =
			deal.STAGE_ID !== undefined
				? Number(/^C(\d+):/.exec(String(deal.STAGE_ID))?.[1] ?? 0)
				: Number(deal.CATEGORY_ID ?? 0);
		const stageId = String(deal.STAGE_ID ?? (funnel ? `C${funnel}:NEW` : 'NEW'));
		deal.STAGE_ID = stageId;
		deal.CATEGORY_ID = String(funnel);
		const stage = this.stages.find(
			(s) => String(s.ENTITY_ID).startsWith('DEAL_STAGE') && s.STATUS_ID === stageId,
		);
		const semantics = (stage?.SEMANTICS as string | null) ?? 'P';
		deal.STAGE_SEMANTIC_ID = semantics;
		deal.CLOSED = semantics === 'P' ? 'N' : 'Y';
	}

	dump(): JsonObject {
		return {
			contacts: this.contacts,
			deals: this.deals,
			companies: this.companies,
			stages: this.stages,
			categories: this.funnels,
		};
	}

	rateKey(request: { path: string }): string | null {
		const match = /^\/rest\/([^/]+)\/([^/]+)\//.exec(request.path);
		return match ? 'portal' : null;
	}

	/** The leaky bucket: `burst` requests at once, refilled at `rps` a second. */
	admit(_key: string, faults: Faults, now: number): boolean {
		const rps = Number(faults.rps);
		if (!(rps > 0)) return true;
		const level = Math.max(0, this.bucket.level - ((now - this.bucket.at) / 1000) * rps);
		if (level + 1 > Math.max(1, Number(faults.burst ?? 1))) {
			this.bucket = { level, at: now };
			return false;
		}
		this.bucket = { level: level + 1, at: now };
		return true;
	}

	faultResponse(kind: 429 | 403 | 500 | 502 | 503): SandboxResponse {
		if (kind === 429 || kind === 503)
			return failure(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
		if (kind === 403) return failure(403, 'ACCESS_DENIED', 'Access denied');
		return failure(kind, 'INTERNAL_SERVER_ERROR', 'Internal server error');
	}

	handle({ request, faults }: ApiContext): SandboxResponse | null {
		const match = /^\/rest\/([^/]+)\/([^/]+)\/([^/]+?)(\.json)?$/.exec(request.path);
		if (!match) return null;
		const [, userId, code, rawMethod] = match;
		if (userId !== String(BITRIX24_SANDBOX.userId) || code !== BITRIX24_SANDBOX.webhookCode) {
			return failure(401, 'INVALID_CREDENTIALS', 'Invalid request credentials');
		}
		const auth = AUTH_ERRORS[String(faults.authError ?? '')];
		if (auth) return failure(auth[0], String(faults.authError), auth[1]);
		const params: JsonObject = {
			...request.query,
			...(request.body && typeof request.body === 'object' && !Array.isArray(request.body)
				? request.body
				: {}),
		};
		const method = rawMethod.toLowerCase();
		const started = Date.now();
		if (method === 'batch') return this.batch(params, faults, started);
		const outcome = this.call(method, params, faults, started);
		if (!outcome.ok) return failure(outcome.status, outcome.error, outcome.description);
		const body: JsonObject = { result: outcome.result };
		if (outcome.next !== undefined) body.next = outcome.next;
		if (outcome.total !== undefined) body.total = outcome.total;
		body.time = this.timeBlock(method, started, outcome.cost, faults);
		return { status: 200, body };
	}

	/** Runs one method, counting its modelled execution time against the method's budget. */
	private call(method: string, params: JsonObject, faults: Faults, now: number): Outcome {
		const spent = this.operatingOf(method, faults, now);
		if (spent.total >= Number(faults.operatingBudgetS))
			return refusal(429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.');
		const outcome = this.run(method, params, faults);
		if (outcome.ok) spent.entries.push([now, outcome.cost]);
		return outcome;
	}

	private run(method: string, params: JsonObject, faults: Faults): Outcome {
		const entity = /^crm\.(contact|deal|company)\.list$/.exec(method)?.[1] as Entity | undefined;
		if (entity) return this.list(this[STORES[entity]], params, faults, LIST_FIELDS[entity]);
		switch (method) {
			case 'crm.status.list':
				return this.list(this.stages, params, faults, null);
			case 'crm.category.list': {
				if (faults.legacyFunnelsOnly)
					return refusal(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
				if (String(params.entityTypeId ?? '') === '')
					return refusal(400, 'ERROR_CORE', 'Parameter "entityTypeId" is required');
				const funnels =
					String(params.entityTypeId) === '2'
						? [...this.funnels].sort((a, b) => a.sort - b.sort)
						: [];
				const page = this.page(
					funnels.map((f) => ({
						id: f.id,
						name: f.name,
						sort: f.sort,
						entityTypeId: 2,
						isDefault: f.id === 0 ? 'Y' : 'N',
					})),
					params,
					faults,
				);
				return page.ok ? { ...page, result: { categories: page.result } } : page;
			}
			case 'crm.dealcategory.list':
				return this.page(
					this.funnels
						.filter((f) => f.id !== 0)
						.map((f) => ({ ID: String(f.id), NAME: f.name, SORT: String(f.sort), IS_LOCKED: 'N' })),
					params,
					faults,
				);
			case 'crm.dealcategory.default.get':
				return {
					ok: true,
					result: {
						ID: 0,
						NAME: this.funnels.find((f) => f.id === 0)?.name ?? BITRIX24_SANDBOX.defaultFunnel,
					},
					cost: Number(faults.callCostS),
				};
			default:
				return refusal(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
		}
	}

	private list(
		records: Bitrix24Record[],
		params: JsonObject,
		faults: Faults,
		fields: string[] | null,
	): Outcome {
		const filter = (params.filter ?? {}) as JsonObject;
		if (typeof filter !== 'object' || Array.isArray(filter))
			return refusal(400, 'INVALID_ARG_VALUE', 'Invalid filter');
		const conditions = Object.entries(filter).map(([key, wanted]) => condition(key, wanted));
		const matching = records.filter((record) => conditions.every((test) => test(record)));
		const order = (
			params.order && typeof params.order === 'object' ? params.order : { ID: 'ASC' }
		) as JsonObject;
		const [field, direction] = Object.entries(order)[0] ?? ['ID', 'ASC'];
		// Records are kept in ID order (seed sorts them), so the usual order needs no sort.
		if (!(field === 'ID' && String(direction).toUpperCase() === 'ASC' && records !== this.stages)) {
			matching.sort(
				(a, b) =>
					compare(a[field], b[field]) * (String(direction).toUpperCase() === 'DESC' ? -1 : 1),
			);
		}
		const page = this.page(matching, params, faults);
		if (!page.ok || fields === null) return page;
		const select = params.select === undefined ? ['*'] : listOf(params.select);
		const shown = (record: Bitrix24Record) => {
			const out: JsonObject = { ID: record.ID };
			for (const name of fields)
				if (select.includes('*') || select.includes(name)) out[name] = record[name] ?? null;
			for (const name of select)
				if (name.startsWith('UF_') && name !== 'UF_*') out[name] = record[name] ?? null;
			for (const [key, value] of Object.entries(record)) {
				if (
					MULTI_FIELDS.includes(key)
						? select.includes(key)
						: key.startsWith('UF_') && select.includes('UF_*')
				)
					out[key] = value;
			}
			return out;
		};
		return { ...page, result: (page.result as Bitrix24Record[]).map(shown) };
	}

	/** The page `start` falls in, with its modelled cost: the count and the skipped rows when `start` ≥ 0. */
	private page(records: JsonObject[], params: JsonObject, faults: Faults): Outcome {
		const start = params.start === undefined || params.start === '' ? 0 : Number(params.start);
		if (!Number.isInteger(start) || start < -1)
			return refusal(400, 'INVALID_ARG_VALUE', 'Invalid value of start');
		const from = start < 0 ? 0 : Math.floor(start / PAGE) * PAGE;
		const result = records.slice(from, from + PAGE);
		const rows = start < 0 ? 0 : records.length + from;
		const cost = Number(faults.callCostS) + rows * Number(faults.rowCostS);
		if (start < 0) return { ok: true, result, cost };
		return {
			ok: true,
			result,
			total: records.length,
			next: from + PAGE < records.length ? from + PAGE : undefined,
			cost,
		};
	}

	/** Execution time of `method` within the window, and the entries behind it (to add to). */
	private operatingOf(method: string, faults: Faults, now: number) {
		const windowMs = Number(faults.operatingWindowS) * 1000;
		const entries = (this.operating.get(method) ?? []).filter(([at]) => now - at < windowMs);
		this.operating.set(method, entries);
		return {
			entries,
			total: entries.reduce((sum, [, cost]) => sum + cost, 0),
			resetAt: entries.length ? (entries[0][0] + windowMs) / 1000 : undefined,
		};
	}

	private timeBlock(method: string, started: number, cost: number, faults: Faults): JsonObject {
		const finished = Date.now();
		const spent = this.operatingOf(method, faults, finished);
		return {
			start: started / 1000,
			finish: finished / 1000,
			duration: (finished - started) / 1000,
			processing: cost,
			date_start: moscow(started),
			date_finish: moscow(finished),
			operating: Math.round(spent.total * 1e6) / 1e6,
			...(spent.resetAt !== undefined ? { operating_reset_at: Math.ceil(spent.resetAt) } : {}),
		};
	}

	/** `batch`: up to 50 commands `name: 'method?query'`, run in order, each answering under its name. */
	private batch(params: JsonObject, faults: Faults, started: number): SandboxResponse {
		const commands =
			params.cmd && typeof params.cmd === 'object' ? Object.entries(params.cmd as JsonObject) : [];
		if (commands.length > BATCH_LIMIT)
			return failure(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded');
		const halt = String(params.halt ?? '0') !== '0' && params.halt !== false;
		const result: JsonObject = {};
		const errors: JsonObject = {};
		const totals: JsonObject = {};
		const nexts: JsonObject = {};
		const times: JsonObject = {};
		let cost = 0;
		for (const [name, command] of commands) {
			// References are replaced in the decoded parameters, whether the command wrote them literally or
			// URL-encoded; a value that is one whole reference takes the referenced value as it is (a list too).
			const [rawMethod, query = ''] = String(command).split(/\?(.*)/s);
			const method = rawMethod.toLowerCase();
			const reference = /\$result\[([^\]]+)\]((?:\[[^\]]*\])*)/g;
			const lookup = (cmd: string, path: string) => {
				let value: unknown = result[cmd];
				for (const [, key] of path.matchAll(/\[([^\]]*)\]/g))
					value =
						value !== null && typeof value === 'object' ? (value as JsonObject)[key] : undefined;
				return value;
			};
			const resolve = (value: unknown): unknown => {
				if (Array.isArray(value)) return value.map(resolve);
				if (value !== null && typeof value === 'object')
					return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
				if (typeof value !== 'string' || !value.includes('$result[')) return value;
				const whole = new RegExp(`^${reference.source}$`).exec(value);
				if (whole) return lookup(whole[1], whole[2]) ?? '';
				return value.replace(reference, (_all, cmd: string, path: string) => {
					const found = lookup(cmd, path);
					return found === undefined || found === null || typeof found === 'object'
						? ''
						: String(found);
				});
			};
			const commandParams = resolve(parseBracketQuery(`?${query}`)) as JsonObject;
			const now = Date.now();
			const outcome =
				method === 'batch'
					? refusal(400, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage')
					: this.call(method, commandParams, faults, now);
			if (!outcome.ok) {
				errors[name] = { error: outcome.error, error_description: outcome.description };
				if (halt) break;
				continue;
			}
			cost += outcome.cost;
			result[name] = outcome.result;
			if (outcome.total !== undefined) totals[name] = outcome.total;
			if (outcome.next !== undefined) nexts[name] = outcome.next;
			times[name] = this.timeBlock(method, now, outcome.cost, faults);
		}
		// PHP encodes an empty associative array as a list.
		const map = (value: JsonObject) => (Object.keys(value).length ? value : []);
		const finished = Date.now();
		return {
			status: 200,
			body: {
				result: {
					result: map(result),
					result_error: map(errors),
					result_total: map(totals),
					result_next: map(nexts),
					result_time: map(times),
				},
				time: {
					start: started / 1000,
					finish: finished / 1000,
					duration: (finished - started) / 1000,
					processing: cost,
					date_start: moscow(started),
					date_finish: moscow(finished),
					operating: 0,
				},
			},
		};
	}
}

export async function startBitrix24Sandbox(
	port = Number(process.env.BITRIX24_SANDBOX_PORT ?? 4030),
) {
	const definition = new Bitrix24Sandbox();
	const running = await startSandbox(definition, port);
	return Object.assign(running, {
		sandbox: definition,
		webhookUrl: `${running.url}${WEBHOOK_PATH}`,
	});
}
