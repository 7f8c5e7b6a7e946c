// A stateful loopback imitation of amoCRM API v4, built to ../../../../shared/reference/amocrm-api-v4.md
// and to the public evidence of how real accounts answer (real-services-evidence.md).
// Where the evidence is incomplete, this takes the less forgiving reading:
//  - GET of an unknown id answers 204 with no body (not 404);
//  - a batch write with one invalid element is rejected whole (400 validation-errors, nothing saved);
//    `partialSave` plays the other reading: the valid elements are saved and the 400 still names the bad;
//  - unknown fields in a written entity are validation errors;
//  - status 142/143 without pipeline_id is a validation error;
//  - a lead's `loss_reason_id` must name an existing reason, and only a lead that is (or becomes) lost,
//    status 143, may have one (amocrm-api-php sends it only with 143; the server's answer is unconfirmed);
//  - `next` links are present even on the last page; an empty page is 204;
//  - `query` matches case-insensitive substrings of the name and of field values as stored: `9316047033`
//    does not find `+7 (931) 604-70-33` (seed 000 shows only a literal piece, `604-70-33_`, finding it);
//    `phoneSearch: "digits"` plays the kinder reading, digits against the digits of phone values;
//  - a call from a number no contact or company has fails the whole batch with 400 `Entity not found`
//    (amocrm-api-php issue #52), nothing saved;
//  - `/leads/complex` leaves out an existing company given by ID (amocrm-api-php issue #370);
//  - each refresh token works once; `redirect_uri` must be the integration's own, exactly (amocrm-api-php
//    issue #114, ufee/amoapi issue #26).
import {
	type ApiContext,
	type Faults,
	type JsonObject,
	type SandboxDefinition,
	type SandboxRequest,
	type SandboxResponse,
	listOf,
	startSandbox,
} from '../common';
import {
	AMOCRM_SANDBOX,
	type Field,
	LOST,
	type Pipeline,
	type Status,
	STATUS_COLORS,
	type User,
	WON,
	defaultFields,
	defaultPipelines,
	defaultUsers,
} from './state';
import {
	type ValidationError,
	ValidationFailed,
	htmlPage,
	isInt,
	isTimestamp,
	noContent,
	now,
	ok,
	problem,
	batchAnswer,
	notExpected,
	unexpectedFields,
} from './answers';
import { SECTIONS } from './sections';
import { fieldFlags, readFields } from './sections/customFields';
import { LossReasons } from './sections/lossReasons';
import { DRIVE_PREFIX } from './sections/files';
import type { LinkTargetSection, SandboxSection } from './sections/section';
import { type Change, type HookSection, type Subscription, WebhookDispatcher } from './webhooks';

/**
 * v4 is the API; v2 survives for the salesbot run (Kommo's salesbot v2 reference). The file storage is
 * another host that takes the same token; here it answers under DRIVE_PREFIX (sections/files.ts).
 */
const isApiPath = (path: string) =>
	path.startsWith('/api/v4/') || path.startsWith('/api/v2/') || path.startsWith(`${DRIVE_PREFIX}/`);
const apiPathParts = (path: string) => {
	if (path.startsWith(`${DRIVE_PREFIX}/`))
		return [
			'drive',
			...path
				.slice(DRIVE_PREFIX.length + 1)
				.split('/')
				.filter(Boolean),
		];
	const parts = path.slice('/api/v4/'.length).split('/').filter(Boolean);
	return path.startsWith('/api/v2/') ? ['v2', ...parts] : parts;
};

type EntityType = 'leads' | 'contacts' | 'companies';
const ENTITY_TYPES: EntityType[] = ['leads', 'contacts', 'companies'];
const SINGULAR: Record<EntityType, string> = {
	leads: 'lead',
	contacts: 'contact',
	companies: 'company',
};
/** Legacy numeric entity types that webhook payloads still carry. */
const ELEMENT_TYPE: Record<EntityType, number> = { contacts: 1, leads: 2, companies: 3 };
/** Legacy numeric note types of webhook payloads. */
const NOTE_TYPE_NUMBER: Record<string, number> = {
	common: 4,
	attachment: 5,
	call_in: 10,
	call_out: 11,
	service_message: 25,
	extended_service_message: 25,
	sms_in: 102,
	sms_out: 103,
};
const NOTE_EVENT: Record<string, string> = {
	common: 'common_note_added',
	attachment: 'attachment_note_added',
	call_in: 'incoming_call',
	call_out: 'outgoing_call',
	service_message: 'service_note_added',
	extended_service_message: 'service_note_added',
	sms_in: 'incoming_sms',
	sms_out: 'outgoing_sms',
};
const WEBHOOK_SETTINGS = [
	...['add', 'update', 'delete', 'restore', 'responsible', 'note'].flatMap((a) =>
		['lead', 'contact', 'company', 'customer'].map((e) => `${a}_${e}`),
	),
	'status_lead',
	'add_task',
	'update_task',
	'delete_task',
	'responsible_task',
	'add_talk',
	'update_talk',
	'add_unsorted',
	'delete_unsorted',
];

interface Tag {
	id: number;
	name: string;
	color: string | null;
}

interface Entity {
	id: number;
	name: string;
	responsible_user_id: number;
	group_id: number;
	created_by: number;
	updated_by: number;
	created_at: number;
	updated_at: number;
	closest_task_at: number | null;
	is_deleted: boolean;
	custom_fields_values: StoredFieldValue[] | null;
	account_id: number;
	tags: Tag[];
	[key: string]: any;
}

export interface StoredFieldValue {
	field_id: number;
	field_name: string;
	field_code: string | null;
	field_type: string;
	values: Array<Record<string, unknown>>;
}

interface Link {
	entity_type: EntityType;
	entity_id: number;
	/** Or a record of a section that leads link to (`LinkTargetSection`), e.g. `catalog_elements`. */
	to_entity_type: EntityType | string;
	to_entity_id: number;
	metadata: Record<string, unknown> | null;
}

interface Note {
	id: number;
	entity_id: number;
	entity_type: EntityType;
	created_by: number;
	updated_by: number;
	created_at: number;
	updated_at: number;
	responsible_user_id: number;
	group_id: number;
	note_type: string;
	params: Record<string, unknown>;
	account_id: number;
	is_pinned: boolean;
}

interface Task {
	id: number;
	created_by: number;
	updated_by: number;
	created_at: number;
	updated_at: number;
	responsible_user_id: number;
	group_id: number;
	entity_id: number | null;
	entity_type: EntityType | null;
	is_completed: boolean;
	task_type_id: number;
	text: string;
	duration: number;
	complete_till: number;
	result: { text?: string } | [];
	account_id: number;
}

/** The readings of amoCRM this sandbox can play (DESIGN §5); defaults are the less forgiving ones. */
export interface AmoCrmReadings {
	/** `literal`: `query` matches stored text as stored; `digits`: a phone-like query matches phone digits. */
	phoneSearch: 'literal' | 'digits';
	/**
	 * Writes of more entities than this answer 504 (0: never); with `timeoutSaves` after saving them.
	 * amoCRM's recommendations and Kommo's limitations page advise 50 per write and a smaller batch
	 * after a 504; neither says whether the batch was saved, so both are played.
	 */
	timeoutWritesOver: number;
	timeoutSaves: boolean;
	/** A 400 batch still saves its valid elements (unconfirmed: amocrm-api-php issue #115 shows the 400 naming elements, not whether the rest was kept). */
	partialSave: boolean;
	/** `/leads/complex` links an existing company given by ID (by default it is left out: amocrm-api-php issue #370). */
	complexLinksCompany: boolean;
	/** `/leads/complex` merges a lead whose contact already has an open lead (`merged: true`; Kommo's complex-leads reference). */
	duplicateControl: boolean;
	/**
	 * No API filtering add-on: `true` ignores every `filter[...]` but `filter[id]`; `"all"` ignores that too.
	 * amoCRM's filters-api page calls filtering limited; its staff say unfiltered lists come back
	 * without it (amocrm-api-php issues #71, #211, #348); custom-field filters are paid (#614).
	 */
	filtersIgnored: boolean | 'all';
	/**
	 * What `POST /api/v2/salesbot/run` answers when it takes the bots: `accepted` a 202 with no body
	 * (reported by one integrator), `success` a 200 `{"success": true}` (another's client model).
	 */
	salesbotRunAnswer: 'accepted' | 'success';
	/**
	 * Whether `POST /api/v4/webhooks` takes `add_message`: amoCRM's list of settings codes does not
	 * name it, while its webhook-format page shows the `message` payload and Kommo's events page lists it.
	 */
	messageHookCode: boolean;
	/**
	 * What the file storage does with a file over the account's `max_file_size`: `refused` when the upload
	 * session opens, `opened` opens the session (its answer gives `max_file_size`) and refuses every part.
	 * Neither is documented.
	 */
	oversizeUpload: 'refused' | 'opened';
}

export const AMOCRM_READINGS: AmoCrmReadings = {
	phoneSearch: 'literal',
	timeoutWritesOver: 0,
	timeoutSaves: false,
	partialSave: false,
	complexLinksCompany: false,
	duplicateControl: false,
	filtersIgnored: false,
	salesbotRunAnswer: 'accepted',
	messageHookCode: false,
	oversizeUpload: 'refused',
};

const ALLOWED_FIELDS: Record<EntityType, string[]> = {
	contacts: [
		'id',
		'name',
		'first_name',
		'last_name',
		'responsible_user_id',
		'created_by',
		'updated_by',
		'created_at',
		'updated_at',
		'custom_fields_values',
		'tags_to_add',
		'tags_to_delete',
		'_embedded',
		'request_id',
	],
	companies: [
		'id',
		'name',
		'responsible_user_id',
		'created_by',
		'updated_by',
		'created_at',
		'updated_at',
		'custom_fields_values',
		'tags_to_add',
		'tags_to_delete',
		'_embedded',
		'request_id',
	],
	leads: [
		'id',
		'name',
		'price',
		'status_id',
		'pipeline_id',
		'responsible_user_id',
		'created_by',
		'updated_by',
		'created_at',
		'updated_at',
		'closed_at',
		'loss_reason_id',
		'custom_fields_values',
		'tags_to_add',
		'tags_to_delete',
		'_embedded',
		'request_id',
		'visitor_uid',
	],
};

const NOTE_PARAMS: Record<string, { required: string[]; optional: string[] }> = {
	common: { required: ['text'], optional: [] },
	// A file of the file storage (sections/files.ts checks that it is there); Kommo's notes reference.
	attachment: { required: ['file_uuid', 'file_name'], optional: ['version_uuid'] },
	call_in: {
		required: ['uniq', 'duration', 'source', 'phone'],
		optional: ['link', 'call_result', 'call_status', 'call_responsible'],
	},
	call_out: {
		required: ['uniq', 'duration', 'source', 'phone'],
		optional: ['link', 'call_result', 'call_status', 'call_responsible'],
	},
	service_message: { required: ['service', 'text'], optional: [] },
	extended_service_message: { required: ['service', 'text'], optional: [] },
	sms_in: { required: ['text', 'phone'], optional: [] },
	sms_out: { required: ['text', 'phone'], optional: [] },
};

export class AmoCrmSandbox implements SandboxDefinition {
	name = 'amocrm';
	defaultFaults: Partial<Faults> = {
		rps: 7,
		retryAfter: 1,
		htmlErrors: false,
		blockAfter429s: 30,
		...AMOCRM_READINGS,
	};
	/**
	 * 7 requests a second per integration, and 50 per account over all of them; repeated 429s end in a
	 * 403 on every request until support lifts it (amoCRM's API recommendations and error-codes pages,
	 * amocrm-api-php issue #318). No source gives the count: `blockAfter429s` 30 within 60 s is assumed.
	 */
	accountRps = 50;
	/** The readings of the request being handled. */
	readings: AmoCrmReadings = { ...AMOCRM_READINGS };
	/** The Redirect URI set on the integration: the only one the consent page and the token endpoint take. */
	redirectUri: string = AMOCRM_SANDBOX.oauth.redirectUri;
	private ids = new Map<string, number>();
	contacts = new Map<number, Entity>();
	leads = new Map<number, Entity>();
	companies = new Map<number, Entity>();
	notes = new Map<number, Note>();
	tasks = new Map<number, Task>();
	links: Link[] = [];
	pipelines: Pipeline[] = [];
	users: User[] = [];
	fields: Record<string, Field[]> = {};
	tags: Record<EntityType, Tag[]> = { leads: [], contacts: [], companies: [] };
	calls: JsonObject[] = [];
	webhooks: Subscription[] = [];
	unsorted: JsonObject[] = [];
	events: JsonObject[] = [];
	/** Changes of the request being handled; sent as webhooks once it succeeds. */
	private pending: Change[] = [];
	readonly dispatcher = new WebhookDispatcher();
	account = { paymentRequired: false };
	accessTokens = new Map<string, number>();
	refreshTokens = new Set<string>();
	authorizationCodes = new Set<string>();
	accessTokenTtl = 86400;
	/** The parts kept in files of their own under `sections/`. */
	readonly sections: SandboxSection[] = SECTIONS.map((make) => make(this));
	private get lossReasons(): LossReasons {
		return this.sections.find((section): section is LossReasons => section instanceof LossReasons)!;
	}

	reset() {
		this.ids = new Map([
			['contacts', 20000000],
			['leads', 30000000],
			['companies', 40000000],
			['notes', 50000000],
			['tasks', 60000000],
			['tags', 80000],
			['fields', 910000],
			['enums', 1200000],
			['tokens', 0],
			['events', 0],
			['webhooks', 0],
			['unsorted', 0],
			['pipelines', 7000100],
			['statuses', 70001000],
		]);
		this.contacts.clear();
		this.leads.clear();
		this.companies.clear();
		this.notes.clear();
		this.tasks.clear();
		this.links = [];
		this.pipelines = defaultPipelines();
		this.users = defaultUsers();
		this.fields = defaultFields();
		this.tags = { leads: [], contacts: [], companies: [] };
		this.calls = [];
		this.webhooks = [];
		this.unsorted = [];
		this.events = [];
		this.pending = [];
		this.dispatcher.reset();
		this.account = { paymentRequired: false };
		this.accessTokens = new Map([
			[AMOCRM_SANDBOX.oauth.accessToken, Date.now() + this.accessTokenTtl * 1000],
		]);
		this.refreshTokens = new Set([AMOCRM_SANDBOX.oauth.refreshToken]);
		this.authorizationCodes = new Set();
		this.redirectUri = AMOCRM_SANDBOX.oauth.redirectUri;
		for (const section of this.sections) section.reset();
	}

	nextId(kind: string) {
		const id = (this.ids.get(kind) ?? 0) + 1;
		this.ids.set(kind, id);
		return id;
	}

	private store(type: EntityType) {
		return this[type];
	}

	// ---------------------------------------------------------------- control surface

	dump(): JsonObject {
		const entities = (type: EntityType) =>
			[...this.store(type).values()].map((e) => this.present(type, e, ['leads', 'contacts']));
		return {
			account: {
				id: AMOCRM_SANDBOX.accountId,
				subdomain: AMOCRM_SANDBOX.subdomain,
				...this.account,
			},
			contacts: entities('contacts'),
			leads: entities('leads'),
			companies: entities('companies'),
			notes: [...this.notes.values()],
			tasks: [...this.tasks.values()],
			calls: this.calls,
			links: this.links,
			pipelines: this.pipelines,
			users: this.users,
			webhooks: this.webhooks,
			deliveries: this.dispatcher.deliveries,
			events: this.events,
			unsorted: this.unsorted,
			custom_fields: this.fields,
			tags: this.tags,
			...Object.assign({}, ...this.sections.map((section) => section.dump())),
		};
	}

	seed(body: JsonObject) {
		const t = now();
		for (const type of ENTITY_TYPES) {
			for (const raw of (body[type] ?? []) as JsonObject[]) {
				const id = isInt(raw.id) ? raw.id : this.nextId(type);
				if (id > (this.ids.get(type) ?? 0)) this.ids.set(type, id);
				const { _embedded, custom_fields_values, tags, ...rest } = raw;
				const entity: Entity = {
					name: '',
					responsible_user_id: AMOCRM_SANDBOX.users.admin,
					group_id: 0,
					created_by: 0,
					updated_by: 0,
					created_at: t,
					updated_at: t,
					closest_task_at: null,
					is_deleted: false,
					account_id: AMOCRM_SANDBOX.accountId,
					...(type === 'leads'
						? {
								price: 0,
								status_id: AMOCRM_SANDBOX.statuses.first,
								pipeline_id: AMOCRM_SANDBOX.pipelineId,
								closed_at: null,
								loss_reason_id: null,
								score: null,
								labor_cost: null,
							}
						: {}),
					...(type === 'contacts' ? { first_name: '', last_name: '' } : {}),
					...rest,
					id,
					custom_fields_values: null,
					tags: [],
				};
				const cf = this.writeCustomFields(type, null, custom_fields_values, 'custom_fields_values');
				if (cf.errors.length) throw new Error(`seed ${type} ${id}: ${JSON.stringify(cf.errors)}`);
				entity.custom_fields_values = cf.value;
				entity.tags = this.resolveTags(type, (tags ?? _embedded?.tags ?? []) as JsonObject[]);
				const before = this.store(type).get(id);
				if (before && rest.created_at === undefined) entity.created_at = before.created_at;
				this.store(type).set(id, entity);
				this.entityChanged(type, entity, before ? { ...before } : null);
				for (const link of (_embedded?.contacts ?? []) as JsonObject[])
					this.addLink(
						type,
						id,
						'contacts',
						Number(link.id),
						link.is_main ? { main_contact: true } : null,
					);
				for (const link of (_embedded?.companies ?? []) as JsonObject[])
					this.addLink(type, id, 'companies', Number(link.id), null);
				for (const link of (_embedded?.leads ?? []) as JsonObject[])
					this.addLink('leads', Number(link.id), type, id, null);
			}
		}
		for (const link of (body.links ?? []) as Link[])
			this.addLink(
				link.entity_type,
				link.entity_id,
				link.to_entity_type,
				link.to_entity_id,
				link.metadata ?? null,
			);
		for (const note of (body.notes ?? []) as Note[]) {
			const id = note.id ?? this.nextId('notes');
			this.notes.set(id, { ...this.blankNote(), ...note, id });
		}
		for (const task of (body.tasks ?? []) as Task[]) {
			const id = task.id ?? this.nextId('tasks');
			this.tasks.set(id, { ...this.blankTask(), ...task, id });
			if (task.entity_type && task.entity_id)
				this.refreshClosestTask(task.entity_type, task.entity_id);
		}
		if (body.pipelines) this.pipelines = body.pipelines as Pipeline[];
		if (body.users) this.users = body.users as User[];
		if (body.custom_fields) {
			for (const [type, fields] of Object.entries(body.custom_fields as Record<string, Field[]>)) {
				const existing = this.fields[type] ?? [];
				for (const field of fields) {
					const index = existing.findIndex((f) => f.id === field.id);
					if (index >= 0) existing[index] = field;
					else existing.push(field);
				}
				this.fields[type] = existing;
			}
		}
		if (body.account) Object.assign(this.account, body.account);
		if (body.calls) this.calls.push(...(body.calls as JsonObject[]));
		if (body.unsorted) this.unsorted.push(...(body.unsorted as JsonObject[]));
		for (const hook of (body.webhooks ?? []) as JsonObject[]) this.subscribe(hook);
		for (const section of this.sections) section.seed(body);
		this.flushWebhooks();
	}

	async control(request: SandboxRequest): Promise<SandboxResponse | undefined> {
		if (request.method === 'POST' && request.path === '/__sandbox/deliveries') {
			await this.dispatcher.settle();
			return { status: 200, body: this.dispatcher.deliveries };
		}
		// What happens outside the API and is announced all the same: a chat message, a talk, a task
		// deleted or a customer changed in amoCRM's interface. `{section, action, setting, item}`.
		if (request.method === 'POST' && request.path === '/__sandbox/emit') {
			const body = (request.body ?? {}) as JsonObject;
			this.pending.push({
				section: body.section,
				action: body.action,
				setting: body.setting,
				item: body.item,
			});
			this.flushWebhooks();
			return { status: 200, body: { ok: true } };
		}
		if (request.method === 'POST' && request.path === '/__sandbox/webhooks') {
			const body = (request.body ?? {}) as JsonObject;
			if (typeof body.disabled === 'boolean')
				for (const hook of this.webhooks) hook.disabled = body.disabled;
			if (Array.isArray(body.redeliveryDelaysMs))
				this.dispatcher.redeliveryDelaysMs = body.redeliveryDelaysMs.map(Number);
			return { status: 200, body: this.webhooks };
		}
		if (request.method === 'POST' && request.path === '/__sandbox/oauth') {
			const body = (request.body ?? {}) as JsonObject;
			if (body.expireAccessTokens)
				for (const token of this.accessTokens.keys()) this.accessTokens.set(token, 0);
			// As when another program refreshed with them first: every refresh token issued so far is spent.
			if (body.revokeRefreshTokens) this.refreshTokens.clear();
			if (isInt(body.accessTokenTtl)) this.accessTokenTtl = body.accessTokenTtl;
			if (typeof body.refreshToken === 'string') this.refreshTokens.add(body.refreshToken);
			if (typeof body.accessToken === 'string')
				this.accessTokens.set(body.accessToken, Date.now() + this.accessTokenTtl * 1000);
			if (typeof body.redirectUri === 'string') this.redirectUri = body.redirectUri;
			return { status: 200, body: { ok: true, refreshTokens: this.refreshTokens.size } };
		}
		return undefined;
	}

	rateKey(req: SandboxRequest): string | null {
		if (!isApiPath(req.path)) return null;
		return String(req.headers.authorization ?? 'anonymous');
	}

	faultResponse(kind: 429 | 403 | 500 | 502 | 503, faults?: Faults): SandboxResponse {
		switch (kind) {
			case 429:
				// Kommo documents `retry_after` (seconds) in the body; no Retry-After header is documented.
				if (faults?.htmlErrors) return htmlPage(429, 'Too Many Requests');
				return problem(
					429,
					'Too Many Requests',
					'You have sent too many requests in a given amount of time. Please try again later.',
					{ retry_after: faults?.retryAfter ?? 1 },
				);
			case 403:
				if (faults?.htmlErrors) return htmlPage(403, 'Forbidden');
				return problem(
					403,
					'Forbidden',
					'Аккаунт заблокирован, за неоднократное превышение количества запросов в секунду',
				);
			case 500:
				return {
					status: 500,
					contentType: 'application/problem+json',
					body: {
						title: 'ErrInternalServer',
						status: 500,
						detail: 'internal error',
						trace_id: 'sandbox',
					},
				};
			case 502:
				return {
					status: 502,
					contentType: 'text/html',
					body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
				};
			case 503:
				return {
					status: 503,
					contentType: 'text/html',
					body: '<html><body><h1>503 Service Unavailable</h1></body></html>',
				};
		}
	}

	// ---------------------------------------------------------------- routing

	handle({ request, baseUrl, faults }: ApiContext): SandboxResponse | null {
		this.searchLagMs = faults.searchLagMs;
		this.readings = Object.fromEntries(
			Object.keys(AMOCRM_READINGS).map((key) => [
				key,
				faults[key] ?? AMOCRM_READINGS[key as keyof AmoCrmReadings],
			]),
		) as unknown as AmoCrmReadings;
		const { method, path } = request;
		if (path === '/oauth2/access_token' && method === 'POST') return this.tokenEndpoint(request);
		if (path === '/oauth' && method === 'GET') return this.authorize(request);
		if (!isApiPath(path)) return null;

		const caller = this.authenticate(request);
		if (typeof caller !== 'number') return caller;
		if (this.account.paymentRequired) return problem(402, 'Payment Required', 'Payment required');
		const parts = apiPathParts(path);
		// Users, webhooks and changes to pipelines are an administrator's: 403 for anyone else (Kommo's
		// users-list and webhooks reference pages; amoCRM's leads_pipelines page for every pipeline and stage write).
		const adminOnly =
			parts[0] === 'users' ||
			parts[0] === 'webhooks' ||
			(parts[0] === 'leads' && parts[1] === 'pipelines' && method !== 'GET');
		if (adminOnly && !this.users.find((u) => u.id === caller)?.rights.is_admin) {
			return problem(
				403,
				'Forbidden',
				'Access denied: only an account administrator may use this method',
			);
		}

		// A gateway timeout on a big write: amoCRM advises at most 50 entities per request and a smaller
		// batch after a 504, which does not say whether the batch was saved (`timeoutSaves`).
		const written =
			(method === 'POST' || method === 'PATCH') && Array.isArray(request.body)
				? request.body.length
				: 0;
		const timesOut =
			this.readings.timeoutWritesOver > 0 && written > this.readings.timeoutWritesOver;
		if (timesOut && !this.readings.timeoutSaves) return htmlPage(504, 'Gateway Time-out');

		this.pending = [];
		try {
			const response = this.route(method, parts, request, baseUrl, caller);
			return timesOut ? htmlPage(504, 'Gateway Time-out') : response;
		} catch (error) {
			if (error instanceof ValidationFailed) {
				return problem(400, 'Bad Request', 'Request validation failed', {
					'validation-errors': error.errors,
				});
			}
			if ((error as { status?: number }).status === 422)
				return problem(422, 'Unprocessable Entity', 'Limit 250 per page');
			throw error;
		} finally {
			// Whatever was saved is announced, also when the answer was an error (a partial save, a 504).
			this.flushWebhooks();
		}
	}

	isAdmin(userId: number): boolean {
		return Boolean(this.users.find((u) => u.id === userId)?.rights.is_admin);
	}

	/** The user the token belongs to, or the 401 answer. */
	private authenticate(request: SandboxRequest): number | SandboxResponse {
		const header = String(request.headers.authorization ?? '');
		const match = /^Bearer\s+(.+)$/i.exec(header);
		const unauthorized = problem(401, 'Unauthorized', 'Неверный логин или пароль');
		if (!match) return unauthorized;
		const token = match[1].trim();
		if (token === AMOCRM_SANDBOX.longLivedToken) return AMOCRM_SANDBOX.users.admin;
		if (token === AMOCRM_SANDBOX.managerToken) return AMOCRM_SANDBOX.users.anna;
		const expires = this.accessTokens.get(token);
		if (expires !== undefined && expires > Date.now()) return AMOCRM_SANDBOX.users.admin;
		return unauthorized;
	}

	private route(
		method: string,
		parts: string[],
		request: SandboxRequest,
		base: string,
		caller: number,
	): SandboxResponse | null {
		for (const section of this.sections) {
			const answer = section.route(method, parts, request, base, caller);
			if (answer) return answer;
		}
		const [head, second, third, fourth] = parts;
		const body = request.body;
		const q = request.query;

		if (head === 'account' && parts.length === 1 && method === 'GET')
			return ok(this.accountBody(q, base));
		if (head === 'users') {
			if (parts.length === 1 && method === 'GET')
				return this.page(
					q,
					base,
					'users',
					this.users.map((u) => ({
						...u,
						_links: { self: { href: `${base}/api/v4/users/${u.id}` } },
					})),
					true,
				);
			if (parts.length === 2 && method === 'GET') {
				const user = this.users.find((u) => u.id === Number(second));
				return user
					? ok({ ...user, _links: { self: { href: `${base}/api/v4/users/${user.id}` } } })
					: noContent();
			}
		}
		if (head === 'tasks') {
			if (parts.length === 1 && method === 'GET') return this.listTasks(q, base);
			if (parts.length === 1 && method === 'POST') return this.addTasks(body, base);
			if (parts.length === 1 && method === 'PATCH') return this.updateTasks(body, base, false);
			if (parts.length === 2 && method === 'GET') {
				const task = this.tasks.get(Number(second));
				return task ? ok(this.presentTask(task, base)) : noContent();
			}
			if (parts.length === 2 && method === 'PATCH')
				return this.updateTasks({ ...(body ?? {}), id: Number(second) }, base, true);
		}
		if (head === 'leads' && second === 'pipelines')
			return this.routePipelines(method, parts.slice(2), q, base, request.body);
		if (head === 'leads' && second === 'unsorted')
			return this.routeUnsorted(method, parts.slice(2), request, base);
		if (head === 'calls' && parts.length === 1 && method === 'POST')
			return this.addCalls(body, base);
		if (head === 'webhooks' && parts.length === 1) return this.routeWebhooks(method, request);
		if (head === 'events' && parts.length === 1 && method === 'GET')
			return this.listEvents(q, base);
		if (head === 'leads' && second === 'complex' && parts.length === 2 && method === 'POST')
			return this.addComplex(body);
		if (!ENTITY_TYPES.includes(head as EntityType)) return null;
		const type = head as EntityType;

		if (parts.length === 1) {
			if (method === 'GET') return this.listEntities(type, q, base);
			if (method === 'POST') return this.addEntities(type, body, base);
			if (method === 'PATCH') return this.updateEntities(type, body, base, false);
			return null;
		}
		if (second === 'custom_fields' && method === 'GET') {
			const fields = (this.fields[type] ?? []).map((f) => ({
				...f,
				...fieldFlags(f),
				account_id: AMOCRM_SANDBOX.accountId,
				_links: { self: { href: `${base}/api/v4/${type}/custom_fields/${f.id}` } },
			}));
			return readFields(this, q, base, type, fields as unknown as JsonObject[], parts.slice(2));
		}
		if (second === 'tags' && parts.length === 2) {
			if (method === 'GET') {
				let tags = this.tags[type];
				if (q.filter?.name) tags = tags.filter((t) => t.name === q.filter.name);
				if (q.filter?.id) {
					const ids = listOf(q.filter.id).map(Number);
					tags = tags.filter((t) => ids.includes(t.id));
				}
				if (q.query)
					tags = tags.filter((t) => t.name.toLowerCase().includes(String(q.query).toLowerCase()));
				return this.page(q, base, 'tags', tags);
			}
			if (method === 'POST') {
				const items = this.requireArray(body);
				const plans = this.prepareBatch(items, (item, errors) => {
					errors.push(...unexpectedFields(item, ['name', 'color', 'request_id']));
					if (typeof item.name !== 'string' || !item.name.trim())
						errors.push({
							code: 'NotBlank',
							path: 'name',
							detail: 'This value should not be blank.',
						});
					if (
						item.color !== undefined &&
						!(typeof item.color === 'string' && /^[0-9A-Fa-f]{6}$/.test(item.color))
					)
						errors.push({
							code: 'InvalidColor',
							path: 'color',
							detail: 'This value is not a valid color.',
						});
					return () => ({
						...this.resolveTags(type, [{ name: item.name, color: item.color }])[0],
						request_id: String(item.request_id ?? '0'),
					});
				});
				const created = plans.map((run) => run());
				return ok({ _total_items: created.length, _embedded: { tags: created } });
			}
		}
		if (second === 'notes' && parts.length === 2) {
			if (method === 'GET') return this.listNotes(type, null, q, base);
			if (method === 'POST') return this.addNotes(type, body, base);
		}
		if ((second === 'link' || second === 'unlink') && parts.length === 2 && method === 'POST') {
			return this.batchLinks(type, second === 'link', body, base);
		}
		if (second === 'links' && parts.length === 2 && method === 'GET') {
			const ids = listOf(q.filter?.entity_id).map(Number);
			const links = ids.flatMap((id) =>
				this.linksOf(type, id).map((l) => ({ entity_id: id, entity_type: type, ...l })),
			);
			return this.page(q, base, 'links', links);
		}

		const id = Number(second);
		if (!Number.isInteger(id)) return null;
		if (parts.length === 2) {
			if (method === 'GET') {
				const entity = this.store(type).get(id);
				if (!entity || entity.is_deleted) return noContent();
				return ok(this.present(type, entity, this.withList(q), base));
			}
			if (method === 'PATCH') {
				if (Array.isArray(body))
					throw new ValidationFailed([
						{
							request_id: '0',
							errors: [
								{ code: 'InvalidType', path: '', detail: 'This value should be of type object.' },
							],
						},
					]);
				return this.updateEntities(type, { ...(body ?? {}), id }, base, true);
			}
		}
		if (third === 'notes') {
			if (parts.length === 3 && method === 'GET') return this.listNotes(type, id, q, base);
			if (parts.length === 4 && method === 'GET') {
				const note = this.notes.get(Number(fourth));
				return note && note.entity_type === type && note.entity_id === id
					? ok(this.presentNote(note, base))
					: noContent();
			}
		}
		if (third === 'links' && parts.length === 3 && method === 'GET') {
			let links = this.linksOf(type, id);
			if (q.filter?.to_entity_type)
				links = links.filter((l) => l.to_entity_type === q.filter.to_entity_type);
			if (q.filter?.to_entity_id)
				links = links.filter((l) => l.to_entity_id === Number(q.filter.to_entity_id));
			if (!this.store(type).has(id)) return noContent();
			return this.page(q, base, 'links', links);
		}
		if ((third === 'link' || third === 'unlink') && parts.length === 3 && method === 'POST') {
			const items = this.requireArray(body).map((item: JsonObject) => ({ ...item, entity_id: id }));
			return this.batchLinks(
				type,
				third === 'link',
				items,
				base,
				`${base}/api/v4/${type}/${id}/links`,
			);
		}
		return null;
	}

	// ---------------------------------------------------------------- helpers

	requireArray(body: unknown): JsonObject[] {
		if (!Array.isArray(body) || body.length === 0) {
			throw new ValidationFailed([
				{
					request_id: '0',
					errors: [{ code: 'NotBlank', path: '', detail: 'Request data can not be empty' }],
				},
			]);
		}
		if (body.length > 250) throw Object.assign(new Error('limit'), { status: 422 });
		return body as JsonObject[];
	}

	withList(q: JsonObject): string[] {
		return String(q.with ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	}

	/**
	 * One page of `all`; `present` shapes only the records on it, so a big account's page costs what a page does.
	 * `path` (after `/api/v4/`) is where the links point when it is not `key`.
	 */
	page(
		q: JsonObject,
		base: string,
		key: string,
		all: unknown[],
		total = false,
		present: (item: any) => unknown = (item) => item,
		path = key,
	): SandboxResponse {
		const limit = q.limit === undefined ? 50 : Number(q.limit);
		const page = q.page === undefined ? 1 : Number(q.page);
		if (!Number.isInteger(limit) || limit < 1)
			return problem(400, 'Bad Request', 'limit must be a positive integer');
		if (limit > 250) return problem(422, 'Unprocessable Entity', 'Limit 250 per page');
		if (!Number.isInteger(page) || page < 1)
			return problem(400, 'Bad Request', 'page must be a positive integer');
		const items = all.slice((page - 1) * limit, page * limit).map(present);
		if (items.length === 0) return noContent();
		const query = (p: number) => {
			const params = new URLSearchParams();
			for (const [k, v] of Object.entries(q))
				if (k !== 'page' && k !== 'limit' && typeof v !== 'object') params.set(k, String(v));
			params.set('page', String(p));
			params.set('limit', String(limit));
			return params.toString();
		};
		const self = `${base}/api/v4/${path}?${query(page)}`;
		const body: JsonObject = {
			_page: page,
			_links: { self: { href: self }, next: { href: `${base}/api/v4/${path}?${query(page + 1)}` } },
			_embedded: { [key]: items },
		};
		if (page > 1) body._links.prev = { href: `${base}/api/v4/${path}?${query(page - 1)}` };
		if (total) body._total_items = all.length;
		return ok(body);
	}

	private accountBody(q: JsonObject, base: string) {
		const withs = this.withList(q);
		const body: JsonObject = {
			id: AMOCRM_SANDBOX.accountId,
			name: 'Песочница',
			subdomain: AMOCRM_SANDBOX.subdomain,
			created_at: 1600000000,
			created_by: AMOCRM_SANDBOX.users.admin,
			updated_at: 1600000000,
			updated_by: AMOCRM_SANDBOX.users.admin,
			current_user_id: AMOCRM_SANDBOX.users.admin,
			country: 'RU',
			currency: 'RUB',
			currency_symbol: '₽',
			customers_mode: 'disabled',
			is_unsorted_on: false,
			mobile_feature_version: 0,
			is_loss_reason_enabled: true,
			is_helpbot_enabled: false,
			is_technical_account: false,
			contact_name_display_order: 1,
			_links: { self: { href: `${base}/api/v4/account` } },
			_embedded: {},
		};
		for (const section of this.sections) Object.assign(body, section.account?.() ?? {});
		if (withs.includes('task_types')) {
			body._embedded.task_types = [
				{ id: 1, name: 'Связаться', color: null, icon_id: null, code: 'FOLLOW_UP' },
				{ id: 2, name: 'Встреча', color: null, icon_id: null, code: 'MEETING' },
			];
		}
		if (withs.includes('users_groups'))
			body._embedded.users_groups = [{ id: 0, name: 'Отдел продаж' }];
		if (withs.includes('version')) body.version = 1;
		if (withs.includes('is_api_filter_enabled'))
			body.is_api_filter_enabled = !this.readings.filtersIgnored;
		if (withs.includes('drive_url')) body.drive_url = `${base}${DRIVE_PREFIX}`;
		if (withs.includes('datetime_settings')) {
			body._embedded.datetime_settings = {
				date_pattern: 'd.m.Y H:i',
				short_date_pattern: 'd.m.Y',
				short_time_pattern: 'H:i',
				date_format: 'd.m.Y',
				time_format: 'H:i',
				timezone: 'Europe/Moscow',
				timezone_offset: '+03:00',
			};
		}
		return body;
	}

	private userExists(id: unknown) {
		return isInt(id) && this.users.some((u) => u.id === id);
	}

	private resolveTags(type: EntityType, refs: JsonObject[]): Tag[] {
		const result: Tag[] = [];
		for (const ref of refs ?? []) {
			let tag: Tag | undefined;
			if (isInt(ref.id)) tag = this.tags[type].find((t) => t.id === ref.id);
			else if (typeof ref.name === 'string' && ref.name.trim()) {
				tag = this.tags[type].find((t) => t.name === ref.name);
				if (!tag) {
					tag = { id: this.nextId('tags'), name: ref.name, color: (ref.color as string) ?? null };
					this.tags[type].push(tag);
				}
			}
			if (tag && !result.some((t) => t.id === tag!.id)) result.push(tag);
		}
		return result;
	}

	private writeCustomFields(
		type: EntityType,
		current: StoredFieldValue[] | null,
		input: unknown,
		path: string,
	) {
		return this.writeFieldValues(this.fields[type] ?? [], current, input, path);
	}

	/** Custom-field values checked against these field definitions (an entity type's, or a section's own). */
	writeFieldValues(
		fields: Field[],
		current: StoredFieldValue[] | null,
		input: unknown,
		path: string,
	): { value: StoredFieldValue[] | null; errors: ValidationError[] } {
		const errors: ValidationError[] = [];
		if (input === undefined) return { value: current, errors };
		if (input === null) return { value: null, errors };
		if (!Array.isArray(input))
			return {
				value: current,
				errors: [{ code: 'InvalidType', path, detail: 'This value should be of type array.' }],
			};
		const result = [...(current ?? [])];
		input.forEach((entry: JsonObject, index: number) => {
			const at = `${path}.${index}`;
			const field = isInt(entry?.field_id)
				? fields.find((f) => f.id === entry.field_id)
				: typeof entry?.field_code === 'string'
					? fields.find((f) => f.code === entry.field_code)
					: undefined;
			if (!field) {
				errors.push({
					code: 'NotSupportedChoice',
					path: `${at}.${isInt(entry?.field_id) || entry?.field_code === undefined ? 'field_id' : 'field_code'}`,
					detail: 'The value you selected is not a valid choice.',
				});
				return;
			}
			const existingIndex = result.findIndex((v) => v.field_id === field.id);
			if (entry.values === null) {
				if (existingIndex >= 0) result.splice(existingIndex, 1);
				return;
			}
			if (!Array.isArray(entry.values) || entry.values.length === 0) {
				errors.push({
					code: 'InvalidType',
					path: `${at}.values`,
					detail: 'This value should be of type array.',
				});
				return;
			}
			const values: Array<Record<string, unknown>> = [];
			entry.values.forEach((value: JsonObject, vi: number) => {
				const vat = `${at}.values.${vi}`;
				const stored = this.checkFieldValue(field, value, vat, errors);
				if (stored) values.push(stored);
			});
			if (
				[
					'text',
					'numeric',
					'checkbox',
					'select',
					'date',
					'date_time',
					'url',
					'textarea',
					'radiobutton',
					'birthday',
					'price',
					'monetary',
				].includes(field.type) &&
				values.length > 1
			) {
				errors.push({
					code: 'InvalidCount',
					path: `${at}.values`,
					detail: 'This field takes one value.',
				});
			}
			const storedField: StoredFieldValue = {
				field_id: field.id,
				field_name: field.name,
				field_code: field.code,
				field_type: field.type,
				values,
			};
			if (existingIndex >= 0) result[existingIndex] = storedField;
			else result.push(storedField);
		});
		return { value: result.length ? result : null, errors };
	}

	private checkFieldValue(
		field: Field,
		value: JsonObject,
		path: string,
		errors: ValidationError[],
	): Record<string, unknown> | null {
		const bad = (detail: string, code = 'InvalidType', at = `${path}.value`) => {
			errors.push({ code, path: at, detail });
			return null;
		};
		if (!value || typeof value !== 'object')
			return bad('This value should be of type object.', 'InvalidType', path);
		const enumBy = () => {
			const enums = field.enums ?? [];
			if (value.enum_id !== undefined) return enums.find((e) => e.id === value.enum_id);
			if (value.enum_code !== undefined) return enums.find((e) => e.value === value.enum_code);
			if (value.value !== undefined && field.type !== 'multitext')
				return enums.find((e) => e.value === value.value);
			return undefined;
		};
		switch (field.type) {
			case 'text':
			case 'textarea':
			case 'url':
			case 'streetaddress': {
				if (typeof value.value !== 'string' && typeof value.value !== 'number')
					return bad('This value should be of type string.');
				const text = String(value.value);
				if (!text.trim()) return bad('This value should not be blank.', 'NotBlank');
				if (field.type === 'url' && !/^https?:\/\/\S+$/i.test(text))
					return bad('This value is not a valid URL.', 'InvalidUrl');
				return { value: text };
			}
			case 'numeric':
			case 'price':
			case 'monetary': {
				// amoCRM writes and shows list prices as strings (RU-CF value formats); whether it takes a number is unconfirmed.
				if (field.type === 'price' && typeof value.value !== 'string')
					return bad('This value should be of type string.');
				const n = typeof value.value === 'number' ? value.value : Number(value.value);
				if (value.value === '' || value.value === null || !Number.isFinite(n))
					return bad('This value should be of type numeric.');
				return { value: String(value.value) };
			}
			case 'checkbox':
				if (typeof value.value !== 'boolean') return bad('This value should be of type bool.');
				return { value: value.value };
			case 'date':
			case 'date_time':
			case 'birthday': {
				if (isTimestamp(value.value)) return { value: value.value };
				if (typeof value.value === 'string' && !Number.isNaN(Date.parse(value.value)))
					return { value: Math.floor(Date.parse(value.value) / 1000) };
				return bad('This value should be a Unix timestamp or an RFC 3339 date.');
			}
			case 'select':
			case 'radiobutton':
			case 'multiselect': {
				const found = enumBy();
				if (!found)
					return bad(
						'The value you selected is not a valid choice.',
						'NotSupportedChoice',
						`${path}.enum_id`,
					);
				return { value: found.value, enum_id: found.id };
			}
			case 'multitext': {
				if (typeof value.value !== 'string' || !value.value.trim())
					return bad('This value should not be blank.', 'NotBlank');
				let found = enumBy();
				if (value.enum_id === undefined && value.enum_code === undefined) found = field.enums?.[0];
				if (!found)
					return bad(
						'The value you selected is not a valid choice.',
						'NotSupportedChoice',
						`${path}.enum_code`,
					);
				return { value: value.value, enum_id: found.id, enum_code: found.value };
			}
			case 'category': {
				// A list's category value is one node of the field's tree, by `enum_id` or by its name (RU-CF; RU-CAT example).
				const nested = field.nested ?? [];
				const found =
					value.enum_id !== undefined
						? nested.find((n) => n.id === value.enum_id)
						: nested.find((n) => n.value === value.value);
				if (!found)
					return bad(
						'The value you selected is not a valid choice.',
						'NotSupportedChoice',
						`${path}.enum_id`,
					);
				return { value: found.value, enum_id: found.id };
			}
			case 'smart_address': {
				const subtypes = ['address_line_1', 'address_line_2', 'city', 'state', 'zip', 'country'];
				if (typeof value.value !== 'string') return bad('This value should be of type string.');
				if (!subtypes.includes(String(value.subtype)))
					return bad(
						'The value you selected is not a valid choice.',
						'NotSupportedChoice',
						`${path}.subtype`,
					);
				return { value: value.value, subtype: value.subtype };
			}
			default:
				if (value.value === undefined) return bad('This value should not be blank.', 'NotBlank');
				return { value: value.value };
		}
	}

	private present(type: EntityType, entity: Entity, withs: string[], base = ''): JsonObject {
		const { tags, ...rest } = entity;
		const embedded: JsonObject = {
			tags: tags.map((t) => ({ id: t.id, name: t.name, color: t.color })),
		};
		const linked = (to: EntityType) =>
			this.linksOf(type, entity.id)
				.filter((l) => l.to_entity_type === to)
				.filter((l) => {
					const target = this.store(to).get(l.to_entity_id);
					return target && !target.is_deleted;
				});
		if (type !== 'companies') {
			embedded.companies = linked('companies')
				.slice(0, 1)
				.map((l) => ({
					id: l.to_entity_id,
					_links: { self: { href: `${base}/api/v4/companies/${l.to_entity_id}` } },
				}));
		}
		if (withs.includes('contacts') && type !== 'contacts') {
			embedded.contacts = linked('contacts').map((l) => ({
				id: l.to_entity_id,
				is_main: Boolean(l.metadata?.main_contact),
				_links: { self: { href: `${base}/api/v4/contacts/${l.to_entity_id}` } },
			}));
		}
		if (withs.includes('loss_reason') && type === 'leads') {
			const reason = this.lossReasons.find(entity.loss_reason_id);
			if (reason) embedded.loss_reason = [this.lossReasons.present(reason, base)];
		}
		if (withs.includes('leads') && type !== 'leads') {
			embedded.leads = linked('leads').map((l) => ({
				id: l.to_entity_id,
				_links: { self: { href: `${base}/api/v4/leads/${l.to_entity_id}` } },
			}));
		}
		// `with=catalog_elements`: only the ids of the linked records and the link metadata (RU-LEADS).
		for (const target of this.linkTargets()) {
			if (!withs.includes(target.linkType) || !target.linkedFrom.includes(type)) continue;
			embedded[target.linkType] = this.linksOf(type, entity.id)
				.filter((l) => l.to_entity_type === target.linkType)
				.map((l) => ({ id: l.to_entity_id, metadata: l.metadata }));
		}
		return {
			...rest,
			_links: { self: { href: `${base}/api/v4/${type}/${entity.id}` } },
			_embedded: embedded,
		};
	}

	// ---------------------------------------------------------------- entities

	/** Set per request from the faults: how long a change takes to reach full-text search. */
	private searchLagMs = 0;

	private matchesQuery(entity: Entity, query: string): boolean {
		if (this.searchLagMs > 0 && entity.updated_at * 1000 > Date.now() - this.searchLagMs)
			return false;
		const needle = query.toLowerCase().trim();
		if (!needle) return true;
		const texts: string[] = [entity.name, entity.first_name, entity.last_name].filter(
			(s) => typeof s === 'string',
		);
		for (const field of entity.custom_fields_values ?? [])
			for (const v of field.values) if (v.value !== undefined) texts.push(String(v.value));
		if (texts.some((t) => t.toLowerCase().includes(needle))) return true;
		const digits = needle.replace(/\D/g, '');
		if (
			this.readings.phoneSearch === 'digits' &&
			digits.length >= 5 &&
			/^[\d\s()+\-_.]+$/.test(needle)
		) {
			for (const field of entity.custom_fields_values ?? []) {
				if (field.field_code !== 'PHONE') continue;
				for (const v of field.values)
					if (String(v.value).replace(/\D/g, '').includes(digits)) return true;
			}
		}
		return false;
	}

	private inRange(value: number | null | undefined, range: unknown): boolean {
		if (range === undefined) return true;
		if (value === null || value === undefined) return false;
		if (typeof range === 'object' && range !== null) {
			const r = range as JsonObject;
			if (r.from !== undefined && value < Number(r.from)) return false;
			if (r.to !== undefined && value > Number(r.to)) return false;
			return true;
		}
		return value === Number(range);
	}

	/** The filters amoCRM applies: without the API filtering add-on, none but `filter[id]` (or not even that). */
	private appliedFilters(q: JsonObject): JsonObject {
		const f = (q.filter ?? {}) as JsonObject;
		if (!this.readings.filtersIgnored) return f;
		return this.readings.filtersIgnored === 'all' || f.id === undefined ? {} : { id: f.id };
	}

	private listEntities(type: EntityType, q: JsonObject, base: string): SandboxResponse {
		let items = [...this.store(type).values()].filter((e) => !e.is_deleted);
		const f = this.appliedFilters(q);
		if (q.query !== undefined) items = items.filter((e) => this.matchesQuery(e, String(q.query)));
		if (f.id !== undefined) {
			const ids = listOf(f.id).map(Number);
			items = items.filter((e) => ids.includes(e.id));
		}
		if (f.name !== undefined) {
			const names = listOf(f.name);
			items = items.filter((e) => names.includes(e.name));
		}
		for (const key of ['responsible_user_id', 'created_by', 'updated_by', 'pipeline_id']) {
			if (f[key] !== undefined) {
				const values = listOf(f[key]).map(Number);
				items = items.filter((e) => values.includes(e[key]));
			}
		}
		for (const key of ['created_at', 'updated_at', 'closed_at', 'closest_task_at']) {
			if (f[key] !== undefined) items = items.filter((e) => this.inRange(e[key], f[key]));
		}
		if (f.price !== undefined && type === 'leads')
			items = items.filter((e) => this.inRange(e.price, f.price));
		if (f.statuses !== undefined && type === 'leads') {
			const pairs = Object.values(f.statuses as object) as JsonObject[];
			items = items.filter((e) =>
				pairs.some(
					(p) => Number(p.pipeline_id) === e.pipeline_id && Number(p.status_id) === e.status_id,
				),
			);
		}
		const order = (q.order ?? {}) as JsonObject;
		const [orderKey, direction] = Object.entries(order)[0] ?? ['id', 'asc'];
		if (!['id', 'created_at', 'updated_at'].includes(orderKey))
			return problem(400, 'Bad Request', `Unsupported order field ${orderKey}`);
		const sign = String(direction).toLowerCase() === 'desc' ? -1 : 1;
		items.sort((a, b) => sign * ((a[orderKey] as number) - (b[orderKey] as number) || a.id - b.id));
		const withs = this.withList(q);
		return this.page(q, base, type, items, false, (e) => this.present(type, e, withs, base));
	}

	private checkEntity(
		type: EntityType,
		item: JsonObject,
		current: Entity | null,
		errors: ValidationError[],
	) {
		errors.push(...unexpectedFields(item, ALLOWED_FIELDS[type]));
		if (item.name !== undefined && typeof item.name !== 'string')
			errors.push({
				code: 'InvalidType',
				path: 'name',
				detail: 'This value should be of type string.',
			});
		if (item.responsible_user_id !== undefined && !this.userExists(item.responsible_user_id)) {
			errors.push({
				code: 'NotSupportedChoice',
				path: 'responsible_user_id',
				detail: 'The value you selected is not a valid choice.',
			});
		}
		for (const key of ['created_by', 'updated_by']) {
			if (item[key] !== undefined && item[key] !== 0 && !this.userExists(item[key]))
				errors.push({
					code: 'NotSupportedChoice',
					path: key,
					detail: 'The value you selected is not a valid choice.',
				});
		}
		for (const key of ['created_at', 'updated_at', 'closed_at']) {
			if (item[key] !== undefined && !isTimestamp(item[key]))
				errors.push({
					code: 'InvalidType',
					path: key,
					detail: 'This value should be of type int.',
				});
		}
		if (type === 'leads' && item.price !== undefined && !isInt(item.price))
			errors.push({
				code: 'InvalidType',
				path: 'price',
				detail: 'This value should be of type int.',
			});
		for (const key of ['tags_to_add', 'tags_to_delete']) {
			if (item[key] !== undefined && !Array.isArray(item[key]))
				errors.push({
					code: 'InvalidType',
					path: key,
					detail: 'This value should be of type array.',
				});
		}
		if (item.tags_to_delete !== undefined && !current) errors.push(notExpected('tags_to_delete'));
		const embedded = item._embedded as JsonObject | undefined;
		if (embedded !== undefined) {
			if (typeof embedded !== 'object' || Array.isArray(embedded) || embedded === null)
				errors.push({
					code: 'InvalidType',
					path: '_embedded',
					detail: 'This value should be of type object.',
				});
			else {
				if (embedded.tags !== undefined && embedded.tags !== null && !Array.isArray(embedded.tags))
					errors.push({
						code: 'InvalidType',
						path: '_embedded.tags',
						detail: 'This value should be of type array.',
					});
				for (const linkKey of ['contacts', 'companies'] as EntityType[]) {
					if (embedded[linkKey] === undefined) continue;
					if (type !== 'leads' || !Array.isArray(embedded[linkKey])) {
						errors.push(notExpected(`_embedded.${linkKey}`));
						continue;
					}
					(embedded[linkKey] as JsonObject[]).forEach((ref, i) => {
						const target = this.store(linkKey).get(Number(ref?.id));
						if (!isInt(ref?.id) || !target || target.is_deleted)
							errors.push({
								code: 'NotFound',
								path: `_embedded.${linkKey}.${i}.id`,
								detail: 'Entity not found.',
							});
					});
				}
			}
		}
	}

	private resolveStatus(
		item: JsonObject,
		current: Entity | null,
		errors: ValidationError[],
	): { pipeline_id: number; status_id: number } | null {
		const hasPipeline = item.pipeline_id !== undefined;
		const hasStatus = item.status_id !== undefined;
		if (!hasPipeline && !hasStatus) {
			if (current) return { pipeline_id: current.pipeline_id, status_id: current.status_id };
			const main = this.pipelines.find((p) => p.is_main) ?? this.pipelines[0];
			const first = [...main.statuses]
				.sort((a, b) => a.sort - b.sort)
				.find((s) => s.id !== WON && s.id !== LOST && s.type === 0);
			return { pipeline_id: main.id, status_id: first!.id };
		}
		if (hasPipeline && !isInt(item.pipeline_id))
			return (
				errors.push({
					code: 'InvalidType',
					path: 'pipeline_id',
					detail: 'This value should be of type int.',
				}),
				null
			);
		if (hasStatus && !isInt(item.status_id))
			return (
				errors.push({
					code: 'InvalidType',
					path: 'status_id',
					detail: 'This value should be of type int.',
				}),
				null
			);
		if (hasPipeline) {
			const pipeline = this.pipelines.find((p) => p.id === item.pipeline_id);
			if (!pipeline)
				return (
					errors.push({
						code: 'NotSupportedChoice',
						path: 'pipeline_id',
						detail: 'The value you selected is not a valid choice.',
					}),
					null
				);
			if (!hasStatus) {
				if (current && current.pipeline_id === pipeline.id)
					return { pipeline_id: pipeline.id, status_id: current.status_id };
				const first = [...pipeline.statuses]
					.sort((a, b) => a.sort - b.sort)
					.find((s) => s.id !== WON && s.id !== LOST);
				return { pipeline_id: pipeline.id, status_id: first!.id };
			}
			if (!pipeline.statuses.some((s) => s.id === item.status_id))
				return (
					errors.push({
						code: 'NotSupportedChoice',
						path: 'status_id',
						detail: 'The status does not belong to the pipeline.',
					}),
					null
				);
			return { pipeline_id: pipeline.id, status_id: item.status_id };
		}
		if (item.status_id === WON || item.status_id === LOST) {
			if (current) return { pipeline_id: current.pipeline_id, status_id: item.status_id };
			return (
				errors.push({
					code: 'NotBlank',
					path: 'pipeline_id',
					detail: 'pipeline_id is required with a closing status.',
				}),
				null
			);
		}
		const pipeline = this.pipelines.find((p) => p.statuses.some((s) => s.id === item.status_id));
		if (!pipeline)
			return (
				errors.push({
					code: 'NotSupportedChoice',
					path: 'status_id',
					detail: 'The value you selected is not a valid choice.',
				}),
				null
			);
		return { pipeline_id: pipeline.id, status_id: item.status_id };
	}

	/** A lead's `loss_reason_id`: an existing reason, and only on a lead whose resulting status is lost (143). */
	private checkLossReason(item: JsonObject, statusId: number, errors: ValidationError[]) {
		if (item.loss_reason_id === undefined || item.loss_reason_id === null) return;
		if (!this.lossReasons.find(item.loss_reason_id))
			errors.push({
				code: 'NotSupportedChoice',
				path: 'loss_reason_id',
				detail: 'The value you selected is not a valid choice.',
			});
		else if (statusId !== LOST)
			errors.push({
				code: 'NotSupportedChoice',
				path: 'loss_reason_id',
				detail: 'A loss reason is only for a lead in the lost status (143).',
			});
	}

	/**
	 * Validates every element first; only when all are valid does anything change. With `partialSave`,
	 * the valid elements (prepared as functions that write them) are written before the 400.
	 */
	prepareBatch<T>(
		items: JsonObject[],
		prepare: (item: JsonObject, errors: ValidationError[], index: number) => T,
	): T[] {
		const failures: Array<{ request_id: string; errors: ValidationError[] }> = [];
		const valid: T[] = [];
		const prepared = items.map((item, index) => {
			const errors: ValidationError[] = [];
			if (!item || typeof item !== 'object' || Array.isArray(item))
				errors.push({
					code: 'InvalidType',
					path: '',
					detail: 'This value should be of type object.',
				});
			const result = errors.length ? (null as T) : prepare(item, errors, index);
			if (errors.length) failures.push({ request_id: String(item?.request_id ?? index), errors });
			else valid.push(result);
			return result;
		});
		if (failures.length) {
			if (this.readings.partialSave)
				for (const write of valid) if (typeof write === 'function') write();
			throw new ValidationFailed(failures);
		}
		return prepared;
	}

	private buildEntity(type: EntityType, item: JsonObject, errors: ValidationError[]): () => Entity {
		this.checkEntity(type, item, null, errors);
		const cf = this.writeCustomFields(
			type,
			null,
			item.custom_fields_values,
			'custom_fields_values',
		);
		errors.push(...cf.errors);
		const status = type === 'leads' ? this.resolveStatus(item, null, errors) : null;
		if (status) this.checkLossReason(item, status.status_id, errors);
		return () => {
			const t = now();
			const entity: Entity = {
				id: this.nextId(type),
				name: '',
				responsible_user_id: (item.responsible_user_id as number) ?? AMOCRM_SANDBOX.users.admin,
				group_id: 0,
				created_by: (item.created_by as number) ?? 0,
				updated_by: (item.updated_by as number) ?? (item.created_by as number) ?? 0,
				created_at: (item.created_at as number) ?? t,
				updated_at: (item.updated_at as number) ?? t,
				closest_task_at: null,
				is_deleted: false,
				custom_fields_values: cf.value,
				account_id: AMOCRM_SANDBOX.accountId,
				tags: [],
			};
			if (type === 'contacts') {
				entity.first_name = (item.first_name as string) ?? '';
				entity.last_name = (item.last_name as string) ?? '';
				entity.name =
					(item.name as string) ?? [entity.first_name, entity.last_name].filter(Boolean).join(' ');
			} else {
				entity.name = (item.name as string) ?? (type === 'leads' ? `Сделка #${entity.id}` : '');
			}
			if (type === 'leads') {
				Object.assign(entity, {
					price: (item.price as number) ?? 0,
					status_id: status!.status_id,
					pipeline_id: status!.pipeline_id,
					loss_reason_id: (item.loss_reason_id as number) ?? null,
					closed_at:
						status!.status_id === WON || status!.status_id === LOST
							? ((item.closed_at as number) ?? t)
							: null,
					score: null,
					labor_cost: null,
				});
			}
			const embedded = (item._embedded ?? {}) as JsonObject;
			entity.tags = this.resolveTags(type, [
				...((embedded.tags ?? []) as JsonObject[]),
				...((item.tags_to_add ?? []) as JsonObject[]),
			]);
			this.store(type).set(entity.id, entity);
			if (type === 'leads') {
				((embedded.contacts ?? []) as JsonObject[]).forEach((ref, i) =>
					this.addLink('leads', entity.id, 'contacts', Number(ref.id), {
						main_contact: ref.is_main ?? i === 0,
					}),
				);
				((embedded.companies ?? []) as JsonObject[]).forEach((ref) =>
					this.addLink('leads', entity.id, 'companies', Number(ref.id), null),
				);
			}
			this.entityChanged(type, entity, null);
			return entity;
		};
	}

	private addEntities(type: EntityType, body: unknown, base: string): SandboxResponse {
		const items = this.requireArray(body);
		const creators = this.prepareBatch(items, (item, errors) =>
			this.buildEntity(type, item, errors),
		);
		const created = creators.map((create, index) => {
			const entity = create();
			return {
				id: entity.id,
				request_id: String(items[index].request_id ?? '0'),
				_links: { self: { href: `${base}/api/v4/${type}/${entity.id}` } },
			};
		});
		return batchAnswer(`${base}/api/v4/${type}`, type, created);
	}

	private updateEntities(
		type: EntityType,
		body: unknown,
		base: string,
		single: boolean,
	): SandboxResponse {
		const items = single ? [body as JsonObject] : this.requireArray(body);
		const updaters = this.prepareBatch(items, (item, errors) => {
			const current = this.store(type).get(Number(item.id));
			if (!isInt(item.id) || !current || current.is_deleted) {
				errors.push({ code: 'NotFound', path: 'id', detail: 'Entity not found.' });
				return () => current!;
			}
			this.checkEntity(type, item, current, errors);
			const cf = this.writeCustomFields(
				type,
				current.custom_fields_values,
				item.custom_fields_values,
				'custom_fields_values',
			);
			errors.push(...cf.errors);
			const status = type === 'leads' ? this.resolveStatus(item, current, errors) : null;
			if (status) this.checkLossReason(item, status.status_id, errors);
			return () => {
				const t = now();
				const before = { ...current };
				for (const key of [
					'name',
					'first_name',
					'last_name',
					'responsible_user_id',
					'price',
					'loss_reason_id',
					'created_by',
					'created_at',
				] as const) {
					if (item[key] !== undefined) (current as JsonObject)[key] = item[key];
				}
				current.updated_by = (item.updated_by as number) ?? 0;
				current.updated_at = (item.updated_at as number) ?? Math.max(t, current.updated_at);
				current.custom_fields_values = cf.value;
				if (status) {
					const closing = status.status_id === WON || status.status_id === LOST;
					const wasClosed = current.status_id === WON || current.status_id === LOST;
					current.pipeline_id = status.pipeline_id;
					current.status_id = status.status_id;
					if (closing && !wasClosed) current.closed_at = (item.closed_at as number) ?? t;
					if (!closing) current.closed_at = null;
				}
				const embedded = (item._embedded ?? {}) as JsonObject;
				if (embedded.tags === null) current.tags = [];
				else if (Array.isArray(embedded.tags))
					current.tags = this.resolveTags(type, embedded.tags as JsonObject[]);
				if (Array.isArray(item.tags_to_add))
					current.tags = [
						...current.tags,
						...this.resolveTags(type, item.tags_to_add as JsonObject[]).filter(
							(t) => !current.tags.some((c) => c.id === t.id),
						),
					];
				if (Array.isArray(item.tags_to_delete)) {
					const del = item.tags_to_delete as JsonObject[];
					current.tags = current.tags.filter(
						(t) => !del.some((d) => d.id === t.id || d.name === t.name),
					);
				}
				if (type === 'leads') {
					((embedded.contacts ?? []) as JsonObject[]).forEach((ref) =>
						this.addLink('leads', current.id, 'contacts', Number(ref.id), {
							main_contact: Boolean(ref.is_main),
						}),
					);
					((embedded.companies ?? []) as JsonObject[]).forEach((ref) =>
						this.addLink('leads', current.id, 'companies', Number(ref.id), null),
					);
				}
				this.entityChanged(type, current, before);
				return current;
			};
		});
		const updated = updaters.map((update, index) => {
			const entity = update();
			return {
				id: entity.id,
				updated_at: entity.updated_at,
				request_id: String(items[index].request_id ?? '0'),
				_links: { self: { href: `${base}/api/v4/${type}/${entity.id}` } },
			};
		});
		if (single) return ok(updated[0]);
		return batchAnswer(`${base}/api/v4/${type}`, type, updated);
	}

	private addComplex(body: unknown): SandboxResponse {
		if (!Array.isArray(body) || body.length === 0)
			return problem(400, 'Bad Request', 'Request data can not be empty');
		if (body.length > 50) return problem(422, 'Unprocessable Entity', 'Limit 50 per page');
		const plans = this.prepareBatch(body as JsonObject[], (item, errors) => {
			const embedded = { ...((item._embedded ?? {}) as JsonObject) };
			const contacts = (embedded.contacts ?? []) as JsonObject[];
			const companies = (embedded.companies ?? []) as JsonObject[];
			delete embedded.contacts;
			delete embedded.companies;
			if (!Array.isArray(contacts) || contacts.length > 1)
				errors.push({
					code: 'InvalidCount',
					path: '_embedded.contacts',
					detail: 'At most one contact per lead.',
				});
			if (!Array.isArray(companies) || companies.length > 1)
				errors.push({
					code: 'InvalidCount',
					path: '_embedded.companies',
					detail: 'At most one company per lead.',
				});
			const sub = (key: EntityType, ref: JsonObject | undefined): (() => number | null) => {
				if (!ref) return () => null;
				if (isInt(ref.id) && Object.keys(ref).every((k) => ['id', 'is_main'].includes(k))) {
					const target = this.store(key).get(ref.id);
					if (!target || target.is_deleted)
						errors.push({
							code: 'NotFound',
							path: `_embedded.${key}.0.id`,
							detail: 'Entity not found.',
						});
					// amocrm-api-php issue #370: the lead was made without the existing company it named.
					if (key === 'companies' && !this.readings.complexLinksCompany) return () => null;
					return () => ref.id;
				}
				const nested: ValidationError[] = [];
				const { is_main: _ignored, ...fields } = ref;
				const create = this.buildEntity(key, fields, nested);
				errors.push(...nested.map((e) => ({ ...e, path: `_embedded.${key}.0.${e.path}` })));
				return () => create().id;
			};
			const contactRef = Array.isArray(contacts) ? contacts[0] : undefined;
			const contact = sub('contacts', contactRef);
			const company = sub('companies', Array.isArray(companies) ? companies[0] : undefined);
			const { request_id: requestId, ...leadFields } = item;
			const lead = this.buildEntity('leads', { ...leadFields, _embedded: embedded }, errors);
			return (): JsonObject => {
				const requestIds = [String(requestId ?? '0')];
				const duplicate = this.readings.duplicateControl
					? this.openLeadOfSameContact(contactRef)
					: null;
				if (duplicate) {
					duplicate.lead.updated_at = Math.max(now(), duplicate.lead.updated_at);
					return {
						id: duplicate.lead.id,
						contact_id: duplicate.contactId,
						company_id: null,
						request_id: requestIds,
						merged: true,
					};
				}
				const contactId = contact();
				const companyId = company();
				const created = lead();
				if (contactId)
					this.addLink('leads', created.id, 'contacts', contactId, { main_contact: true });
				if (companyId) this.addLink('leads', created.id, 'companies', companyId, null);
				if (contactId && companyId)
					this.addLink('contacts', contactId, 'companies', companyId, null);
				return {
					id: created.id,
					contact_id: contactId,
					company_id: companyId,
					request_id: requestIds,
					merged: false,
				};
			};
		});
		// Leads merged into the same lead share one answer, which lists all their request_ids.
		const answers: JsonObject[] = [];
		for (const answer of plans.map((run) => run())) {
			const same = answer.merged ? answers.find((a) => a.id === answer.id) : undefined;
			if (same) {
				same.request_id.push(...answer.request_id);
				same.merged = true;
			} else answers.push(answer);
		}
		return ok(answers);
	}

	/**
	 * Duplicate control of complex leads (Kommo: complex-leads, `merged`): the contact of the lead — an
	 * existing one by ID, or a new one whose phone or email an existing contact has — already has an
	 * open lead, the most recently updated of which takes the new one in.
	 */
	private openLeadOfSameContact(
		ref: JsonObject | undefined,
	): { contactId: number; lead: Entity } | null {
		if (!ref) return null;
		const keysOf = (values: StoredFieldValue[] | JsonObject[] | null | undefined) => {
			const keys = new Set<string>();
			for (const field of (values ?? []) as JsonObject[]) {
				const code =
					field.field_code ?? this.fields.contacts.find((f) => f.id === field.field_id)?.code;
				for (const v of (field.values ?? []) as JsonObject[]) {
					if (code === 'PHONE') {
						const digits = String(v.value ?? '')
							.replace(/\D/g, '')
							.slice(-10);
						if (digits.length === 10) keys.add(`phone:${digits}`);
					}
					if (code === 'EMAIL' && String(v.value ?? '').trim())
						keys.add(`email:${String(v.value).trim().toLowerCase()}`);
				}
			}
			return keys;
		};
		const wanted = keysOf(ref.custom_fields_values as JsonObject[]);
		const candidates = isInt(ref.id)
			? [this.contacts.get(ref.id)].filter((c): c is Entity => Boolean(c && !c.is_deleted))
			: [...this.contacts.values()].filter(
					(c) =>
						!c.is_deleted && [...keysOf(c.custom_fields_values)].some((key) => wanted.has(key)),
				);
		for (const contact of candidates.sort((a, b) => a.id - b.id)) {
			const open = this.linksOf('contacts', contact.id)
				.filter((l) => l.to_entity_type === 'leads')
				.map((l) => this.leads.get(l.to_entity_id))
				.filter((lead): lead is Entity =>
					Boolean(lead && !lead.is_deleted && lead.status_id !== WON && lead.status_id !== LOST),
				)
				.sort((a, b) => b.updated_at - a.updated_at || b.id - a.id);
			if (open.length) return { contactId: contact.id, lead: open[0] };
		}
		return null;
	}

	// ---------------------------------------------------------------- links

	private static pairAllowed(from: EntityType, to: EntityType) {
		const allowed: Record<EntityType, EntityType[]> = {
			leads: ['contacts', 'companies'],
			contacts: ['companies', 'leads'],
			companies: ['contacts', 'leads'],
		};
		return allowed[from].includes(to);
	}

	/** Sections whose records leads (and other entities) link to. */
	private linkTargets(): LinkTargetSection[] {
		return this.sections.filter((section): section is LinkTargetSection => 'linkType' in section);
	}

	private addLink(
		from: EntityType,
		fromId: number,
		to: EntityType | string,
		toId: number,
		metadata: Record<string, unknown> | null,
	) {
		const existing = this.findLink(from, fromId, to, toId);
		if (existing) {
			if (metadata) existing.metadata = { ...(existing.metadata ?? {}), ...metadata };
			return existing;
		}
		// Stored once per pair; lead↔contact metadata lives on the lead side.
		const [a, b] =
			from === 'leads' || (from === 'contacts' && to === 'companies')
				? [
						[from, fromId],
						[to, toId],
					]
				: [
						[to, toId],
						[from, fromId],
					];
		const link: Link = {
			entity_type: a[0] as EntityType,
			entity_id: a[1] as number,
			to_entity_type: b[0] as EntityType,
			to_entity_id: b[1] as number,
			metadata,
		};
		this.links.push(link);
		if (link.to_entity_type === 'contacts' && link.entity_type === 'leads') {
			const others = this.links.filter(
				(l) =>
					l.entity_type === 'leads' &&
					l.entity_id === link.entity_id &&
					l.to_entity_type === 'contacts',
			);
			if (others.length === 1) link.metadata = { ...(link.metadata ?? {}), main_contact: true };
		}
		return link;
	}

	private findLink(from: EntityType, fromId: number, to: EntityType | string, toId: number) {
		return this.links.find(
			(l) =>
				(l.entity_type === from &&
					l.entity_id === fromId &&
					l.to_entity_type === to &&
					l.to_entity_id === toId) ||
				(l.entity_type === to &&
					l.entity_id === toId &&
					l.to_entity_type === from &&
					l.to_entity_id === fromId),
		);
	}

	private linksOf(type: EntityType, id: number) {
		const result: Array<{
			to_entity_id: number;
			to_entity_type: EntityType | string;
			metadata: Record<string, unknown> | null;
		}> = [];
		for (const l of this.links) {
			if (l.entity_type === type && l.entity_id === id)
				result.push({
					to_entity_id: l.to_entity_id,
					to_entity_type: l.to_entity_type,
					metadata: l.metadata,
				});
			else if (l.to_entity_type === type && l.to_entity_id === id)
				result.push({
					to_entity_id: l.entity_id,
					to_entity_type: l.entity_type,
					metadata: l.metadata,
				});
		}
		return result;
	}

	private batchLinks(
		type: EntityType,
		link: boolean,
		body: unknown,
		base: string,
		self?: string,
	): SandboxResponse {
		const items = this.requireArray(body);
		const plans = this.prepareBatch(items, (item, errors) => {
			const from = this.store(type).get(Number(item.entity_id));
			if (!isInt(item.entity_id) || !from || from.is_deleted)
				errors.push({ code: 'NotFound', path: 'entity_id', detail: 'Entity not found.' });
			const target = this.linkTargets().find((section) => section.linkType === item.to_entity_type);
			if (target) {
				const metadata = target.checkLink(type, item, link, errors);
				return () => {
					if (link)
						this.addLink(type, item.entity_id, target.linkType, item.to_entity_id, metadata);
					else
						this.links = this.links.filter(
							(l) =>
								!(
									l.entity_type === type &&
									l.entity_id === item.entity_id &&
									l.to_entity_type === target.linkType &&
									l.to_entity_id === item.to_entity_id
								),
						);
					return {
						entity_id: item.entity_id,
						entity_type: type,
						to_entity_id: item.to_entity_id,
						to_entity_type: target.linkType,
						metadata: link ? metadata : null,
					};
				};
			}
			const toType = item.to_entity_type as EntityType;
			if (!ENTITY_TYPES.includes(toType) || !AmoCrmSandbox.pairAllowed(type, toType)) {
				errors.push({
					code: 'NotSupportedChoice',
					path: 'to_entity_type',
					detail: 'The value you selected is not a valid choice.',
				});
				return () => null;
			}
			const to = this.store(toType).get(Number(item.to_entity_id));
			if (!isInt(item.to_entity_id) || !to || to.is_deleted)
				errors.push({ code: 'NotFound', path: 'to_entity_id', detail: 'Entity not found.' });
			if (
				item.metadata !== undefined &&
				(typeof item.metadata !== 'object' || Array.isArray(item.metadata))
			)
				errors.push({
					code: 'InvalidType',
					path: 'metadata',
					detail: 'This value should be of type object.',
				});
			return () => {
				if (link) {
					const meta = item.metadata as JsonObject | undefined;
					this.addLink(
						type,
						item.entity_id,
						toType,
						item.to_entity_id,
						meta?.is_main !== undefined || meta?.main_contact !== undefined
							? { main_contact: Boolean(meta.is_main ?? meta.main_contact) }
							: null,
					);
				} else {
					const found = this.findLink(type, item.entity_id, toType, item.to_entity_id);
					if (found) this.links.splice(this.links.indexOf(found), 1);
				}
				return {
					entity_id: item.entity_id,
					entity_type: type,
					to_entity_id: item.to_entity_id,
					to_entity_type: toType,
					metadata: null,
				};
			};
		});
		const done = plans.map((run) => run());
		if (!link) return noContent();
		return batchAnswer(self ?? `${base}/api/v4/${type}/links`, 'links', done);
	}

	// ---------------------------------------------------------------- notes

	private blankNote(): Note {
		const t = now();
		return {
			id: 0,
			entity_id: 0,
			entity_type: 'leads',
			created_by: 0,
			updated_by: 0,
			created_at: t,
			updated_at: t,
			responsible_user_id: AMOCRM_SANDBOX.users.admin,
			group_id: 0,
			note_type: 'common',
			params: {},
			account_id: AMOCRM_SANDBOX.accountId,
			is_pinned: false,
		};
	}

	private presentNote(note: Note, base: string) {
		const { entity_type: _t, ...rest } = note;
		return {
			...rest,
			_links: {
				self: { href: `${base}/api/v4/${note.entity_type}/${note.entity_id}/notes/${note.id}` },
			},
		};
	}

	private listNotes(
		type: EntityType,
		entityId: number | null,
		q: JsonObject,
		base: string,
	): SandboxResponse {
		const f = (q.filter ?? {}) as JsonObject;
		let notes = [...this.notes.values()].filter((n) => n.entity_type === type);
		if (entityId !== null) notes = notes.filter((n) => n.entity_id === entityId);
		if (f.entity_id !== undefined) {
			const ids = listOf(f.entity_id).map(Number);
			notes = notes.filter((n) => ids.includes(n.entity_id));
		}
		if (f.id !== undefined) {
			const ids = listOf(f.id).map(Number);
			notes = notes.filter((n) => ids.includes(n.id));
		}
		if (f.note_type !== undefined) {
			const types = listOf(f.note_type);
			notes = notes.filter((n) => types.includes(n.note_type));
		}
		if (f.updated_at !== undefined)
			notes = notes.filter((n) =>
				typeof f.updated_at === 'object'
					? this.inRange(n.updated_at, f.updated_at)
					: n.updated_at >= Number(f.updated_at),
			);
		const [orderKey, direction] = Object.entries((q.order ?? {}) as JsonObject)[0] ?? ['id', 'asc'];
		const sign = String(direction) === 'desc' ? -1 : 1;
		notes.sort(
			(a, b) =>
				sign * (((a as any)[orderKey] as number) - ((b as any)[orderKey] as number) || a.id - b.id),
		);
		return this.page(
			q,
			base,
			'notes',
			notes.map((n) => this.presentNote(n, base)),
		);
	}

	private addNotes(type: EntityType, body: unknown, base: string): SandboxResponse {
		const items = this.requireArray(body);
		const plans = this.prepareBatch(items, (item, errors) => {
			const allowed = [
				'entity_id',
				'note_type',
				'params',
				'created_by',
				'updated_by',
				'created_at',
				'updated_at',
				'responsible_user_id',
				'is_need_to_trigger_digital_pipeline',
				'request_id',
			];
			errors.push(...unexpectedFields(item, allowed));
			const entity = this.store(type).get(Number(item.entity_id));
			if (!isInt(item.entity_id) || !entity || entity.is_deleted)
				errors.push({ code: 'NotFound', path: 'entity_id', detail: 'Entity not found.' });
			const spec = NOTE_PARAMS[String(item.note_type)];
			if (!spec)
				errors.push({
					code: 'NotSupportedChoice',
					path: 'note_type',
					detail: 'The value you selected is not a valid choice.',
				});
			const params = item.params as JsonObject;
			if (!params || typeof params !== 'object' || Array.isArray(params))
				errors.push({
					code: 'InvalidType',
					path: 'params',
					detail: 'This value should be of type object.',
				});
			else if (spec) {
				for (const key of spec.required) {
					if (params[key] === undefined || params[key] === null || params[key] === '')
						errors.push({
							code: 'NotBlank',
							path: `params.${key}`,
							detail: 'This value should not be blank.',
						});
				}
				errors.push(...unexpectedFields(params, [...spec.required, ...spec.optional], 'params.'));
				if (params.duration !== undefined && !isInt(params.duration))
					errors.push({
						code: 'InvalidType',
						path: 'params.duration',
						detail: 'This value should be of type int.',
					});
				if (
					params.call_status !== undefined &&
					!(isInt(params.call_status) && params.call_status >= 1 && params.call_status <= 7)
				)
					errors.push({
						code: 'NotSupportedChoice',
						path: 'params.call_status',
						detail: 'The value you selected is not a valid choice.',
					});
				for (const section of this.sections)
					errors.push(...(section.noteProblems?.(String(item.note_type), params) ?? []));
			}
			if (item.responsible_user_id !== undefined && !this.userExists(item.responsible_user_id))
				errors.push({
					code: 'NotSupportedChoice',
					path: 'responsible_user_id',
					detail: 'The value you selected is not a valid choice.',
				});
			return () => {
				const t = now();
				const note: Note = {
					...this.blankNote(),
					id: this.nextId('notes'),
					entity_id: item.entity_id,
					entity_type: type,
					note_type: item.note_type,
					params,
					created_by: (item.created_by as number) ?? 0,
					updated_by: (item.updated_by as number) ?? 0,
					created_at: (item.created_at as number) ?? t,
					updated_at: (item.updated_at as number) ?? t,
					responsible_user_id: (item.responsible_user_id as number) ?? entity!.responsible_user_id,
				};
				this.notes.set(note.id, note);
				entity!.updated_at = Math.max(entity!.updated_at, t);
				this.noteAdded(note);
				return note;
			};
		});
		// The real add response echoes only id, entity_id and request_id; every other key is null (seed log).
		const created = plans.map((run, index) => {
			const note = run();
			return {
				id: note.id,
				entity_id: note.entity_id,
				created_by: null,
				updated_by: null,
				created_at: null,
				updated_at: null,
				responsible_user_id: null,
				group_id: null,
				note_type: null,
				params: null,
				account_id: null,
				request_id: String(items[index].request_id ?? '0'),
				_links: { self: { href: `${base}/api/v4/${type}/${note.entity_id}/notes/${note.id}` } },
			};
		});
		return batchAnswer(`${base}/api/v4/${type}/notes`, 'notes', created);
	}

	// ---------------------------------------------------------------- tasks

	private blankTask(): Task {
		const t = now();
		return {
			id: 0,
			created_by: 0,
			updated_by: 0,
			created_at: t,
			updated_at: t,
			responsible_user_id: AMOCRM_SANDBOX.users.admin,
			group_id: 0,
			entity_id: null,
			entity_type: null,
			is_completed: false,
			task_type_id: 1,
			text: '',
			duration: 0,
			complete_till: t,
			result: [],
			account_id: AMOCRM_SANDBOX.accountId,
		};
	}

	private presentTask(task: Task, base: string) {
		return { ...task, _links: { self: { href: `${base}/api/v4/tasks/${task.id}` } } };
	}

	private refreshClosestTask(type: EntityType, id: number) {
		const entity = this.store(type).get(id);
		if (!entity) return;
		const open = [...this.tasks.values()].filter(
			(t) => t.entity_type === type && t.entity_id === id && !t.is_completed,
		);
		entity.closest_task_at = open.length ? Math.min(...open.map((t) => t.complete_till)) : null;
	}

	private checkTask(item: JsonObject, current: Task | null, errors: ValidationError[]) {
		const allowed = [
			'id',
			'text',
			'complete_till',
			'responsible_user_id',
			'entity_id',
			'entity_type',
			'is_completed',
			'task_type_id',
			'duration',
			'result',
			'created_by',
			'updated_by',
			'created_at',
			'updated_at',
			'request_id',
		];
		errors.push(...unexpectedFields(item, allowed));
		if (!current || item.text !== undefined) {
			if (typeof item.text !== 'string' || !item.text.trim())
				errors.push({ code: 'NotBlank', path: 'text', detail: 'This value should not be blank.' });
		}
		if (!current || item.complete_till !== undefined) {
			if (!isTimestamp(item.complete_till))
				errors.push({
					code: 'InvalidType',
					path: 'complete_till',
					detail: 'This value should be of type int.',
				});
		}
		if (item.responsible_user_id !== undefined && !this.userExists(item.responsible_user_id))
			errors.push({
				code: 'NotSupportedChoice',
				path: 'responsible_user_id',
				detail: 'The value you selected is not a valid choice.',
			});
		if (item.task_type_id !== undefined && ![1, 2].includes(item.task_type_id as number))
			errors.push({
				code: 'NotSupportedChoice',
				path: 'task_type_id',
				detail: 'The value you selected is not a valid choice.',
			});
		if (item.is_completed !== undefined && typeof item.is_completed !== 'boolean')
			errors.push({
				code: 'InvalidType',
				path: 'is_completed',
				detail: 'This value should be of type bool.',
			});
		if (item.duration !== undefined && !isInt(item.duration))
			errors.push({
				code: 'InvalidType',
				path: 'duration',
				detail: 'This value should be of type int.',
			});
		if (
			item.result !== undefined &&
			(typeof item.result !== 'object' ||
				item.result === null ||
				typeof (item.result as JsonObject).text !== 'string')
		)
			errors.push({
				code: 'InvalidType',
				path: 'result.text',
				detail: 'This value should be of type string.',
			});
		if (item.entity_id !== undefined || item.entity_type !== undefined) {
			const type = (item.entity_type ?? current?.entity_type) as EntityType;
			if (!ENTITY_TYPES.includes(type))
				errors.push({
					code: 'NotSupportedChoice',
					path: 'entity_type',
					detail: 'The value you selected is not a valid choice.',
				});
			else {
				const entity = this.store(type).get(Number(item.entity_id ?? current?.entity_id));
				if (!entity || entity.is_deleted)
					errors.push({ code: 'NotFound', path: 'entity_id', detail: 'Entity not found.' });
			}
		}
	}

	private addTasks(body: unknown, base: string): SandboxResponse {
		const items = this.requireArray(body);
		const plans = this.prepareBatch(items, (item, errors) => {
			if (item.id !== undefined) errors.push(notExpected('id'));
			this.checkTask(item, null, errors);
			return () => {
				const t = now();
				const { request_id: _r, ...fields } = item;
				const task: Task = {
					...this.blankTask(),
					...(fields as Partial<Task>),
					id: this.nextId('tasks'),
					created_at: (item.created_at as number) ?? t,
					updated_at: (item.updated_at as number) ?? t,
				};
				this.tasks.set(task.id, task);
				this.taskChanged(task, null);
				if (task.entity_type && task.entity_id) {
					this.refreshClosestTask(task.entity_type, task.entity_id);
					const entity = this.store(task.entity_type).get(task.entity_id);
					if (entity) entity.updated_at = Math.max(entity.updated_at, t);
				}
				return task;
			};
		});
		const created = plans.map((run, index) => {
			const task = run();
			return {
				id: task.id,
				request_id: String(items[index].request_id ?? '0'),
				_links: { self: { href: `${base}/api/v4/tasks/${task.id}` } },
			};
		});
		return batchAnswer(`${base}/api/v4/tasks`, 'tasks', created);
	}

	private updateTasks(body: unknown, base: string, single: boolean): SandboxResponse {
		const items = single ? [body as JsonObject] : this.requireArray(body);
		const plans = this.prepareBatch(items, (item, errors) => {
			const current = this.tasks.get(Number(item.id));
			if (!isInt(item.id) || !current) {
				errors.push({ code: 'NotFound', path: 'id', detail: 'Task not found.' });
				return () => current!;
			}
			this.checkTask(item, current, errors);
			return () => {
				const { request_id: _r, id: _id, ...fields } = item;
				const before =
					current.entity_type && current.entity_id
						? ([current.entity_type, current.entity_id] as const)
						: null;
				const previous = { ...current };
				Object.assign(current, fields, { updated_at: Math.max(now(), current.updated_at) });
				this.taskChanged(current, previous);
				if (before) this.refreshClosestTask(before[0], before[1]);
				if (current.entity_type && current.entity_id)
					this.refreshClosestTask(current.entity_type, current.entity_id);
				return current;
			};
		});
		const updated = plans.map((run, index) => {
			const task = run();
			return {
				id: task.id,
				updated_at: task.updated_at,
				request_id: String(items[index].request_id ?? '0'),
				_links: { self: { href: `${base}/api/v4/tasks/${task.id}` } },
			};
		});
		if (single) return ok(updated[0]);
		return batchAnswer(`${base}/api/v4/tasks`, 'tasks', updated);
	}

	private listTasks(q: JsonObject, base: string): SandboxResponse {
		const f = (q.filter ?? {}) as JsonObject;
		let tasks = [...this.tasks.values()];
		if (f.responsible_user_id !== undefined) {
			const ids = listOf(f.responsible_user_id).map(Number);
			tasks = tasks.filter((t) => ids.includes(t.responsible_user_id));
		}
		if (f.is_completed !== undefined)
			tasks = tasks.filter(
				(t) =>
					t.is_completed === (String(f.is_completed) === '1' || String(f.is_completed) === 'true'),
			);
		if (f.task_type !== undefined) {
			const types = listOf(f.task_type).map(Number);
			tasks = tasks.filter((t) => types.includes(t.task_type_id));
		}
		if (f.entity_type !== undefined) tasks = tasks.filter((t) => t.entity_type === f.entity_type);
		if (f.entity_id !== undefined) {
			if (f.entity_type === undefined)
				return problem(400, 'Bad Request', 'filter[entity_id] requires filter[entity_type]');
			const ids = listOf(f.entity_id).map(Number);
			tasks = tasks.filter((t) => t.entity_id !== null && ids.includes(t.entity_id));
		}
		if (f.id !== undefined) {
			const ids = listOf(f.id).map(Number);
			tasks = tasks.filter((t) => ids.includes(t.id));
		}
		if (f.updated_at !== undefined)
			tasks = tasks.filter((t) =>
				typeof f.updated_at === 'object'
					? this.inRange(t.updated_at, f.updated_at)
					: t.updated_at >= Number(f.updated_at),
			);
		const [orderKey, direction] = Object.entries((q.order ?? {}) as JsonObject)[0] ?? ['id', 'asc'];
		if (!['id', 'created_at', 'complete_till'].includes(orderKey))
			return problem(400, 'Bad Request', `Unsupported order field ${orderKey}`);
		const sign = String(direction) === 'desc' ? -1 : 1;
		tasks.sort(
			(a, b) =>
				sign * (((a as any)[orderKey] as number) - ((b as any)[orderKey] as number) || a.id - b.id),
		);
		return this.page(
			q,
			base,
			'tasks',
			tasks.map((t) => this.presentTask(t, base)),
		);
	}

	// ---------------------------------------------------------------- pipelines

	private routePipelines(
		method: string,
		rest: string[],
		q: JsonObject,
		base: string,
		body?: unknown,
	): SandboxResponse | null {
		if (method === 'POST' && rest.length === 0) return this.addPipelines(body, base);
		if (method === 'POST' && rest.length === 2 && rest[1] === 'statuses')
			return this.addStatuses(Number(rest[0]), body, base);
		// There is no batch PATCH of pipelines (amocrm-api-php `Pipelines::update` throws): only these single forms.
		if (method === 'PATCH' && rest.length === 1)
			return this.updatePipeline(Number(rest[0]), body, base);
		if (method === 'DELETE' && rest.length === 1) return this.deletePipeline(Number(rest[0]));
		if (method === 'PATCH' && rest.length === 3 && rest[1] === 'statuses')
			return this.updateStatus(Number(rest[0]), Number(rest[2]), body, base);
		if (method === 'DELETE' && rest.length === 3 && rest[1] === 'statuses')
			return this.deleteStatus(Number(rest[0]), Number(rest[2]));
		if (method !== 'GET') return null;
		if (rest.length === 0)
			return ok({
				_total_items: this.pipelines.length,
				_links: { self: { href: `${base}/api/v4/leads/pipelines` } },
				_embedded: { pipelines: this.pipelines.map((p) => this.presentPipeline(p, base)) },
			});
		const pipeline = this.pipelines.find((p) => p.id === Number(rest[0]));
		if (!pipeline) return noContent();
		if (rest.length === 1) return ok(this.presentPipeline(pipeline, base));
		if (rest[1] === 'statuses') {
			const statuses = pipeline.statuses.map((s) => this.presentStatus(s, base));
			if (rest.length === 2) return ok({ _total_items: statuses.length, _embedded: { statuses } });
			const status = statuses.find((s) => s.id === Number(rest[2]));
			return status ? ok(status) : noContent();
		}
		return null;
	}

	private presentPipeline(p: Pipeline, base: string): JsonObject {
		const { statuses, ...fields } = p;
		return {
			...fields,
			_links: { self: { href: `${base}/api/v4/leads/pipelines/${p.id}` } },
			_embedded: { statuses: statuses.map((s) => this.presentStatus(s, base)) },
		};
	}

	private presentStatus(s: Status, base: string): JsonObject {
		return {
			...s,
			_links: {
				self: { href: `${base}/api/v4/leads/pipelines/${s.pipeline_id}/statuses/${s.id}` },
			},
		};
	}

	/** The colours amoCRM takes for a stage (reference §14); the case of the hex digits is not checked. */
	private isStatusColor(color: unknown): boolean {
		return typeof color === 'string' && STATUS_COLORS.includes(color.toLowerCase());
	}

	/** Stages to add: a name, a whole-number sort and one of amoCRM's colours (reference §14), nothing else. */
	private checkStatuses(list: unknown, path: string, errors: ValidationError[]): JsonObject[] {
		if (!Array.isArray(list)) {
			errors.push({ code: 'InvalidType', path, detail: 'This value should be of type array.' });
			return [];
		}
		list.forEach((status: JsonObject, i: number) => {
			errors.push(
				...unexpectedFields(
					status ?? {},
					['name', 'sort', 'color', 'type', 'request_id'],
					`${path}.${i}.`,
				),
			);
			if (typeof status?.name !== 'string' || !status.name.trim())
				errors.push({
					code: 'NotBlank',
					path: `${path}.${i}.name`,
					detail: 'This value should not be blank.',
				});
			if (!Number.isInteger(status?.sort))
				errors.push({
					code: 'InvalidType',
					path: `${path}.${i}.sort`,
					detail: 'This value should be of type int.',
				});
			if (status?.color !== undefined && !this.isStatusColor(status.color))
				errors.push({
					code: 'NotSupportedChoice',
					path: `${path}.${i}.color`,
					detail: 'The value you selected is not a valid choice.',
				});
		});
		return list as JsonObject[];
	}

	private newStatus(pipelineId: number, item: JsonObject): Status {
		return {
			id: this.nextId('statuses'),
			name: String(item.name),
			sort: item.sort as number,
			is_editable: true,
			pipeline_id: pipelineId,
			color: String(item.color ?? '#98cbff'),
			type: 0,
			account_id: AMOCRM_SANDBOX.accountId,
		};
	}

	/** `POST /api/v4/leads/pipelines`: every field the reference lists is required; at most 50 pipelines per account. */
	private addPipelines(body: unknown, base: string): SandboxResponse {
		const items = this.requireArray(body);
		const plans = this.prepareBatch(items, (item, errors, index) => {
			errors.push(
				...unexpectedFields(item, [
					'name',
					'sort',
					'is_main',
					'is_unsorted_on',
					'_embedded',
					'request_id',
				]),
			);
			if (typeof item.name !== 'string' || !item.name.trim())
				errors.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
			if (!Number.isInteger(item.sort))
				errors.push({
					code: 'InvalidType',
					path: 'sort',
					detail: 'This value should be of type int.',
				});
			for (const key of ['is_main', 'is_unsorted_on'])
				if (typeof item[key] !== 'boolean')
					errors.push({
						code: 'InvalidType',
						path: key,
						detail: 'This value should be of type bool.',
					});
			const statuses = this.checkStatuses(
				(item._embedded as JsonObject | undefined)?.statuses,
				'_embedded.statuses',
				errors,
			);
			if (statuses.length + 3 > 100)
				errors.push({
					code: 'InvalidCount',
					path: '_embedded.statuses',
					detail: 'A pipeline has at most 100 statuses.',
				});
			if (this.pipelines.length + index + 1 > 50)
				errors.push({
					code: 'InvalidCount',
					path: '',
					detail: 'An account has at most 50 pipelines.',
				});
			return { item, statuses };
		});
		const created = plans.map(({ item, statuses }) => {
			const id = this.nextId('pipelines');
			if (item.is_main) for (const p of this.pipelines) p.is_main = false;
			const system = (statusId: number, name: string, sort: number, color: string): Status => ({
				id: statusId,
				name,
				sort,
				is_editable: false,
				pipeline_id: id,
				color,
				type: 0,
				account_id: AMOCRM_SANDBOX.accountId,
			});
			const pipeline: Pipeline = {
				id,
				name: String(item.name),
				sort: item.sort as number,
				is_main: item.is_main as boolean,
				is_unsorted_on: item.is_unsorted_on as boolean,
				is_archive: false,
				account_id: AMOCRM_SANDBOX.accountId,
				statuses: [
					...(item.is_unsorted_on ? [this.incomingStatus(id)] : []),
					...statuses.map((s) => this.newStatus(id, s)),
					system(WON, 'Успешно реализовано', 10000, '#CCFF66'),
					system(LOST, 'Закрыто и не реализовано', 11000, '#D5D8DB'),
				],
			};
			this.pipelines.push(pipeline);
			return pipeline;
		});
		return ok({
			_total_items: created.length,
			_links: { self: { href: `${base}/api/v4/leads/pipelines` } },
			_embedded: { pipelines: created.map((p) => this.presentPipeline(p, base)) },
		});
	}

	/** The Incoming leads (Неразобранное) stage a pipeline has while incoming leads are on: type 1, not editable. */
	private incomingStatus(pipelineId: number): Status {
		return {
			id: this.nextId('statuses'),
			name: 'Неразобранное',
			sort: 0,
			is_editable: false,
			pipeline_id: pipelineId,
			color: '#c1c1c1',
			type: 1,
			account_id: AMOCRM_SANDBOX.accountId,
		};
	}

	/** `POST /api/v4/leads/pipelines/{id}/statuses`. */
	private addStatuses(pipelineId: number, body: unknown, base: string): SandboxResponse {
		const pipeline = this.pipelines.find((p) => p.id === pipelineId);
		if (!pipeline) return problem(404, 'Not Found', 'Pipeline not found');
		const items = this.requireArray(body);
		const errors: ValidationError[] = [];
		this.checkStatuses(items, '', errors);
		if (pipeline.statuses.length + items.length > 100)
			errors.push({
				code: 'InvalidCount',
				path: '',
				detail: 'A pipeline has at most 100 statuses.',
			});
		if (errors.length) throw new ValidationFailed([{ request_id: '0', errors }]);
		const added = items.map((item) => this.newStatus(pipelineId, item));
		pipeline.statuses.push(...added);
		pipeline.statuses.sort((a, b) => a.sort - b.sort);
		return ok({
			_total_items: added.length,
			_embedded: { statuses: added.map((s) => this.presentStatus(s, base)) },
		});
	}

	// Changing and deleting pipelines and stages (amoCRM's leads_pipelines page; Kommo's delete-pipeline and
	// deleting-stage pages). What those pages leave open is read the less forgiving way, as noted below.
	// An unknown pipeline or stage ID: the pages name no answer; the sandbox answers 404, as `addStatuses` does.

	/** A single-object PATCH body with at least one of `fields`; anything else is named as a validation error. */
	private patchBody(
		body: unknown,
		fields: string[],
	): { item: JsonObject; errors: ValidationError[] } | SandboxResponse {
		if (!body || typeof body !== 'object' || Array.isArray(body))
			return problem(400, 'Bad Request', 'Request data can not be empty');
		const item = body as JsonObject;
		if (!fields.some((key) => item[key] !== undefined))
			return problem(400, 'Bad Request', 'Request data can not be empty');
		const errors: ValidationError[] = [];
		errors.push(...unexpectedFields(item, [...fields, 'request_id']));
		if (item.name !== undefined && (typeof item.name !== 'string' || !item.name.trim()))
			errors.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
		if (item.sort !== undefined && !isInt(item.sort))
			errors.push({
				code: 'InvalidType',
				path: 'sort',
				detail: 'This value should be of type int.',
			});
		return { item, errors };
	}

	/**
	 * `PATCH /api/v4/leads/pipelines/{id}`: name, sort, is_main, is_unsorted_on. The page's example answer
	 * turns `is_main` off on the main pipeline and shows the pipeline without its Incoming leads stage once
	 * `is_unsorted_on` is off; making one pipeline main makes the others not main [inference, reference §8.3].
	 */
	private updatePipeline(id: number, body: unknown, base: string): SandboxResponse {
		const pipeline = this.pipelines.find((p) => p.id === id);
		if (!pipeline) return problem(404, 'Not Found', 'Pipeline not found');
		const checked = this.patchBody(body, ['name', 'sort', 'is_main', 'is_unsorted_on']);
		if (!('item' in checked)) return checked;
		const { item, errors } = checked;
		for (const key of ['is_main', 'is_unsorted_on'])
			if (item[key] !== undefined && typeof item[key] !== 'boolean')
				errors.push({
					code: 'InvalidType',
					path: key,
					detail: 'This value should be of type bool.',
				});
		// What becomes of unsorted leads waiting in a pipeline whose Incoming leads is turned off is not
		// documented: the sandbox refuses rather than drop them.
		if (
			item.is_unsorted_on === false &&
			this.unsorted.some((u) => u.status === 'pending' && u.pipeline_id === id)
		) {
			errors.push({
				code: 'NotSupportedChoice',
				path: 'is_unsorted_on',
				detail: 'Incoming leads of the pipeline are not empty.',
			});
		}
		if (errors.length) throw new ValidationFailed([{ request_id: '0', errors }]);
		if (item.name !== undefined) pipeline.name = item.name;
		if (item.sort !== undefined) pipeline.sort = item.sort;
		if (item.is_main === true) for (const p of this.pipelines) p.is_main = false;
		if (item.is_main !== undefined) pipeline.is_main = item.is_main;
		if (item.is_unsorted_on === true && !pipeline.statuses.some((s) => s.type === 1))
			pipeline.statuses.unshift(this.incomingStatus(id));
		if (item.is_unsorted_on === false)
			pipeline.statuses = pipeline.statuses.filter((s) => s.type !== 1);
		if (item.is_unsorted_on !== undefined) pipeline.is_unsorted_on = item.is_unsorted_on;
		return ok({
			...this.presentPipeline(pipeline, base),
			request_id: String(item.request_id ?? '0'),
		});
	}

	/**
	 * `DELETE /api/v4/leads/pipelines/{id}`: 204. Refused (400; the pages give no text) for the account's
	 * last pipeline and for a pipeline that still has leads. Less forgiving where they say nothing: the
	 * main pipeline is refused too, and leads in the trash and unsorted leads waiting in Incoming leads count.
	 */
	private deletePipeline(id: number): SandboxResponse {
		const pipeline = this.pipelines.find((p) => p.id === id);
		if (!pipeline) return problem(404, 'Not Found', 'Pipeline not found');
		if (this.pipelines.length === 1)
			return problem(400, 'Bad Request', 'The last pipeline of the account cannot be deleted');
		if (pipeline.is_main) return problem(400, 'Bad Request', 'The main pipeline cannot be deleted');
		const leads =
			[...this.leads.values()].some((lead) => lead.pipeline_id === id) ||
			this.unsorted.some((u) => u.status === 'pending' && u.pipeline_id === id);
		if (leads) return problem(400, 'Bad Request', 'The pipeline has leads');
		this.pipelines = this.pipelines.filter((p) => p !== pipeline);
		return noContent();
	}

	/** The system stages (Incoming leads, 142, 143) are `is_editable: false`; a third-party tool reports 400 NotSupportedChoice on `status_id` for them (reference §8.2). */
	private refuseSystemStatus(status: Status): void {
		if (!status.is_editable)
			throw new ValidationFailed([
				{
					request_id: '0',
					errors: [
						{
							code: 'NotSupportedChoice',
							path: 'status_id',
							detail: 'The status is not editable.',
						},
					],
				},
			]);
	}

	/**
	 * `PATCH /api/v4/leads/pipelines/{pipeline_id}/statuses/{id}`: name, sort, color. Stage descriptions
	 * are not kept by the sandbox, so it refuses them rather than drop them.
	 */
	private updateStatus(
		pipelineId: number,
		statusId: number,
		body: unknown,
		base: string,
	): SandboxResponse {
		const status = this.pipelines
			.find((p) => p.id === pipelineId)
			?.statuses.find((s) => s.id === statusId);
		if (!status) return problem(404, 'Not Found', 'Status not found');
		const checked = this.patchBody(body, ['name', 'sort', 'color']);
		if (!('item' in checked)) return checked;
		this.refuseSystemStatus(status);
		const { item, errors } = checked;
		if (item.color !== undefined && !this.isStatusColor(item.color))
			errors.push({
				code: 'NotSupportedChoice',
				path: 'color',
				detail: 'The value you selected is not a valid choice.',
			});
		if (errors.length) throw new ValidationFailed([{ request_id: '0', errors }]);
		if (item.name !== undefined) status.name = item.name;
		if (item.sort !== undefined) status.sort = item.sort;
		if (item.color !== undefined) status.color = item.color;
		this.pipelines.find((p) => p.id === pipelineId)!.statuses.sort((a, b) => a.sort - b.sort);
		return ok({ ...this.presentStatus(status, base), request_id: String(item.request_id ?? '0') });
	}

	/**
	 * `DELETE /api/v4/leads/pipelines/{pipeline_id}/statuses/{id}`: 204; the stage's leads move to the
	 * first stage of the pipeline. Whether that can be Incoming leads is not documented: here it is the
	 * first editable stage left. Less forgiving where the pages say nothing: the last editable stage is
	 * refused (its leads would have nowhere to go), leads in the trash move too, and the move is no lead
	 * change (no updated_at, event or webhook).
	 */
	private deleteStatus(pipelineId: number, statusId: number): SandboxResponse {
		const pipeline = this.pipelines.find((p) => p.id === pipelineId);
		const status = pipeline?.statuses.find((s) => s.id === statusId);
		if (!pipeline || !status) return problem(404, 'Not Found', 'Status not found');
		this.refuseSystemStatus(status);
		const first = pipeline.statuses
			.filter((s) => s.is_editable && s.id !== statusId)
			.sort((a, b) => a.sort - b.sort)[0];
		if (!first)
			return problem(400, 'Bad Request', 'The last status of the pipeline cannot be deleted');
		for (const lead of this.leads.values())
			if (lead.pipeline_id === pipelineId && lead.status_id === statusId) lead.status_id = first.id;
		pipeline.statuses = pipeline.statuses.filter((s) => s !== status);
		return noContent();
	}

	// ---------------------------------------------------------------- events and webhooks

	private recordEvent(
		type: string,
		entityType: string,
		entityId: number,
		before: unknown[],
		after: unknown[],
		by = 0,
	) {
		const id = `01${this.nextId('events').toString(36).padStart(24, '0')}`;
		this.events.push({
			id,
			type,
			entity_id: entityId,
			entity_type: entityType,
			created_by: by,
			created_at: now(),
			value_before: before,
			value_after: after,
			account_id: AMOCRM_SANDBOX.accountId,
		});
	}

	private customFieldsOfHook(entity: Entity): JsonObject[] {
		return (entity.custom_fields_values ?? []).map((f) => ({
			id: f.field_id,
			name: f.field_name,
			...(f.field_code ? { code: f.field_code } : {}),
			// Date fields arrive as bare timestamps, enum fields with `enum` = the option id (reference §17.3).
			values: f.values.map((v) =>
				['date', 'date_time', 'birthday'].includes(f.field_type)
					? v.value
					: v.enum_id !== undefined
						? { value: v.value, enum: v.enum_id }
						: { value: v.value },
			),
		}));
	}

	private hookItem(type: EntityType, entity: Entity): JsonObject {
		const item: JsonObject = {
			id: entity.id,
			name: entity.name,
			responsible_user_id: entity.responsible_user_id,
			date_create: entity.created_at,
			last_modified: entity.updated_at,
			created_user_id: entity.created_by,
			modified_user_id: entity.updated_by,
			account_id: entity.account_id,
			created_at: entity.created_at,
			updated_at: entity.updated_at,
			tags: entity.tags.map((t) => ({ id: t.id, name: t.name })),
			custom_fields: this.customFieldsOfHook(entity),
		};
		if (type === 'leads')
			Object.assign(item, {
				status_id: entity.status_id,
				pipeline_id: entity.pipeline_id,
				price: entity.price,
			});
		else {
			item.type = SINGULAR[type];
			const company =
				type === 'contacts'
					? this.linksOf(type, entity.id).find((l) => l.to_entity_type === 'companies')
					: undefined;
			if (company)
				Object.assign(item, {
					linked_company_id: company.to_entity_id,
					company_name: this.companies.get(company.to_entity_id)?.name ?? '',
				});
			const leads = this.linksOf(type, entity.id).filter((l) => l.to_entity_type === 'leads');
			if (leads.length)
				item.linked_leads_id = Object.fromEntries(
					leads.map((l) => [l.to_entity_id, { ID: l.to_entity_id }]),
				);
		}
		return item;
	}

	/** Records what amoCRM would announce about an added or changed lead, contact or company. */
	private entityChanged(type: EntityType, entity: Entity, before: Entity | null) {
		const one = SINGULAR[type];
		const section: HookSection = type === 'leads' ? 'leads' : 'contacts';
		const item = (extra: JsonObject = {}) => ({ ...this.hookItem(type, entity), ...extra });
		const by = entity.updated_by;
		if (!before) {
			this.pending.push({ section, action: 'add', setting: `add_${one}`, item: item() });
			this.recordEvent(`${one}_added`, one, entity.id, [], [], entity.created_by);
			return;
		}
		const extra: JsonObject = {};
		if (
			type === 'leads' &&
			(before.status_id !== entity.status_id || before.pipeline_id !== entity.pipeline_id)
		) {
			Object.assign(extra, {
				old_status_id: before.status_id,
				old_pipeline_id: before.pipeline_id,
			});
			this.pending.push({ section, action: 'status', setting: 'status_lead', item: item(extra) });
			this.recordEvent(
				'lead_status_changed',
				one,
				entity.id,
				[{ lead_status: { id: before.status_id, pipeline_id: before.pipeline_id } }],
				[{ lead_status: { id: entity.status_id, pipeline_id: entity.pipeline_id } }],
				by,
			);
		}
		if (before.responsible_user_id !== entity.responsible_user_id) {
			extra.old_responsible_user_id = before.responsible_user_id;
			// Leads have their own `responsible` action; contacts and companies announce it as an update.
			if (type === 'leads')
				this.pending.push({
					section,
					action: 'responsible',
					setting: 'responsible_lead',
					item: item({ old_responsible_user_id: before.responsible_user_id }),
				});
			else
				this.pending.push({
					section,
					action: 'update',
					setting: `responsible_${one}`,
					item: item(extra),
				});
			this.recordEvent(
				'entity_responsible_changed',
				one,
				entity.id,
				[{ responsible_user: { id: before.responsible_user_id } }],
				[{ responsible_user: { id: entity.responsible_user_id } }],
				by,
			);
		}
		this.pending.push({ section, action: 'update', setting: `update_${one}`, item: item(extra) });
	}

	private noteAdded(note: Note) {
		const one = SINGULAR[note.entity_type];
		const section: HookSection = note.entity_type === 'leads' ? 'leads' : 'contacts';
		const params = note.params ?? {};
		const item: JsonObject = {
			note: {
				id: note.id,
				text: params.text ?? '',
				note_type: NOTE_TYPE_NUMBER[note.note_type] ?? 4,
				element_type: ELEMENT_TYPE[note.entity_type],
				element_id: note.entity_id,
				created_by: note.created_by,
				modified_by: note.updated_by,
				main_user_id: note.responsible_user_id,
				date_create: note.created_at,
				timestamp_x: note.updated_at,
				metadata: JSON.stringify(params),
				account_id: note.account_id,
				created_at: note.created_at,
				updated_at: note.updated_at,
			},
		};
		if (section === 'contacts') item.type = one;
		this.pending.push({ section, action: 'note', setting: `note_${one}`, item });
		this.recordEvent(
			NOTE_EVENT[note.note_type] ?? 'common_note_added',
			one,
			note.entity_id,
			[],
			[{ note: { id: note.id } }],
			note.created_by,
		);
	}

	private taskChanged(task: Task, before: Task | null) {
		const date = (t: number) => new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ');
		const item: JsonObject = {
			id: task.id,
			element_id: task.entity_id ?? 0,
			element_type: task.entity_type ? ELEMENT_TYPE[task.entity_type] : 0,
			task_type: task.task_type_id,
			date_create: date(task.created_at),
			last_modified: date(task.updated_at),
			complete_till: date(task.complete_till),
			complete_before: task.complete_till,
			text: task.text,
			status: task.is_completed ? 1 : 0,
			account_id: task.account_id,
			created_user_id: task.created_by,
			responsible_user_id: task.responsible_user_id,
			created_at: task.created_at,
			updated_at: task.updated_at,
		};
		if (before && before.text !== task.text) item.old_text = before.text;
		if (before && before.responsible_user_id !== task.responsible_user_id)
			item.old_responsible_user_id = before.responsible_user_id;
		if (task.is_completed && (task.result as { text?: string }).text)
			item.result = { text: (task.result as { text?: string }).text };
		this.pending.push({
			section: 'task',
			action: before ? 'update' : 'add',
			setting: before ? 'update_task' : 'add_task',
			item,
		});
		if (!before) this.recordEvent('task_added', 'task', task.id, [], [], task.created_by);
		else if (task.is_completed && !before.is_completed)
			this.recordEvent(
				'task_completed',
				'task',
				task.id,
				[{ task_completed: false }],
				[{ task_completed: true }],
				task.updated_by,
			);
	}

	private flushWebhooks() {
		const account = {
			subdomain: AMOCRM_SANDBOX.subdomain,
			id: AMOCRM_SANDBOX.accountId,
			_links: { self: `https://${AMOCRM_SANDBOX.subdomain}.amocrm.ru` },
		};
		this.dispatcher.dispatch(this.webhooks, this.pending, account);
		this.pending = [];
	}

	private subscribe(input: JsonObject): Subscription {
		const t = now();
		const existing = this.webhooks.find((w) => w.destination === input.destination);
		if (existing) {
			// Saving a subscription again replaces its events and switches it back on.
			Object.assign(existing, {
				settings: input.settings,
				disabled: Boolean(input.disabled ?? false),
				sort: input.sort ?? existing.sort,
				updated_at: t,
			});
			return existing;
		}
		const hook: Subscription = {
			id: this.nextId('webhooks'),
			destination: input.destination,
			settings: input.settings,
			disabled: Boolean(input.disabled ?? false),
			sort: input.sort ?? 1,
			created_at: t,
			updated_at: t,
			account_id: AMOCRM_SANDBOX.accountId,
			created_by: AMOCRM_SANDBOX.users.admin,
		};
		this.webhooks.push(hook);
		return hook;
	}

	private routeWebhooks(method: string, request: SandboxRequest): SandboxResponse | null {
		const body = request.body as JsonObject | undefined;
		const invalid = (path: string, detail: string) =>
			problem(400, 'Bad Request', 'Request validation failed', {
				'validation-errors': [
					{ request_id: '0', errors: [{ code: 'InvalidValue', path, detail }] },
				],
			});
		if (method === 'GET') {
			let hooks = this.webhooks;
			const destination = request.query.filter?.destination;
			if (destination !== undefined) hooks = hooks.filter((w) => w.destination === destination);
			if (!hooks.length) return noContent();
			return ok({ _total_items: hooks.length, _embedded: { webhooks: hooks } });
		}
		if (method === 'POST') {
			if (!body || typeof body !== 'object' || Array.isArray(body))
				return invalid('', 'This value should be of type object.');
			for (const key of Object.keys(body))
				if (!['destination', 'settings', 'sort'].includes(key))
					return invalid(key, 'This field was not expected.');
			if (typeof body.destination !== 'string' || !/^https?:\/\/[^\s]+$/.test(body.destination))
				return invalid('destination', 'This value is not a valid URL.');
			if (!Array.isArray(body.settings) || !body.settings.length)
				return invalid('settings', 'This value should not be blank.');
			const known = this.readings.messageHookCode
				? [...WEBHOOK_SETTINGS, 'add_message']
				: WEBHOOK_SETTINGS;
			const unknown = body.settings.find((code: unknown) => !known.includes(String(code)));
			if (unknown !== undefined) return invalid('settings', `Unknown event ${String(unknown)}.`);
			if (body.sort !== undefined && !isInt(body.sort))
				return invalid('sort', 'This value should be of type int.');
			if (
				!this.webhooks.some((w) => w.destination === body.destination) &&
				this.webhooks.length >= 100
			)
				return invalid('destination', 'At most 100 webhooks per account.');
			return ok(this.subscribe(body));
		}
		if (method === 'DELETE') {
			if (typeof body?.destination !== 'string')
				return invalid('destination', 'This value should not be blank.');
			const index = this.webhooks.findIndex((w) => w.destination === body.destination);
			if (index < 0) return problem(404, 'Not Found', 'Webhook not found');
			this.webhooks.splice(index, 1);
			return noContent();
		}
		return null;
	}

	private listEvents(q: JsonObject, base: string): SandboxResponse {
		const f = (q.filter ?? {}) as JsonObject;
		if (q.limit !== undefined && Number(q.limit) > 100)
			return problem(400, 'Bad Request', 'limit must not exceed 100');
		let events = [...this.events];
		const list = (value: unknown) =>
			listOf(value)
				.flatMap((v) => v.split(','))
				.map((v) => v.trim())
				.filter(Boolean);
		if (f.id !== undefined) events = events.filter((e) => list(f.id).includes(e.id));
		if (f.type !== undefined) events = events.filter((e) => list(f.type).includes(e.type));
		if (f.entity !== undefined)
			events = events.filter((e) => list(f.entity).includes(e.entity_type));
		if (f.entity_id !== undefined) {
			if (list(f.entity).length !== 1)
				return problem(400, 'Bad Request', 'filter[entity_id] needs exactly one filter[entity]');
			const ids = list(f.entity_id).map(Number);
			if (ids.length > 10)
				return problem(400, 'Bad Request', 'filter[entity_id] takes at most 10 ids');
			events = events.filter((e) => ids.includes(e.entity_id));
		}
		if (f.created_by !== undefined) {
			const ids = list(f.created_by).map(Number);
			events = events.filter((e) => ids.includes(e.created_by));
		}
		if (f.created_at !== undefined)
			events = events.filter((e) =>
				typeof f.created_at === 'object'
					? this.inRange(e.created_at, f.created_at)
					: e.created_at >= Number(f.created_at),
			);
		events.sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1));
		const present = (e: JsonObject) => ({
			...e,
			_links: { self: { href: `${base}/api/v4/events/${e.id}` } },
			_embedded: { entity: { id: e.entity_id } },
		});
		return this.page(q, base, 'events', events.map(present));
	}

	// ---------------------------------------------------------------- calls

	/** Owner of a number: the contact (or else company) whose phone ends in the same 10 digits, oldest first. */
	private phoneOwner(phone: string): { type: EntityType; entity: Entity } | null {
		const digits = phone.replace(/\D/g, '').slice(-10);
		if (digits.length < 10) return null;
		for (const type of ['contacts', 'companies'] as const) {
			const owners = [...this.store(type).values()]
				.filter((e) => !e.is_deleted)
				.filter((e) =>
					(e.custom_fields_values ?? []).some(
						(f) =>
							f.field_code === 'PHONE' &&
							f.values.some((v) => String(v.value).replace(/\D/g, '').slice(-10) === digits),
					),
				)
				.sort((a, b) => a.id - b.id);
			if (owners.length) return { type, entity: owners[0] };
		}
		return null;
	}

	private addCalls(body: unknown, base: string): SandboxResponse {
		const items = this.requireArray(body);
		const allowed = [
			'direction',
			'uniq',
			'duration',
			'source',
			'link',
			'phone',
			'call_result',
			'call_status',
			'call_responsible',
			'responsible_user_id',
			'created_by',
			'updated_by',
			'created_at',
			'updated_at',
			'request_id',
		];
		const plans = this.prepareBatch(items, (item, errors) => {
			errors.push(...unexpectedFields(item, allowed));
			if (item.direction !== 'inbound' && item.direction !== 'outbound')
				errors.push({
					code: 'NotSupportedChoice',
					path: 'direction',
					detail: 'The value you selected is not a valid choice.',
				});
			if (!isInt(item.duration) || item.duration < 0)
				errors.push({
					code: 'InvalidType',
					path: 'duration',
					detail: 'This value should be of type int.',
				});
			for (const key of ['source', 'phone'])
				if (typeof item[key] !== 'string' || !item[key].trim())
					errors.push({ code: 'NotBlank', path: key, detail: 'This value should not be blank.' });
			if (
				item.call_status !== undefined &&
				!(isInt(item.call_status) && item.call_status >= 1 && item.call_status <= 8)
			)
				errors.push({
					code: 'NotSupportedChoice',
					path: 'call_status',
					detail: 'The value you selected is not a valid choice.',
				});
			if (
				item.link !== undefined &&
				!(typeof item.link === 'string' && /^https?:\/\/\S+$/.test(item.link))
			)
				errors.push({ code: 'InvalidUrl', path: 'link', detail: 'This value is not a valid URL.' });
			if (item.responsible_user_id !== undefined && !this.userExists(item.responsible_user_id))
				errors.push({
					code: 'NotSupportedChoice',
					path: 'responsible_user_id',
					detail: 'The value you selected is not a valid choice.',
				});
			for (const key of ['created_at', 'updated_at'])
				if (item[key] !== undefined && !isTimestamp(item[key]))
					errors.push({
						code: 'InvalidType',
						path: key,
						detail: 'This value should be of type int.',
					});
			return () => {
				const owner = this.phoneOwner(String(item.phone));
				if (!owner) return null;
				const open = this.linksOf(owner.type, owner.entity.id)
					.filter((l) => l.to_entity_type === 'leads')
					.map((l) => this.leads.get(l.to_entity_id))
					.filter((lead): lead is Entity =>
						Boolean(lead && !lead.is_deleted && lead.status_id !== WON && lead.status_id !== LOST),
					);
				const [targetType, target] =
					open.length === 1 ? (['leads', open[0]] as const) : ([owner.type, owner.entity] as const);
				const t = now();
				const params: Record<string, unknown> = {
					uniq: item.uniq ?? '',
					duration: item.duration,
					source: item.source,
					phone: item.phone,
				};
				for (const key of ['link', 'call_result', 'call_status', 'call_responsible'])
					if (item[key] !== undefined) params[key] = item[key];
				const note: Note = {
					...this.blankNote(),
					id: this.nextId('notes'),
					entity_id: target.id,
					entity_type: targetType,
					note_type: item.direction === 'inbound' ? 'call_in' : 'call_out',
					params,
					created_by: (item.created_by as number) ?? 0,
					created_at: (item.created_at as number) ?? t,
					updated_at: (item.updated_at as number) ?? t,
					responsible_user_id: (item.responsible_user_id as number) ?? target.responsible_user_id,
				};
				this.notes.set(note.id, note);
				this.noteAdded(note);
				this.calls.push({
					...item,
					added: true,
					note_id: note.id,
					entity_type: targetType,
					entity_id: target.id,
				});
				return {
					id: note.id,
					entity_id: target.id,
					entity_type: SINGULAR[targetType],
					account_id: AMOCRM_SANDBOX.accountId,
					request_id: String(item.request_id ?? '0'),
					_embedded: {
						entity: {
							id: target.id,
							_links: { self: { href: `${base}/api/v4/${targetType}/${target.id}` } },
						},
					},
				};
			};
		});
		// A number nobody has: amoCRM answers 400 `Entity not found` (amocrm-api-php issue #52). Whether
		// the known numbers of the same batch are filed then is unconfirmed: none are, unless `partialSave`.
		const unknown = items.filter((item) => !this.phoneOwner(String(item.phone)));
		if (unknown.length) {
			const filed = this.readings.partialSave
				? plans.filter((_, i) => !unknown.includes(items[i])).map((run) => run())
				: [];
			this.calls.push(...unknown.map((item) => ({ ...item, added: false })));
			return {
				status: 400,
				contentType: 'application/hal+json',
				body: {
					_total_items: filed.length,
					errors: unknown.map(() => ({
						title: 'Entity not found',
						status: 400,
						detail: 'Entity not found',
					})),
				},
			};
		}
		const added = plans.map((run) => run());
		return ok({ _total_items: added.length, errors: [], _embedded: { calls: added } });
	}

	// ---------------------------------------------------------------- unsorted (incoming leads)

	private presentUnsorted(u: JsonObject, base: string) {
		const { status: _s, proposal: _p, ...rest } = u;
		return { ...rest, _links: { self: { href: `${base}/api/v4/leads/unsorted/${u.uid}` } } };
	}

	private routeUnsorted(
		method: string,
		rest: string[],
		request: SandboxRequest,
		base: string,
	): SandboxResponse | null {
		const q = request.query;
		if (rest.length === 0 && method === 'GET') {
			const f = (q.filter ?? {}) as JsonObject;
			let items = this.unsorted.filter((u) => u.status === 'pending');
			if (f.uid !== undefined) items = items.filter((u) => listOf(f.uid).includes(u.uid));
			if (f.category !== undefined)
				items = items.filter((u) => listOf(f.category).includes(u.category));
			if (f.pipeline_id !== undefined)
				items = items.filter((u) => u.pipeline_id === Number(f.pipeline_id));
			const [orderKey, direction] = Object.entries((q.order ?? {}) as JsonObject)[0] ?? [
				'created_at',
				'asc',
			];
			if (!['created_at', 'updated_at'].includes(orderKey))
				return problem(400, 'Bad Request', `Unsupported order field ${orderKey}`);
			items = [...items].sort(
				(a, b) => (String(direction) === 'desc' ? -1 : 1) * (a[orderKey] - b[orderKey]),
			);
			return this.page(
				q,
				base,
				'unsorted',
				items.map((u) => this.presentUnsorted(u, base)),
			);
		}
		if (rest.length === 1 && rest[0] === 'summary' && method === 'GET') {
			const count = (status: string) => this.unsorted.filter((u) => u.status === status).length;
			const categories = Object.fromEntries(
				['forms', 'sip', 'chats', 'mail'].map((c) => [
					c,
					this.unsorted.filter((u) => u.category === c && u.status === 'pending').length,
				]),
			);
			return ok({
				total: this.unsorted.length,
				accepted: count('accepted'),
				declined: count('declined'),
				average_sort_time: 0,
				categories,
			});
		}
		if (rest.length === 1 && (rest[0] === 'forms' || rest[0] === 'sip') && method === 'POST')
			return this.addUnsorted(rest[0], request.body, base);
		const item = this.unsorted.find((u) => u.uid === rest[0]);
		if (rest.length === 1 && method === 'GET')
			return item && item.status === 'pending' ? ok(this.presentUnsorted(item, base)) : noContent();
		if (rest.length !== 2) return null;
		if (!item) return problem(404, 'Not Found', 'Unsorted not found');
		const body = (request.body ?? {}) as JsonObject;
		if (item.status !== 'pending')
			return problem(400, 'Bad Request', `Unsorted ${item.uid} was already ${item.status}`);
		if (body.user_id !== undefined && !this.userExists(body.user_id))
			return problem(400, 'Bad Request', 'Request validation failed', {
				'validation-errors': [
					{
						request_id: '0',
						errors: [
							{
								code: 'NotSupportedChoice',
								path: 'user_id',
								detail: 'The value you selected is not a valid choice.',
							},
						],
					},
				],
			});
		if (rest[1] === 'accept' && method === 'POST') return this.acceptUnsorted(item, body, base);
		if (rest[1] === 'decline' && method === 'DELETE') {
			item.status = 'declined';
			item.updated_at = now();
			this.pending.push({
				section: 'unsorted',
				action: 'delete',
				setting: 'delete_unsorted',
				item: {
					uid: item.uid,
					category: item.category,
					action: 'decline',
					decline_result: { user_id: body.user_id ?? 0 },
				},
			});
			return ok({
				uid: item.uid,
				account_id: AMOCRM_SANDBOX.accountId,
				_embedded: { ...item._embedded },
			});
		}
		if (rest[1] === 'link' && method === 'POST') {
			if (item.category !== 'chats')
				return problem(400, 'Bad Request', 'Only chats can be linked to an existing lead');
			const link = body.link as JsonObject | undefined;
			const lead = this.leads.get(Number(link?.entity_id));
			if (!lead || link?.entity_type !== 'leads')
				return problem(400, 'Bad Request', 'Entity not found');
			item.status = 'accepted';
			return ok({
				uid: item.uid,
				account_id: AMOCRM_SANDBOX.accountId,
				_embedded: { leads: [{ id: lead.id }] },
			});
		}
		return null;
	}

	private addUnsorted(category: 'forms' | 'sip', body: unknown, base: string): SandboxResponse {
		const items = this.requireArray(body);
		const required =
			category === 'forms'
				? ['form_id', 'form_name', 'form_page', 'form_sent_at']
				: ['phone', 'called_at', 'duration', 'uniq', 'service_code'];
		const optional =
			category === 'forms'
				? ['ip', 'referer', 'visitor_uid']
				: ['link', 'from', 'call_responsible', 'is_call_event_needed'];
		const plans = this.prepareBatch(items, (item, errors) => {
			for (const key of Object.keys(item))
				if (
					![
						'source_uid',
						'source_name',
						'pipeline_id',
						'created_at',
						'metadata',
						'_embedded',
						'request_id',
					].includes(key)
				)
					errors.push(notExpected(key));
			for (const key of ['source_uid', 'source_name'])
				if (typeof item[key] !== 'string' || !item[key].trim())
					errors.push({ code: 'NotBlank', path: key, detail: 'This value should not be blank.' });
			if (item.pipeline_id !== undefined && !this.pipelines.some((p) => p.id === item.pipeline_id))
				errors.push({
					code: 'NotSupportedChoice',
					path: 'pipeline_id',
					detail: 'The value you selected is not a valid choice.',
				});
			const metadata = (item.metadata ?? {}) as JsonObject;
			for (const key of required)
				if (metadata[key] === undefined || metadata[key] === '')
					errors.push({
						code: 'NotBlank',
						path: `metadata.${key}`,
						detail: 'This value should not be blank.',
					});
			errors.push(...unexpectedFields(metadata, [...required, ...optional], 'metadata.'));
			for (const key of ['form_sent_at', 'called_at', 'duration'])
				if (metadata[key] !== undefined && !isTimestamp(metadata[key]))
					errors.push({
						code: 'InvalidType',
						path: `metadata.${key}`,
						detail: 'This value should be of type int.',
					});
			// The same data cannot be added twice (reference §5.8).
			if (
				this.unsorted.some(
					(u) =>
						u.source_uid === item.source_uid &&
						u.category === category &&
						JSON.stringify(u.metadata) === JSON.stringify(metadata),
				)
			) {
				errors.push({
					code: 'Duplicate',
					path: 'source_uid',
					detail: 'This unsorted lead already exists.',
				});
			}
			const embedded = (item._embedded ?? {}) as JsonObject;
			const proposal: JsonObject = {};
			for (const key of ['leads', 'contacts', 'companies'] as EntityType[]) {
				const list = embedded[key] ?? [];
				if (!Array.isArray(list) || list.length > 1) {
					errors.push({
						code: 'InvalidCount',
						path: `_embedded.${key}`,
						detail: 'At most one per unsorted lead.',
					});
					continue;
				}
				if (list[0]) {
					const nested: ValidationError[] = [];
					this.buildEntity(key, list[0], nested);
					errors.push(...nested.map((e) => ({ ...e, path: `_embedded.${key}.0.${e.path}` })));
					proposal[key] = list[0];
				}
			}
			return () => {
				const t = now();
				const uid = `${this.nextId('unsorted').toString(16).padStart(8, '0')}-sandbox-${category}`;
				const unsorted: JsonObject = {
					uid,
					source_uid: item.source_uid,
					source_name: item.source_name,
					category,
					pipeline_id:
						(item.pipeline_id as number) ??
						(this.pipelines.find((p) => p.is_main) ?? this.pipelines[0]).id,
					created_at: (item.created_at as number) ?? t,
					updated_at: t,
					metadata,
					account_id: AMOCRM_SANDBOX.accountId,
					// Contacts and the lead of an unsorted item stay out of the lists until it is accepted.
					_embedded: {
						leads: proposal.leads ? [{ name: proposal.leads.name ?? '' }] : [],
						contacts: proposal.contacts ? [{ name: proposal.contacts.name ?? '' }] : [],
						companies: proposal.companies ? [{ name: proposal.companies.name ?? '' }] : [],
					},
					status: 'pending',
					proposal,
				};
				this.unsorted.push(unsorted);
				this.pending.push({
					section: 'unsorted',
					action: 'add',
					setting: 'add_unsorted',
					item: {
						uid,
						source_uid: item.source_uid,
						category,
						pipeline_id: unsorted.pipeline_id,
						created_at: unsorted.created_at,
						account_id: AMOCRM_SANDBOX.accountId,
					},
				});
				return {
					uid,
					account_id: AMOCRM_SANDBOX.accountId,
					request_id: String(item.request_id ?? '0'),
					_links: { self: { href: `${base}/api/v4/leads/unsorted/${uid}` } },
				};
			};
		});
		const created = plans.map((run) => run());
		return ok({
			_total_items: created.length,
			_page: 1,
			_links: { self: { href: `${base}/api/v4/leads/unsorted/${category}` } },
			_embedded: { unsorted: created },
		});
	}

	private acceptUnsorted(item: JsonObject, body: JsonObject, base: string): SandboxResponse {
		const proposal = item.proposal as JsonObject;
		const pipeline = this.pipelines.find((p) => p.id === item.pipeline_id)!;
		if (body.status_id !== undefined && !pipeline.statuses.some((s) => s.id === body.status_id)) {
			return problem(400, 'Bad Request', 'Request validation failed', {
				'validation-errors': [
					{
						request_id: '0',
						errors: [
							{
								code: 'NotSupportedChoice',
								path: 'status_id',
								detail: 'The status does not belong to the pipeline.',
							},
						],
					},
				],
			});
		}
		const errors: ValidationError[] = [];
		const create = (type: EntityType, fields: JsonObject | undefined, extra: JsonObject = {}) =>
			fields ? this.buildEntity(type, { ...fields, ...extra }, errors) : null;
		const responsible = body.user_id !== undefined ? { responsible_user_id: body.user_id } : {};
		const contact = create('contacts', proposal.contacts, responsible);
		const company = create('companies', proposal.companies, responsible);
		const lead = create(
			'leads',
			proposal.leads ?? { name: `Сделка из неразобранного ${item.uid}` },
			{
				pipeline_id: item.pipeline_id,
				...(body.status_id !== undefined ? { status_id: body.status_id } : {}),
				...responsible,
			},
		);
		if (errors.length)
			return problem(400, 'Bad Request', 'Request validation failed', {
				'validation-errors': [{ request_id: '0', errors }],
			});
		const contactEntity = contact?.();
		const companyEntity = company?.();
		const leadEntity = lead!();
		if (contactEntity)
			this.addLink('leads', leadEntity.id, 'contacts', contactEntity.id, { main_contact: true });
		if (companyEntity) this.addLink('leads', leadEntity.id, 'companies', companyEntity.id, null);
		if (contactEntity && companyEntity)
			this.addLink('contacts', contactEntity.id, 'companies', companyEntity.id, null);
		item.status = 'accepted';
		item.updated_at = now();
		const ref = (type: EntityType, e?: Entity) =>
			e ? [{ id: e.id, _links: { self: { href: `${base}/api/v4/${type}/${e.id}` } } }] : [];
		const embedded = {
			leads: ref('leads', leadEntity),
			contacts: ref('contacts', contactEntity),
			companies: ref('companies', companyEntity),
		};
		item._embedded = embedded;
		this.pending.push({
			section: 'unsorted',
			action: 'delete',
			setting: 'delete_unsorted',
			item: {
				uid: item.uid,
				category: item.category,
				action: 'accept',
				accept_result: { leads: [leadEntity.id] },
			},
		});
		return ok({
			uid: item.uid,
			account_id: AMOCRM_SANDBOX.accountId,
			_embedded: embedded,
			_links: { self: { href: `${base}/api/v4/leads/unsorted/${item.uid}` } },
		});
	}

	// ---------------------------------------------------------------- OAuth2

	private tokenError(status: number, hint: string): SandboxResponse {
		return problem(
			status,
			'Некорректный запрос',
			'В запросе отсутствует ряд параметров или параметры невалидны',
			{ hint, type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson' },
		);
	}

	private issueTokens(): SandboxResponse {
		const n = this.nextId('tokens');
		const access = `sandbox-oauth-access-token-${n}-${Math.random().toString(36).slice(2, 8)}`;
		const refresh = `sandbox-oauth-refresh-token-${n}-${Math.random().toString(36).slice(2, 8)}`;
		this.accessTokens.set(access, Date.now() + this.accessTokenTtl * 1000);
		this.refreshTokens.add(refresh);
		return {
			status: 200,
			contentType: 'application/json',
			body: {
				token_type: 'Bearer',
				expires_in: this.accessTokenTtl,
				server_time: now(),
				access_token: access,
				refresh_token: refresh,
			},
		};
	}

	private tokenEndpoint(request: SandboxRequest): SandboxResponse {
		const body = (request.body ?? {}) as JsonObject;
		let clientId = body.client_id;
		let clientSecret = body.client_secret;
		const basic = /^Basic\s+(.+)$/i.exec(String(request.headers.authorization ?? ''));
		if (basic) {
			const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
			clientId = clientId ?? decodeURIComponent(id);
			clientSecret = clientSecret ?? decodeURIComponent(secret ?? '');
		}
		if (
			clientId !== AMOCRM_SANDBOX.oauth.clientId ||
			clientSecret !== AMOCRM_SANDBOX.oauth.clientSecret
		)
			return this.tokenError(401, 'Client authentication failed');
		// The integration's Redirect URI, exactly (trailing slash included): amocrm-api-php issue #114.
		if (body.redirect_uri !== undefined && body.redirect_uri !== this.redirectUri)
			return this.tokenError(400, 'Redirect URI mismatch');
		if (body.grant_type === 'authorization_code' && body.redirect_uri === undefined)
			return this.tokenError(400, 'Redirect URI is required');
		if (body.grant_type === 'refresh_token') {
			const token = String(body.refresh_token ?? '');
			if (!this.refreshTokens.has(token)) return this.tokenError(401, 'Token has been revoked');
			this.refreshTokens.delete(token);
			return this.issueTokens();
		}
		if (body.grant_type === 'authorization_code') {
			const code = String(body.code ?? '');
			if (!this.authorizationCodes.has(code))
				return this.tokenError(400, 'Authorization code has expired');
			this.authorizationCodes.delete(code);
			return this.issueTokens();
		}
		return this.tokenError(400, 'Unsupported grant type');
	}

	private authorize(request: SandboxRequest): SandboxResponse {
		const q = request.query;
		if (q.client_id !== AMOCRM_SANDBOX.oauth.clientId)
			return { status: 400, contentType: 'text/plain', body: 'unknown client_id' };
		// The consent page sends the browser to the Redirect URI of the integration, whatever the link says.
		const redirect = this.redirectUri;
		const code = `sandbox-code-${this.nextId('tokens')}`;
		this.authorizationCodes.add(code);
		const target = new URL(redirect);
		target.searchParams.set('code', code);
		if (q.state !== undefined) target.searchParams.set('state', String(q.state));
		target.searchParams.set('referer', `${AMOCRM_SANDBOX.subdomain}.amocrm.ru`);
		target.searchParams.set('client_id', String(q.client_id));
		return { status: 302, headers: { location: target.toString() } };
	}
}

export async function startAmoCrmSandbox(port = Number(process.env.AMOCRM_SANDBOX_PORT ?? 4010)) {
	const definition = new AmoCrmSandbox();
	const running = await startSandbox(definition, port);
	return Object.assign(running, { sandbox: definition });
}
