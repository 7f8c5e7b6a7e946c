// A stateful loopback imitation of the Envybox CRM Open API v1, built to
// ../../../../shared/reference/envybox-api.part1.md and part2.md. The document is an OCR'd copy;
// where it is unclear this takes the stricter reading and says so next to the code:
//  - every answer carries `status_code` and `message`; anything but "success" is an error. Errors come
//    with an HTTP status of 400 or more (`httpErrors`, the default): public code calling the real API
//    saw HTTP 400 on a repeated stage move and detects errors by status (dzham/envycrm_apiv1). The
//    status is the envelope's `status_code` when that is 400 or more (the document prints 500 for
//    errors), so an error may look like a server failure; `httpErrors: false` answers HTTP 200;
//  - a wrong or missing `api_key` answers `{status_code: 5, message: "Неправильный ключ api"}`;
//  - POST parameters must be wrapped in `{"request": {...}}`, paths end with a slash;
//  - ids come back as strings from the older methods and as numbers from the newer ones, as printed;
//  - times are Moscow time (UTC+3), as the document's examples and a lead's default time zone show;
//  - `lead/set` goes through a queue: the lead appears `leadQueueMs` later (3 s by default; a bot
//    calling the real API saw deals appear 2–5 s after their lead);
//  - a page holds at most 50 records, whatever `limit` asks ("50 is the maximum" in public code).
import {
	type ApiContext,
	type JsonObject,
	type SandboxDefinition,
	type SandboxRequest,
	type SandboxResponse,
	listOf,
	startSandbox,
} from '../common';
import { encodeForm } from '../amocrm/webhooks';
import {
	DEAL_SERVICE_FIELDS,
	defaultDealPipelines,
	defaultFields,
	defaultLeadPipelines,
	ENVYBOX_SANDBOX,
	type Field,
	LEAD_SERVICE_FIELDS,
	type Pipeline,
} from './state';

const S = ENVYBOX_SANDBOX;
const WON = 2003;
const LOST = 2004;

class EnvyboxFailure extends Error {
	constructor(
		message: string,
		readonly statusCode = 500,
	) {
		super(message);
	}
}

const fail = (message: string, statusCode = 500): never => {
	throw new EnvyboxFailure(message, statusCode);
};
const MOSCOW_MS = 3 * 60 * 60 * 1000;
const stamp = (ms = Date.now()) =>
	new Date(ms + MOSCOW_MS).toISOString().slice(0, 19).replace('T', ' ');
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const digits = (phone: unknown) =>
	String(phone ?? '')
		.replace(/\D/g, '')
		.slice(-10);
const sameContact = (
	a: { phone?: unknown; email?: unknown },
	b: { phone?: unknown; email?: unknown },
) =>
	(digits(a.phone).length === 10 && digits(a.phone) === digits(b.phone)) ||
	(Boolean(a.email) &&
		String(a.email).trim().toLowerCase() ===
			String(b.email ?? '')
				.trim()
				.toLowerCase());
const isInt = (v: unknown) =>
	v !== '' && v !== null && v !== undefined && Number.isInteger(Number(v));
const num = (v: unknown) => (isInt(v) ? Number(v) : null);

interface Lead {
	id: number;
	parent_id: number;
	stage_id: number;
	user_id: number;
	employee_id: number;
	old_employee_id: number | null;
	department_id: number;
	pipeline_id: number;
	deal_pipeline_id: number;
	deal_stage_id: number;
	inbox_type_id: number;
	created_at: number;
	updated_at: number;
	stage_updated_at: number;
	closed_at: number | null;
	values: Record<string, string>;
	custom: Record<number, string>;
	tags: string[];
	contact_data: JsonObject[];
	region: string | null;
	timezone: string;
	record_link: string | null;
	visit_id: string | null;
	deals: number[];
}

interface Deal {
	id: number;
	pipeline_id: number;
	client_id: number;
	stage_id: number;
	user_id: number;
	employee_id: number;
	old_employee_id: number | null;
	department_id: number;
	inbox_type_id: number;
	created_at: number;
	updated_at: number;
	stage_updated_at: number | null;
	closed_at: number | null;
	name: string;
	custom: Record<number, string>;
	connected_lead_id: number[];
	parent_deal_id: number | null;
	in_inbox: boolean;
	tags: string[];
	/** Every stage the deal entered and when: what `date_type: stage_transition` filters on (reference part 1, §18). */
	transitions: Array<{ stage_id: number; at: number }>;
}

interface Client {
	id: number;
	name: string;
	phone: string | null;
	email: string | null;
	created_at: number;
	updated_at: number;
	custom: Record<number, string>;
	service: Record<string, string>;
	contacts: Contact[];
	companies: JsonObject[];
}

/** A contact entry of a client (reference part 2, S4): phones are type 1, emails type 4, as observed. */
interface Contact {
	id: number;
	type_id: number;
	group_id: number;
	value: string;
	addon: string;
	primary: number;
	element_note: string;
	birthday: string | null;
	created_at: number;
}

// Type ids beyond the two the document shows (1 phone, 4 email) are this sandbox's own numbering.
const CONTACT_TYPE_IDS: Record<string, number> = {
	phone: 1,
	work_phone: 2,
	home_phone: 3,
	email: 4,
	viber: 5,
	instagram: 6,
	whatsapp: 7,
	telegram: 8,
	vkontakte: 9,
	facebook: 10,
	skype: 11,
	note: 12,
	position: 13,
};
const CLIENT_SERVICE_FIELDS: Record<string, { input_id: number; name: string }> = {
	name: { input_id: 1001, name: 'Имя' },
	ip_place_id: { input_id: 1010, name: 'Регион клиента' },
	timezone: { input_id: 1011, name: 'Часовой пояс' },
};

interface Task {
	id: number;
	element_id: number;
	time: number;
	user_id: number;
	from_employee_id: number;
	to_employee_id: number;
	to_department_id: number;
	comment: string;
	success: number;
	created_at: number;
	updated_at: number;
}

interface Log {
	id: number;
	crm_element_id: number;
	element_id: number;
	type_id: number;
	data: JsonObject;
	user_id: number;
	employee_id: number;
	level: number;
	created_at: number;
}

/** The readings of DESIGN §5 this sandbox plays, with their defaults. */
export const ENVYBOX_READINGS = { httpErrors: true, leadQueueMs: 3000, wrapMainData: false };
type EnvyboxReadings = typeof ENVYBOX_READINGS;

/** A `lead/set` waiting in Envybox's queue: checked when it was sent, stored when it is due. */
interface QueuedLead {
	due: number;
	createdAt: number;
	request: JsonObject;
}

/** A webhook the sandbox posted, as the receiver answered it (0: no answer). */
interface Delivery {
	event: string;
	body: string;
	status: number;
}

export class EnvyboxSandbox implements SandboxDefinition {
	name = 'envybox';
	/**
	 * The address set in the CRM's settings for notifications. Public code receiving them (a Flask
	 * receiver of EnvyCRM's hooks) reads a form with `event` = `create_lead` / `create_deal`,
	 * `lead[values][main][inputs][name][value]`, `…[phone][value]` and `deal[client_id]`: one record
	 * per request, no signature seen. The other keys (`lead[id]`, the other inputs, the deal's IDs)
	 * follow the same pattern and are assumed. A failed delivery is not sent again (nothing says it is).
	 */
	webhookUrl: string | null = null;
	deliveries: Delivery[] = [];
	private inflight = new Set<Promise<void>>();
	defaultFaults: JsonObject = { ...ENVYBOX_READINGS };
	private readings: EnvyboxReadings = { ...ENVYBOX_READINGS };
	private ids = new Map<string, number>();
	leads = new Map<number, Lead>();
	deals = new Map<number, Deal>();
	clients = new Map<number, Client>();
	logs: Log[] = [];
	tasks: Task[] = [];
	leadPipelines: Pipeline[] = [];
	dealPipelines: Pipeline[] = [];
	fields = defaultFields();
	/** Requests queued by `lead/set` ("through a queue"): stored when due, with no id in the answer. */
	queue: QueuedLead[] = [];
	queued = 0;

	reset() {
		this.ids = new Map([
			['leads', 1643000],
			['deals', 326000],
			['clients', 549000],
			['logs', 900000],
			['tasks', 186000],
		]);
		this.leads.clear();
		this.deals.clear();
		this.clients.clear();
		this.logs = [];
		this.tasks = [];
		this.leadPipelines = defaultLeadPipelines();
		this.dealPipelines = defaultDealPipelines();
		this.fields = defaultFields();
		this.queue = [];
		this.queued = 0;
		this.webhookUrl = null;
		this.deliveries = [];
	}

	async control(request: SandboxRequest): Promise<SandboxResponse | undefined> {
		if (request.method === 'POST' && request.path === '/__sandbox/webhooks') {
			const url = ((request.body ?? {}) as JsonObject).url;
			this.webhookUrl = typeof url === 'string' && url ? url : null;
			return { status: 200, body: { url: this.webhookUrl } };
		}
		if (request.method === 'POST' && request.path === '/__sandbox/deliveries') {
			this.drainQueue();
			await Promise.all([...this.inflight]);
			return { status: 200, body: this.deliveries };
		}
		return undefined;
	}

	/** Posts one record to the notification address, form-encoded. */
	private notify(event: 'create_lead' | 'create_deal', record: JsonObject) {
		if (!this.webhookUrl) return;
		const body = encodeForm({ event, [event === 'create_lead' ? 'lead' : 'deal']: record });
		const delivery: Delivery = { event, body, status: 0 };
		this.deliveries.push(delivery);
		const sending = fetch(this.webhookUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body,
			signal: AbortSignal.timeout(10_000),
		})
			.then(async (response) => {
				delivery.status = response.status;
				await response.arrayBuffer();
			})
			.catch(() => undefined)
			.finally(() => this.inflight.delete(sending));
		this.inflight.add(sending);
	}

	private notifyLead(lead: Lead) {
		const inputs = Object.fromEntries(
			Object.entries(lead.values).map(([key, value]) => [
				key,
				{ name: LEAD_SERVICE_FIELDS[key]?.name ?? key, value },
			]),
		);
		this.notify('create_lead', {
			id: lead.id,
			parent_id: lead.parent_id,
			pipeline_id: lead.pipeline_id,
			stage_id: lead.stage_id,
			inbox_type_id: lead.inbox_type_id,
			created_at: stamp(lead.created_at),
			values: { main: { inputs } },
		});
	}

	private notifyDeal(deal: Deal) {
		this.notify('create_deal', {
			id: deal.id,
			client_id: deal.client_id,
			pipeline_id: deal.pipeline_id,
			stage_id: deal.stage_id,
			name: deal.name,
			created_at: stamp(deal.created_at),
		});
	}

	/** Stores the queued leads that are due, in the order they were sent. */
	private drainQueue(now = Date.now()) {
		while (this.queue.length && this.queue[0].due <= now) {
			const { request, createdAt } = this.queue.shift()!;
			this.storeLead(request, createdAt);
		}
	}

	private nextId(kind: string) {
		const id = (this.ids.get(kind) ?? 0) + 1;
		this.ids.set(kind, id);
		return id;
	}

	dump(): JsonObject {
		this.drainQueue();
		return {
			leads: [...this.leads.values()],
			deals: [...this.deals.values()],
			clients: [...this.clients.values()],
			logs: this.logs,
			tasks: this.tasks,
			leadPipelines: this.leadPipelines,
			dealPipelines: this.dealPipelines,
			fields: this.fields,
		};
	}

	seed(body: JsonObject) {
		const now = Date.now();
		for (const raw of (body.clients ?? []) as JsonObject[]) {
			const id = raw.id ?? this.nextId('clients');
			this.ids.set('clients', Math.max(this.ids.get('clients') ?? 0, id));
			const client = this.newClient(
				id,
				String(raw.name ?? ''),
				raw.phone ?? null,
				raw.email ?? null,
				now,
			);
			this.clients.set(id, { ...client, ...raw, contacts: client.contacts, id } as Client);
		}
		for (const raw of (body.leads ?? []) as JsonObject[]) {
			const id = raw.id ?? this.nextId('leads');
			this.ids.set('leads', Math.max(this.ids.get('leads') ?? 0, id));
			this.leads.set(id, { ...this.blankLead(now), ...raw, id } as Lead);
		}
		for (const raw of (body.deals ?? []) as JsonObject[]) {
			const id = raw.id ?? this.nextId('deals');
			this.ids.set('deals', Math.max(this.ids.get('deals') ?? 0, id));
			const pipeline = this.dealPipelines.find(
				(p) => p.id === (raw.pipeline_id ?? S.deal.pipelineId),
			)!;
			const deal = { ...this.blankDeal(now, pipeline), ...raw, id } as Deal;
			if (!raw.transitions)
				deal.transitions = [
					{ stage_id: deal.stage_id, at: deal.stage_updated_at ?? deal.created_at },
				];
			this.deals.set(id, deal);
		}
		for (const raw of (body.tasks ?? []) as JsonObject[]) {
			const id = raw.id ?? this.nextId('tasks');
			this.tasks.push({
				user_id: S.adminUserId,
				from_employee_id: 0,
				to_employee_id: 0,
				to_department_id: 0,
				comment: '',
				success: 0,
				time: now + 3600_000,
				created_at: now,
				updated_at: now,
				element_id: 0,
				...raw,
				id,
			} as Task);
		}
		if (body.dealPipelines) this.dealPipelines = body.dealPipelines as Pipeline[];
	}

	rateKey(): string | null {
		// The document states no request limit.
		return null;
	}

	faultResponse(kind: 429 | 403 | 500 | 502 | 503): SandboxResponse {
		if (kind === 429)
			return { status: 429, body: { status_code: 429, message: 'Too Many Requests' } };
		if (kind === 403)
			return { status: 403, body: { status_code: 403, message: 'Доступ запрещён' } };
		return {
			status: kind,
			contentType: 'text/html',
			body: `<html><body><h1>${kind}</h1></body></html>`,
		};
	}

	handle({ request, faults }: ApiContext): SandboxResponse | null {
		if (!request.path.startsWith('/openapi/v1/')) return null;
		this.readings = Object.fromEntries(
			Object.entries(ENVYBOX_READINGS).map(([key, value]) => [key, faults[key] ?? value]),
		) as EnvyboxReadings;
		this.drainQueue();
		if (!request.path.endsWith('/'))
			return { status: 404, contentType: 'text/html', body: '<h1>404 Not Found</h1>' };
		if (request.query.api_key !== S.apiKey)
			return this.answer({ status_code: 5, message: 'Неправильный ключ api' });
		const route = `${request.method} ${request.path.slice('/openapi/v1/'.length, -1)}`;
		try {
			const params = request.method === 'POST' ? this.params(request) : request.query;
			const result = this.route(route, params);
			if (result === null) return null;
			return this.answer({ ...result, status_code: result.status_code ?? 200, message: 'success' });
		} catch (error) {
			if (error instanceof EnvyboxFailure)
				return this.answer({ status_code: error.statusCode, message: error.message });
			throw error;
		}
	}

	private answer(body: JsonObject): SandboxResponse {
		const failed = body.message !== 'success';
		const status =
			failed && this.readings.httpErrors
				? Number(body.status_code) >= 400
					? Number(body.status_code)
					: 400
				: 200;
		return { status, contentType: 'application/json', body };
	}

	/** POST parameters live in a `request` object (reference "Request format"). */
	private params(request: SandboxRequest): JsonObject {
		const body = request.body as JsonObject | undefined;
		if (
			!body ||
			typeof body !== 'object' ||
			Array.isArray(body) ||
			!body.request ||
			typeof body.request !== 'object' ||
			Array.isArray(body.request)
		) {
			return fail('Неверный request');
		}
		return body.request as JsonObject;
	}

	private route(route: string, p: JsonObject): JsonObject | null {
		// The only ids in a path: client/{client_id}/getCompanies and …/addCompany (reference part 2, §16–17).
		const company = /^(GET|POST) client\/([^/]+)\/(getCompanies|addCompany)$/.exec(route);
		if (company) {
			const client = this.requireClient(company[2]);
			if (company[1] === 'GET' && company[3] === 'getCompanies')
				return { result: { companies: client.companies } };
			if (company[1] === 'POST' && company[3] === 'addCompany')
				return { result: this.addCompany(client, p) };
			return null;
		}
		switch (route) {
			case 'GET main/data':
				// The document's example may have lost a `"result": {` line (part 1, §1 OCR notes).
				return this.readings.wrapMainData ? { result: this.mainData() } : this.mainData();
			case 'POST lead/set':
				return this.createLead(p, false);
			case 'POST lead/workset':
				return this.createLead(p, true);
			case 'POST lead/get':
				return { result: this.presentLead(this.requireLead(p.lead_id, 'Неверный request'), true) };
			case 'POST lead/search':
				return this.searchLead(p);
			case 'POST lead/list':
				return this.listLeads(p);
			case 'POST lead/start':
				return this.startLead(p);
			case 'GET lead/log/list':
				return this.listLogs(1, p.lead_id, p, 'Не указан lead_id', () =>
					this.requireLead(p.lead_id),
				);
			case 'POST lead/log/create':
				return this.createLog(1, p.lead_id, p, () => this.requireLead(p.lead_id));
			case 'POST lead/updateLeadValue':
				return this.updateLeadValues(p);
			case 'POST lead/update_employee':
				return this.updateLeadEmployee(p);
			case 'POST deal/get':
				return { result: this.presentDealCard(this.requireDeal(p.deal_id), listOf(p.with)) };
			case 'POST deal/create':
				return this.createDeal(p);
			case 'POST deal/search':
				return this.searchDeals(p);
			case 'POST deal/updateDealStage':
				// The document prints the field search (part 1, §14) under this same path; a body with
				// `filter` and no `deal_id` is read as that search.
				if (p.filter !== undefined && p.deal_id === undefined) return this.searchDealsByFields(p);
				return this.updateDealStage(p);
			case 'POST deal/updateEmployee':
				return this.updateDealEmployee(p);
			case 'POST deal/toInbox': {
				const deal = this.requireDeal(p.deal_id);
				deal.in_inbox = true;
				deal.updated_at = Date.now();
				return {};
			}
			case 'POST deal/list':
				return this.listDeals(p);
			case 'GET deal/log/list':
				return this.listLogs(3, p.deal_id, p, 'Не указан deal_id', () =>
					this.requireDeal(p.deal_id),
				);
			case 'POST deal/log/create':
				return this.createLog(3, p.deal_id, p, () => this.requireDeal(p.deal_id));
			case 'POST deal/createComment': {
				const deal = this.requireDeal(p.deal_id);
				if (typeof p.comment !== 'string' || !p.comment.trim())
					return fail('Не указан комментарий');
				this.log(3, deal.id, 2010, { comment: p.comment }, S.adminUserId, 0);
				return {};
			}
			case 'POST deal/updatetask':
				return this.upsertTask(p);
			case 'POST deal/getTask': {
				const deal = this.requireDeal(p.deal_id);
				const task =
					this.openTasks(deal.id).find((t) => t.to_employee_id === deal.employee_id) ?? null;
				return { result: { task: task && this.presentTask(task) } };
			}
			case 'POST deal/getTasks':
				return {
					result: this.openTasks(this.requireDeal(p.deal_id).id).map((t) => this.presentTask(t)),
				};
			case 'POST deal/tag/addDealTags': {
				const deal = this.requireDeal(p.deal_id);
				if (
					!Array.isArray(p.tags) ||
					!p.tags.length ||
					p.tags.some((t: unknown) => typeof t !== 'string' || !t.trim())
				)
					return fail('Не указаны теги');
				for (const tag of p.tags as string[]) if (!deal.tags.includes(tag)) deal.tags.push(tag);
				return {};
			}
			case 'POST deal/updateDealValue':
				return this.updateDealValues(p);
			case 'GET deal/getListInputs':
				return this.listInputs(p, 'deal');
			case 'GET deal/getInput':
				return this.getInput(p, 'deal');
			case 'POST task/list':
				return this.listTasks(p);
			case 'POST client/list':
				return this.listClients(p);
			case 'POST client/get':
				return { result: this.presentClient(this.requireClient(p.client_id), false) };
			case 'POST client/create': {
				if (typeof p.name !== 'string' || !p.name.trim()) return fail('Не указано имя клиента');
				const client = this.newClient(this.nextId('clients'), p.name, null, null, Date.now());
				this.clients.set(client.id, client);
				return {
					result: {
						client: {
							crm_id: S.crmId,
							updated_at: stamp(client.updated_at),
							created_at: stamp(client.created_at),
							id: client.id,
						},
					},
				};
			}
			case 'POST client/updateClientValue':
				return this.updateClientValues(p);
			case 'POST client/getContacts':
				return {
					result: {
						contacts: this.requireClient(p.client_id).contacts.map((c) =>
							this.presentContact(c, p.client_id),
						),
					},
				};
			case 'POST client/addContact':
				return this.addContact(p);
			case 'GET client/getListInputs':
				return this.listInputs(p, 'client');
			case 'GET client/getInput':
				return this.getInput(p, 'client');
			case 'POST stat/custom':
				return this.customStat(p);
			default:
				return null;
		}
	}

	// ---------------------------------------------------------------- main/data

	private presentPipelines(pipelines: Pipeline[], element: number) {
		return pipelines.map((p) => ({
			id: String(p.id),
			crm_id: String(S.crmId),
			crm_element_id: String(element),
			name: p.name,
			allow_manual_change_stage: p.allow_manual_change_stage ? '1' : '0',
			primary: p.primary ? '1' : '0',
			created_at: '2017-05-23 11:27:49',
			updated_at: null,
			deleted_at: null,
			// Stages are an object keyed by stage id, not a list (reference §1).
			stages: Object.fromEntries(
				p.stages.map((s) => [
					String(s.id),
					{
						id: String(s.id),
						pipeline_id: String(p.id),
						status_id: String(s.status_id),
						name: s.name,
						position: String(s.position),
						color: s.color,
						no_delete: '1',
						created_at: '2017-05-23 11:27:49',
						updated_at: null,
						deleted_at: null,
					},
				]),
			),
		}));
	}

	private presentField(f: Field) {
		return {
			id: String(f.id),
			crm_id: String(S.crmId),
			crm_element_id: String(f.crm_element_id),
			pipeline_id: null,
			group_id: '2348',
			name: f.name,
			name_id: f.name_id,
			type_id: String(f.type_id),
			required: '0',
			value: null,
			addon: f.addon,
			description: '',
			position: '0',
			created_at: '2017-03-27 11:07:52',
			updated_at: null,
			deleted_at: null,
		};
	}

	private mainData(): JsonObject {
		return {
			id: String(S.crmId),
			user_id: String(S.adminUserId),
			callback_id: '106',
			name: 'Песочница Envybox',
			api_key: S.apiKey,
			created_at: '2017-03-27 11:07:52',
			updated_at: '2017-05-26 18:43:19',
			deleted_at: null,
			inbox_types: Object.entries({
				'Добавлен вручную': S.inboxTypes.manual,
				'Заявка с сайта': S.inboxTypes.site,
				Звонок: S.inboxTypes.call,
			}).map(([name, id]) => ({
				id: String(id),
				crm_id: String(S.crmId),
				name,
				edit: '0',
				type: '1',
				created_at: '2017-03-27 11:07:52',
				updated_at: null,
				deleted_at: null,
				editing: '0',
				edit_id: String(id),
			})),
			employees: [
				{
					id: String(S.employees.diana),
					user_id: String(S.adminUserId),
					name: 'Диана',
					surname: 'Гусева',
					email: 'diana@sandbox.test',
					profession: 'руководитель',
					user_logo: null,
					crm_phone_number: null,
				},
				{
					id: String(S.employees.oleg),
					user_id: String(S.adminUserId),
					name: 'Олег',
					surname: 'Петров',
					email: 'oleg@sandbox.test',
					profession: 'менеджер',
					user_logo: null,
					crm_phone_number: '101',
				},
			],
			lead: {
				pipelines: this.presentPipelines(this.leadPipelines, 1),
				custom_fields: this.fields.lead.map((f) => this.presentField(f)),
			},
			client: { custom_fields: this.fields.client.map((f) => this.presentField(f)) },
			deal: {
				pipelines: this.presentPipelines(this.dealPipelines, 3),
				custom_fields: this.fields.deal.map((f) => this.presentField(f)),
			},
		};
	}

	// ---------------------------------------------------------------- leads

	private blankLead(now: number): Lead {
		return {
			id: 0,
			parent_id: 0,
			stage_id: S.lead.stages.new,
			user_id: 0,
			employee_id: 0,
			old_employee_id: null,
			department_id: 0,
			pipeline_id: S.lead.pipelineId,
			deal_pipeline_id: S.deal.pipelineId,
			deal_stage_id: 0,
			inbox_type_id: S.inboxTypes.manual,
			created_at: now,
			updated_at: now,
			stage_updated_at: now,
			closed_at: null,
			values: {},
			custom: {},
			tags: [],
			contact_data: [],
			region: null,
			timezone: 'UTC+03:00',
			record_link: null,
			visit_id: null,
			deals: [],
		};
	}

	private leadStage(lead: Lead) {
		const pipeline =
			this.leadPipelines.find((p) => p.id === lead.pipeline_id) ?? this.leadPipelines[0];
		return pipeline.stages.find((s) => s.id === lead.stage_id) ?? pipeline.stages[0];
	}

	private taken = (lead: Lead) => lead.stage_id !== S.lead.stages.new;

	/** A lead the caller may act on: it exists and was not merged into another (its parent stands for it). */
	private requireLead(id: unknown, message = 'Лид с данным id не найден'): Lead {
		const lead = this.leads.get(Number(id));
		if (!isInt(id) || !lead || lead.parent_id) return fail(message);
		return lead;
	}

	private valueRecord(
		lead: Lead,
		key: string,
		field: { input_id: number; name: string },
		value: string,
		kind: 'lead' | 'deal' = 'lead',
	) {
		return {
			id: String(lead.id * 100 + field.input_id),
			crm_id: String(S.crmId),
			[`${kind}_id`]: String(lead.id),
			input_id: String(field.input_id),
			type_id: '1',
			value,
			mask: key === 'phone' ? '' : null,
			generated: '0',
			created_at: stamp(lead.created_at),
			updated_at: null,
			deleted_at: null,
			name: field.name,
			name_id: key,
		};
	}

	private presentLead(lead: Lead, full: boolean): JsonObject {
		const stage = this.leadStage(lead);
		const base: JsonObject = {
			id: String(lead.id),
			parent_id: String(lead.parent_id),
			crm_id: String(S.crmId),
			stage_id: String(lead.stage_id),
			user_id: String(lead.user_id),
			employee_id: String(lead.employee_id),
			old_employee_id: str(lead.old_employee_id),
			department_id: String(lead.department_id),
			pipeline_id: String(lead.pipeline_id),
			deal_pipeline_id: String(lead.deal_pipeline_id),
			deal_stage_id: String(lead.deal_stage_id),
			status: this.taken(lead) ? '2' : '1',
			inbox_type_id: String(lead.inbox_type_id),
			it_reaction: '0',
			in_call: '0',
			link_client_id: null,
			stage_updated_at: stamp(lead.stage_updated_at),
			created_at: stamp(lead.created_at),
			updated_at: stamp(lead.updated_at),
			deleted_at: null,
		};
		if (!full) return base;
		const service = Object.fromEntries(
			Object.entries(lead.values)
				.filter(([key, value]) => LEAD_SERVICE_FIELDS[key] && value !== '')
				.map(([key, value]) => [key, this.valueRecord(lead, key, LEAD_SERVICE_FIELDS[key], value)]),
		);
		const custom = Object.entries(lead.custom).map(([inputId, value]) => {
			const field = this.fields.lead.find((f) => f.id === Number(inputId))!;
			return {
				...this.valueRecord(lead, field.name_id, { input_id: field.id, name: field.name }, value),
				type_id: '2',
			};
		});
		return {
			...base,
			status_id: String(stage.status_id),
			stage: stage.name,
			stage_color: stage.color,
			name: lead.values.name ?? null,
			phone: lead.values.phone ?? null,
			mask: lead.values.phone ? '' : null,
			email: lead.values.email ?? null,
			tags: lead.tags,
			values: { service, custom },
			deals: lead.deals.map(String),
		};
	}

	private checkCustom(fields: Field[], list: unknown, key: 'input_id'): Record<number, string> {
		const custom: Record<number, string> = {};
		if (list === undefined) return custom;
		if (!Array.isArray(list)) return fail('Неверный request');
		for (const entry of list as JsonObject[]) {
			const field = fields.find((f) => f.id === num(entry?.[key]));
			if (!field) return fail(`Поле ${String(entry?.[key])} не найдено`);
			custom[field.id] = String(entry.value ?? '');
		}
		return custom;
	}

	/** `lead/workset` stores the lead and answers its id; `lead/set` queues it and answers without one. */
	private createLead(p: JsonObject, withId: boolean): JsonObject {
		this.checkLead(p);
		const now = Date.now();
		if (!withId) {
			this.queued++;
			this.queue.push({ due: now + this.readings.leadQueueMs, createdAt: now, request: p });
			this.drainQueue(now);
			// Stored on time even when nothing else reaches the sandbox, so its notification goes out.
			setTimeout(() => this.drainQueue(), this.readings.leadQueueMs + 1).unref();
			return {};
		}
		const lead = this.storeLead(p, now);
		return lead.parent_id ? { id: lead.id, parent_id: lead.parent_id } : { id: lead.id };
	}

	private checkLead(p: JsonObject) {
		if (p.method !== 'create') return fail('Неверный request');
		const values = (p.values ?? {}) as JsonObject;
		if (typeof values !== 'object' || Array.isArray(values)) return fail('Неверный request');
		const text: Record<string, string> = {};
		for (const [key, value] of Object.entries(values)) {
			if (key === 'custom') continue;
			if (!LEAD_SERVICE_FIELDS[key]) return fail(`Поле ${key} не найдено`);
			if (value !== null && value !== undefined && value !== '') text[key] = String(value);
		}
		const custom = this.checkCustom(this.fields.lead, values.custom, 'input_id');
		const pipeline =
			p.pipeline_id === undefined
				? this.leadPipelines.find((x) => x.primary)!
				: this.leadPipelines.find((x) => x.id === num(p.pipeline_id));
		if (!pipeline) return fail('Воронка не найдена');
		if (
			p.inbox_type_id !== undefined &&
			!Object.values(S.inboxTypes).includes(num(p.inbox_type_id) as never)
		)
			return fail('Тип обращения не найден');
		if (num(p.employee_id) && !Object.values(S.employees).includes(num(p.employee_id) as never))
			return fail('Сотрудник не найден');
		if (p.timezone !== undefined && !/^UTC[+-](0\d|1[0-2]):[0-5]\d$/.test(String(p.timezone)))
			return fail('Неверный часовой пояс');
		if (
			p.tags !== undefined &&
			(!Array.isArray(p.tags) || p.tags.some((t: unknown) => typeof t !== 'string'))
		)
			return fail('Неверный request');
		const contactTypes = [
			'viber',
			'instagram',
			'whatsapp',
			'telegram',
			'vkontakte',
			'facebook',
			'skype',
			'note',
			'position',
			'work_phone',
			'home_phone',
		];
		for (const entry of (p.contact_data ?? []) as JsonObject[]) {
			if (!contactTypes.includes(entry?.type))
				return fail(`Неизвестный тип контактных данных ${String(entry?.type)}`);
			if (entry.addon !== undefined && entry.type !== 'work_phone')
				return fail('Добавочный номер только для work_phone');
		}
		if (!text.phone && !text.email && !text.name) return fail('Не заполнены контактные данные');
		return { text, custom, pipeline };
	}

	/**
	 * Leads with the same contact data are merged into one (reference §2): the new one is kept, pointing
	 * at its parent, and only the parent is listed.
	 */
	private storeLead(p: JsonObject, now: number): Lead {
		const { text, custom, pipeline } = this.checkLead(p);
		const parent = [...this.leads.values()].find(
			(l) => !l.parent_id && !this.taken(l) && sameContact(l.values, text),
		);
		if (parent) parent.updated_at = Date.now();
		const lead: Lead = {
			...this.blankLead(now),
			id: this.nextId('leads'),
			parent_id: parent?.id ?? 0,
			pipeline_id: pipeline.id,
			employee_id: num(p.employee_id) ?? 0,
			inbox_type_id: num(p.inbox_type_id) ?? S.inboxTypes.manual,
			values: text,
			custom,
			tags: (p.tags ?? []) as string[],
			contact_data: (p.contact_data ?? []) as JsonObject[],
			region: p.region ?? null,
			timezone: p.timezone ?? 'UTC+03:00',
			record_link: p.record_link ?? null,
			visit_id: p.visit_id === undefined ? null : String(p.visit_id),
		};
		this.leads.set(lead.id, lead);
		this.notifyLead(lead);
		return lead;
	}

	private searchLead(p: JsonObject): JsonObject {
		if (!p.phone && !p.email) return fail('Неверный request');
		const lead = [...this.leads.values()]
			.filter((l) => !l.parent_id && !this.taken(l))
			.sort((a, b) => b.id - a.id)
			.find((l) => sameContact({ phone: p.phone, email: p.email }, l.values));
		return { leads: lead ? { lead_id: String(lead.id), ...this.presentLead(lead, false) } : null };
	}

	private inPeriod(p: JsonObject, pick: (type: string) => number | null): boolean {
		const type = String(p.date_type ?? 'created');
		const at = pick(type);
		if (p.date_start && (at === null || stamp(at).slice(0, 10) < String(p.date_start)))
			return false;
		if (p.date_end && (at === null || stamp(at).slice(0, 10) > String(p.date_end))) return false;
		return true;
	}

	/** At most 50 records a page, whatever `limit` asks ("50 is the maximum", public code calling deal/list). */
	private page<T>(p: JsonObject, all: T[]) {
		const asked = p.limit === undefined || Number(p.limit) === 0 ? 50 : Number(p.limit);
		const offset = Number(p.offset ?? 0);
		if (!Number.isInteger(asked) || asked < 0 || !Number.isInteger(offset) || offset < 0)
			return fail('Неверный request');
		const limit = Math.min(asked, 50);
		const items = all.slice(offset, offset + limit);
		return { items, limit, next: offset + limit < all.length ? offset + limit : -1 };
	}

	private listLeads(p: JsonObject): JsonObject {
		const dateTypes = ['created', 'updated', 'closed', 'stage_changed'];
		if (p.date_type !== undefined && !dateTypes.includes(p.date_type))
			return fail('Неверный request');
		const stages = p.stage_id === undefined ? null : listOf(p.stage_id).map(Number);
		const keyword = String(p.keyword ?? '')
			.trim()
			.toLowerCase();
		const all = [...this.leads.values()]
			.filter((l) => !l.parent_id)
			.filter((l) => !stages || stages.includes(l.stage_id))
			.filter(
				(l) =>
					!keyword ||
					Object.values(l.values).some((v) => v.toLowerCase().includes(keyword)) ||
					l.contact_data.some((c) => String(c.value).toLowerCase().includes(keyword)),
			)
			.filter((l) =>
				this.inPeriod(p, (t) =>
					t === 'updated'
						? l.updated_at
						: t === 'closed'
							? l.closed_at
							: t === 'stage_changed'
								? l.stage_updated_at
								: l.created_at,
				),
			)
			.sort((a, b) => b.id - a.id);
		const { items, limit, next } = this.page(p, all);
		return {
			leads: {
				keyword: p.keyword ?? null,
				dateType: 'period',
				dateSelectType: p.date_type ?? 'created',
				offset: next,
				limit,
				result: items.map((l) => this.presentLead(l, true)),
				count: String(all.length),
				all_ids: all.map((l) => String(l.id)),
			},
		};
	}

	private startLead(p: JsonObject): JsonObject {
		const lead = this.requireLead(p.lead_id);
		if (this.taken(lead)) return fail('Лид уже взят в работу');
		const userId = num(p.user_id) ?? 0;
		const employeeId = num(p.employee_id) ?? 0;
		// "If you pass employee_id, you must also pass user_id" (reference §6).
		if (employeeId && !userId) return fail('Неверный request');
		if (employeeId && !Object.values(S.employees).includes(employeeId as never))
			return fail('Сотрудник не найден');
		const now = Date.now();
		let client = [...this.clients.values()].find((c) => this.clientMatches(c, lead.values));
		lead.stage_id = client ? S.lead.stages.existingClient : S.lead.stages.newClient;
		if (!client) {
			client = this.newClient(
				this.nextId('clients'),
				lead.values.name ?? '',
				lead.values.phone ?? null,
				lead.values.email ?? null,
				now,
			);
			this.clients.set(client.id, client);
		}
		const pipeline =
			this.dealPipelines.find((x) => x.id === lead.deal_pipeline_id) ??
			this.dealPipelines.find((x) => x.primary)!;
		const deal: Deal = {
			...this.blankDeal(now, pipeline),
			id: this.nextId('deals'),
			client_id: client.id,
			stage_id: lead.deal_stage_id || pipeline.stages[0].id,
			user_id: userId,
			employee_id: employeeId,
			inbox_type_id: lead.inbox_type_id,
			name: lead.values.name ? `Сделка с ${lead.values.name}` : 'Сделка',
			connected_lead_id: [lead.id],
			tags: [...lead.tags],
			// A deal made from a lead shows its creation as its last stage change (reference part 1, §11, §13, §18).
			stage_updated_at: now,
		};
		deal.transitions = [{ stage_id: deal.stage_id, at: now }];
		this.deals.set(deal.id, deal);
		this.notifyDeal(deal);
		lead.deals.push(deal.id);
		lead.user_id = userId;
		lead.employee_id = employeeId;
		lead.closed_at = now;
		lead.stage_updated_at = now;
		lead.updated_at = now;
		this.log(
			1,
			lead.id,
			14,
			{
				text: 'Прикреплен к клиенту',
				client_name: client.name,
				client_id: client.id,
				deal_id: deal.id,
			},
			userId,
			employeeId,
		);
		return {
			result: {
				lead_id: lead.id,
				user_id: userId,
				employee_id: employeeId,
				client_id: client.id,
				deal_id: deal.id,
			},
		};
	}

	private log(
		element: number,
		elementId: number,
		typeId: number,
		data: JsonObject,
		userId: number,
		employeeId: number,
	): Log {
		const entry: Log = {
			id: this.nextId('logs'),
			crm_element_id: element,
			element_id: elementId,
			type_id: typeId,
			data: {
				...data,
				user: { img: '/img/avatars/nophoto.png', name: 'API', profession: 'робот' },
			},
			user_id: userId,
			employee_id: employeeId,
			level: 1,
			created_at: Date.now(),
		};
		this.logs.push(entry);
		return entry;
	}

	private presentLog(log: Log) {
		return {
			...log,
			crm_id: S.crmId,
			created_at: stamp(log.created_at),
			updated_at: null,
			deleted_at: null,
		};
	}

	private listLogs(
		element: number,
		id: unknown,
		p: JsonObject,
		missing: string,
		check: () => unknown,
	): JsonObject {
		if (id === undefined || id === '') return fail(missing);
		check();
		const limit = p.limit === undefined || Number(p.limit) === 0 ? 50 : Number(p.limit);
		// "limit — maximum 50" (reference §7).
		if (!Number.isInteger(limit) || limit > 50 || limit < 0) return fail('Максимальный limit 50');
		const all = this.logs
			.filter((l) => l.crm_element_id === element && l.element_id === Number(id))
			.sort((a, b) => b.id - a.id);
		const offset = Number(p.offset ?? 0);
		const items = all.slice(offset, offset + limit);
		return {
			result: items.map((l) => this.presentLog(l)),
			count: all.length,
			limit,
			offset: offset + limit < all.length ? offset + limit : -1,
		};
	}

	private createLog(element: number, id: unknown, p: JsonObject, check: () => unknown): JsonObject {
		check();
		const callType = element === 1 ? 9 : 2009;
		const commentType = element === 1 ? 10 : 2010;
		const data = (p.data ?? {}) as JsonObject;
		if (num(p.type_id) === callType) {
			if (![1, 2, 3].includes(num(data.direction) ?? -1))
				return fail('Неверное направление звонка');
			if (!(isInt(data.status) && Number(data.status) >= 0 && Number(data.status) <= 7))
				return fail('Неверный статус звонка');
			if (!data.from || !data.to) return fail('Не указаны номера звонка');
			if (data.duration_bill !== undefined && !isInt(data.duration_bill))
				return fail('Неверная длительность');
		} else if (num(p.type_id) === commentType) {
			if (typeof data.comment !== 'string' || !data.comment.trim())
				return fail('Не указан комментарий');
		} else return fail('Неверный тип лога');
		const entry = this.log(
			element,
			Number(id),
			Number(p.type_id),
			{ ...data, inbox_name: 'Добавлен вручную' },
			S.adminUserId,
			num(p.employee_id) ?? 0,
		);
		return { result: { log: this.presentLog(entry) } };
	}

	private updateLeadValues(p: JsonObject): JsonObject {
		// A missing lead answers "Неверный request" with 500 (reference §9).
		const lead = this.requireLead(p.lead_id, 'Неверный request');
		if (!Array.isArray(p.fields) || !p.fields.length) return fail('Неверный request');
		for (const field of p.fields as JsonObject[]) {
			const type = num(field?.value_type_id);
			if (type === 1) {
				const key = Object.entries(LEAD_SERVICE_FIELDS).find(
					([, f]) => f.input_id === num(field.input_id),
				)?.[0];
				if (!key) return fail(`Поле ${String(field.input_id)} не найдено`);
				lead.values[key] = String(field.value ?? '');
			} else if (type === 2) {
				Object.assign(lead.custom, this.checkCustom(this.fields.lead, [field], 'input_id'));
			} else return fail('Неверный request');
		}
		lead.updated_at = Date.now();
		return {};
	}

	private updateLeadEmployee(p: JsonObject): JsonObject {
		const lead = this.requireLead(p.lead_id);
		const employee = num(p.employee_id);
		const department = num(p.department_id);
		if (!employee && !department) return fail('Не указан сотрудник или отдел');
		if (employee && !Object.values(S.employees).includes(employee as never))
			return fail('Сотрудник не найден');
		lead.old_employee_id = lead.employee_id;
		lead.employee_id = employee ?? 0;
		lead.department_id = department ?? 0;
		lead.updated_at = Date.now();
		return {
			lead_id: lead.id,
			employee_id: employee ?? 0,
			...(department ? { department_id: department } : {}),
			crm_id: S.crmId,
		};
	}

	// ---------------------------------------------------------------- deals

	private blankDeal(now: number, pipeline: Pipeline): Deal {
		return {
			id: 0,
			pipeline_id: pipeline.id,
			client_id: 0,
			stage_id: pipeline.stages[0].id,
			user_id: 0,
			employee_id: 0,
			old_employee_id: null,
			department_id: 0,
			inbox_type_id: S.inboxTypes.manual,
			created_at: now,
			updated_at: now,
			stage_updated_at: null,
			closed_at: null,
			name: 'Сделка',
			custom: {},
			connected_lead_id: [],
			parent_deal_id: null,
			in_inbox: false,
			tags: [],
			transitions: [{ stage_id: pipeline.stages[0].id, at: now }],
		};
	}

	private requireDeal(id: unknown): Deal {
		const deal = this.deals.get(Number(id));
		if (!isInt(id) || !deal) return fail('Сделка не найдена');
		return deal;
	}

	private dealStage(deal: Deal) {
		const pipeline = this.dealPipelines.find((p) => p.id === deal.pipeline_id)!;
		return pipeline.stages.find((s) => s.id === deal.stage_id) ?? pipeline.stages[0];
	}

	/** The deal as the older methods print it: ids as strings. */
	private presentDeal(deal: Deal): JsonObject {
		return {
			id: String(deal.id),
			crm_id: String(S.crmId),
			pipeline_id: String(deal.pipeline_id),
			client_id: String(deal.client_id),
			stage_id: String(deal.stage_id),
			user_id: String(deal.user_id),
			employee_id: String(deal.employee_id),
			old_employee_id: str(deal.old_employee_id),
			department_id: String(deal.department_id),
			inbox_type_id: String(deal.inbox_type_id),
			it_reaction: '0',
			with_event: '0',
			stage_updated_at: deal.stage_updated_at === null ? null : stamp(deal.stage_updated_at),
			created_at: stamp(deal.created_at),
			updated_at: stamp(deal.updated_at),
			deleted_at: null,
		};
	}

	/** The deal as the newer methods print it: ids as numbers. */
	private presentDealNumeric(deal: Deal): JsonObject {
		const card = this.presentDeal(deal);
		return Object.fromEntries(
			Object.entries(card).map(([k, v]) => [
				k,
				typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v,
			]),
		);
	}

	private presentDealCard(deal: Deal, withs: string[]): JsonObject {
		const stage = this.dealStage(deal);
		const card: JsonObject = {
			...this.presentDeal(deal),
			stage_name: stage.name,
			stage_color: stage.color,
			status_id: String(stage.status_id),
			name: deal.name,
			tags: deal.tags,
			connected_lead_id: deal.connected_lead_id.map(String),
		};
		if (withs.includes('parent_deal'))
			card.parent_deal = deal.parent_deal_id
				? this.presentDeal(this.deals.get(deal.parent_deal_id)!)
				: null;
		if (withs.includes('child_deals'))
			card.child_deals = [...this.deals.values()]
				.filter((d) => d.parent_deal_id === deal.id)
				.map((d) => this.presentDeal(d));
		for (const w of withs)
			if (!['parent_deal', 'child_deals'].includes(w)) return fail('Неверный request');
		return card;
	}

	private employeeOrDepartment(p: JsonObject): { employee: number; department: number } {
		const employee = num(p.employee_id) ?? 0;
		const department = num(p.department_id) ?? 0;
		// One of the two is required (reference §12, §16); "0" counts as given for employee_id, as in the examples.
		if (p.employee_id === undefined && p.department_id === undefined)
			return fail('Не указан сотрудник или отдел');
		if (employee && !Object.values(S.employees).includes(employee as never))
			return fail('Сотрудник не найден');
		return { employee, department };
	}

	private createDeal(p: JsonObject): JsonObject {
		const client = this.clients.get(Number(p.client_id));
		if (!isInt(p.client_id) || !client) return fail('Клиент не найден');
		const { employee, department } = this.employeeOrDepartment(p);
		const pipeline =
			p.pipeline_id === undefined
				? this.dealPipelines.find((x) => x.primary)!
				: this.dealPipelines.find((x) => x.id === num(p.pipeline_id));
		if (!pipeline) return fail('Воронка не найдена');
		const custom: Record<number, string> = {};
		let name = p.name === undefined ? 'Сделка' : String(p.name);
		for (const value of (p.values ?? []) as JsonObject[]) {
			if (num(value?.type_id) === 1 && num(value.input_id) === DEAL_SERVICE_FIELDS.name.input_id)
				name = String(value.value);
			else if (num(value?.type_id) === 2)
				Object.assign(custom, this.checkCustom(this.fields.deal, [value], 'input_id'));
			else return fail('Неверный request');
		}
		const deal: Deal = {
			...this.blankDeal(Date.now(), pipeline),
			id: this.nextId('deals'),
			client_id: client.id,
			employee_id: employee,
			department_id: department,
			name,
			custom,
		};
		if (p.task !== undefined) {
			const task = p.task as JsonObject;
			if (typeof task !== 'object' || task === null || Array.isArray(task))
				return fail('Неверный request');
			if (task.time !== undefined && !isInt(task.time)) return fail('Неверное время задачи');
		}
		this.deals.set(deal.id, deal);
		this.notifyDeal(deal);
		// An empty task object creates the default task (reference part 1, §12).
		if (p.task !== undefined)
			this.addTask(deal, { time: p.task.time, comment: p.task.text ?? 'Связаться с клиентом' });
		return { result: { deal: this.presentDealNumeric(deal) } };
	}

	private searchDeals(p: JsonObject): JsonObject {
		if (!p.phone && !p.email) return fail('Неверный request');
		const clients = [...this.clients.values()].filter((c) =>
			this.clientMatches(c, { phone: p.phone, email: p.email }),
		);
		return {
			clients: clients.map((c) => ({
				id: String(c.id),
				crm_id: String(S.crmId),
				created_at: stamp(c.created_at),
				updated_at: null,
				deleted_at: null,
				name: c.name,
				deals_for_event: [...this.deals.values()]
					.filter((d) => d.client_id === c.id)
					.map((d) => this.presentDeal(d)),
			})),
		};
	}

	private updateDealStage(p: JsonObject): JsonObject {
		const deal = this.requireDeal(p.deal_id);
		const pipeline = this.dealPipelines.find((x) => x.id === deal.pipeline_id)!;
		const stage = pipeline.stages.find((s) => s.id === num(p.stage_id));
		// The stage must be of the deal's pipeline, and the pipeline must allow manual stage changes
		// («Разрешить менять статусы вручную», reference "How to change a deal's stage"); the messages are this sandbox's.
		if (!stage) return fail('Этап не найден в воронке сделки');
		if (!pipeline.allow_manual_change_stage)
			return fail('В настройках воронки запрещено менять этапы вручную');
		// A deal already on the stage is refused with HTTP 400 (seen by a bot calling the real API); the text is this sandbox's.
		if (deal.stage_id === stage.id) return fail('Сделка уже находится на этом этапе', 400);
		const now = Date.now();
		deal.stage_id = stage.id;
		deal.transitions.push({ stage_id: stage.id, at: now });
		deal.stage_updated_at = now;
		deal.updated_at = now;
		deal.closed_at = stage.status_id === WON || stage.status_id === LOST ? now : null;
		return { result: { stage_id: stage.id } };
	}

	private updateDealEmployee(p: JsonObject): JsonObject {
		const deal = this.requireDeal(p.deal_id);
		const { employee, department } = this.employeeOrDepartment(p);
		deal.old_employee_id = deal.employee_id;
		deal.employee_id = employee;
		deal.department_id = department;
		deal.updated_at = Date.now();
		return { result: { deal: this.presentDealNumeric(deal) } };
	}

	// ---------------------------------------------------------------- tasks and fields

	private addTask(deal: Deal, p: JsonObject): Task {
		const now = Date.now();
		const task: Task = {
			id: this.nextId('tasks'),
			element_id: deal.id,
			time: p.time !== undefined ? Number(p.time) * 1000 : now + 3600_000,
			user_id: S.adminUserId,
			from_employee_id: 0,
			to_employee_id: num(p.employee_id) ?? deal.employee_id,
			to_department_id: num(p.department_id) ?? deal.department_id,
			comment: String(p.comment ?? ''),
			success: 0,
			created_at: now,
			updated_at: now,
		};
		this.tasks.push(task);
		return task;
	}

	private openTasks(dealId: number) {
		return this.tasks
			.filter((t) => t.element_id === dealId && t.success === 0)
			.sort((a, b) => a.time - b.time);
	}

	private presentTask(task: Task) {
		return {
			...task,
			crm_element_id: 3,
			crm_id: S.crmId,
			type_id: 1,
			priority: 0,
			time: stamp(task.time),
			end_time: null,
			duration: null,
			required: 0,
			no_time: 0,
			it_reaction: 0,
			is_overdue: task.success === 0 && task.time < Date.now() ? 1 : 0,
			created_at: stamp(task.created_at),
			updated_at: stamp(task.updated_at),
			deleted_at: null,
		};
	}

	/** Updates the time and comment of the deal's open task, or creates one (reference part 2, §4). */
	private upsertTask(p: JsonObject): JsonObject {
		const deal = this.requireDeal(p.deal_id);
		if (p.time === undefined && p.comment === undefined)
			return fail('Не указано время или комментарий задачи');
		if (p.time !== undefined && !isInt(p.time)) return fail('Неверное время задачи');
		if (num(p.employee_id) && !Object.values(S.employees).includes(num(p.employee_id) as never))
			return fail('Сотрудник не найден');
		const existing = this.openTasks(deal.id)[0];
		if (!existing) return { result: { task: this.presentTask(this.addTask(deal, p)) } };
		if (p.time !== undefined) existing.time = Number(p.time) * 1000;
		if (p.comment !== undefined) existing.comment = String(p.comment);
		if (num(p.employee_id)) existing.to_employee_id = Number(p.employee_id);
		if (num(p.department_id)) existing.to_department_id = Number(p.department_id);
		existing.updated_at = Date.now();
		return { result: { task: this.presentTask(existing) } };
	}

	private listTasks(p: JsonObject): JsonObject {
		const limit = p.limit === undefined ? 50 : Number(p.limit);
		// "limit: 0–50" (reference part 2, §21).
		if (!Number.isInteger(limit) || limit < 0 || limit > 50) return fail('Неверный limit');
		const inPeriod = (t: Task) =>
			(!p.datetime_start || stamp(t.time) >= String(p.datetime_start)) &&
			(!p.datetime_end || stamp(t.time) <= String(p.datetime_end));
		const all = this.tasks
			.filter((t) => p.success === undefined || t.success === Number(p.success))
			.filter((t) => p.employee_id === undefined || t.to_employee_id === Number(p.employee_id))
			.filter(inPeriod)
			.sort((a, b) => a.time - b.time || a.id - b.id);
		const { items, next } = this.page({ limit: limit || 50, offset: p.offset }, all);
		return {
			result: items.map((t) => this.presentTask(t)),
			count: all.length,
			limit: limit || 50,
			offset: next,
		};
	}

	private updateDealValues(p: JsonObject): JsonObject {
		const deal = this.deals.get(Number(p.deal_id));
		// An unknown deal or a client that is not the deal's answers "Неверный request" (reference part 2, §18).
		if (!deal || deal.client_id !== num(p.client_id)) return fail('Неверный request');
		if (!Array.isArray(p.fields) || !p.fields.length) return fail('Неверный request');
		for (const field of p.fields as JsonObject[]) {
			const type = num(field?.value_type_id);
			if (type === 1 && num(field.input_id) === DEAL_SERVICE_FIELDS.name.input_id)
				deal.name = String(field.value ?? '');
			else if (type === 2)
				Object.assign(deal.custom, this.checkCustom(this.fields.deal, [field], 'input_id'));
			else return fail('Неверный request');
		}
		deal.updated_at = Date.now();
		return {
			result: {
				deal_id: String(deal.id),
				client_id: String(deal.client_id),
				employee_id: String(p.employee_id ?? 0),
				user_id: String(p.user_id ?? 0),
				fields: p.fields,
			},
		};
	}

	private serviceInputs(element: 'deal' | 'client') {
		const service =
			element === 'deal'
				? DEAL_SERVICE_FIELDS
				: {
						name: { input_id: 1001, name: 'Имя' },
						ip_place_id: { input_id: 1010, name: 'Регион клиента' },
						timezone: { input_id: 1011, name: 'Часовой пояс' },
					};
		return Object.entries(service).map(([key, f]) => ({
			id: f.input_id,
			crm_element_id: element === 'deal' ? 3 : 2,
			name: f.name,
			name_id: key,
			type_id: 2,
			addon: '',
		}));
	}

	private inputsOf(element: 'deal' | 'client', type: unknown): Field[] {
		if (type === 'service') return this.serviceInputs(element);
		if (type === 'custom' || type === undefined) return this.fields[element];
		return fail('Неверный тип поля');
	}

	private listInputs(p: JsonObject, element: 'deal' | 'client'): JsonObject {
		const all = this.inputsOf(element, p.type);
		const { items, limit, next } = this.page(p, all);
		return {
			result: items.map((f) => ({
				...this.presentField(f),
				id: f.id,
				crm_element_id: f.crm_element_id,
				type_id: f.type_id,
			})),
			count: all.length,
			limit,
			offset: next,
		};
	}

	private getInput(p: JsonObject, element: 'deal' | 'client'): JsonObject {
		const field = this.inputsOf(element, p.type).find((f) => f.id === num(p.input_id));
		if (!field) return fail('Поле не найдено');
		return {
			result: {
				id: field.id,
				crm_element_id: field.crm_element_id,
				name: field.name,
				name_id: field.name_id,
				type_id: field.type_id,
			},
		};
	}

	// ---------------------------------------------------------------- clients

	private newClient(
		id: number,
		name: string,
		phone: string | null,
		email: string | null,
		now: number,
	): Client {
		const client: Client = {
			id,
			name,
			phone,
			email,
			created_at: now,
			updated_at: now,
			custom: {},
			service: name ? { name } : {},
			contacts: [],
			companies: [],
		};
		if (phone) this.addEntry(client, 'phone', phone, '', '', null, now);
		if (email) this.addEntry(client, 'email', email, '', '', null, now);
		return client;
	}

	private addEntry(
		client: Client,
		type: string,
		value: string,
		addon: string,
		note: string,
		birthday: string | null,
		now: number,
	) {
		const primary = client.contacts.some((c) => c.type_id === CONTACT_TYPE_IDS[type]) ? 0 : 1;
		client.contacts.push({
			id: this.nextId('logs'),
			type_id: CONTACT_TYPE_IDS[type],
			group_id: type === 'email' ? 2 : 1,
			value,
			addon,
			primary,
			element_note: note,
			birthday,
			created_at: now,
		});
	}

	/** Whether any of the client's phones or emails is the given contact's. */
	private clientMatches(client: Client, contact: { phone?: unknown; email?: unknown }): boolean {
		return (
			sameContact(contact, client) ||
			client.contacts.some((e) =>
				sameContact(contact, e.type_id === 4 ? { email: e.value } : { phone: e.value }),
			)
		);
	}

	private requireClient(id: unknown): Client {
		const client = this.clients.get(Number(id));
		if (!isInt(id) || !client) return fail('Клиент не найден');
		return client;
	}

	private presentContact(c: Contact, clientId: unknown) {
		return {
			id: String(c.id),
			crm_id: String(S.crmId),
			client_id: String(clientId),
			birthday: c.birthday,
			primary: String(c.primary),
			created_at: stamp(c.created_at),
			updated_at: null,
			deleted_at: null,
			type_id: String(c.type_id),
			value: c.value,
			addon: c.addon,
			element_note: c.element_note,
			group_id: String(c.group_id),
		};
	}

	private presentClient(client: Client, dealsByClient: boolean): JsonObject {
		const service = Object.fromEntries(
			Object.entries(client.service).map(([key, value]) => [
				key,
				{
					id: String(client.id * 100 + CLIENT_SERVICE_FIELDS[key].input_id),
					crm_id: String(S.crmId),
					client_id: String(client.id),
					input_id: String(CLIENT_SERVICE_FIELDS[key].input_id),
					type_id: '2',
					value,
					mask: null,
					created_at: stamp(client.created_at),
					updated_at: null,
					deleted_at: null,
					name: CLIENT_SERVICE_FIELDS[key].name,
					name_id: key,
				},
			]),
		);
		const custom = Object.entries(client.custom).map(([inputId, value]) => {
			const field = this.fields.client.find((f) => f.id === Number(inputId))!;
			return {
				input_id: String(field.id),
				value,
				name: field.name,
				name_id: field.name_id,
				type_id: String(field.type_id),
			};
		});
		const deals = [...this.deals.values()]
			.filter((d) => d.client_id === client.id)
			.map((d) => {
				const stage = this.dealStage(d);
				return {
					...this.presentDeal(d),
					name: d.name,
					stage: stage.name,
					stage_color: stage.color,
					status_id: String(stage.status_id),
				};
			});
		return {
			id: String(client.id),
			crm_id: String(S.crmId),
			created_at: stamp(client.created_at),
			updated_at: client.updated_at === client.created_at ? null : stamp(client.updated_at),
			deleted_at: null,
			name: client.name || null,
			phone: client.phone,
			email: client.email,
			values: { service, custom },
			contacts: client.contacts.map((c) => this.presentContact(c, client.id)),
			// client/list keys the deals by client id; client/get gives a plain list (reference part 2, §8–9).
			deals: dealsByClient ? { [String(client.id)]: deals } : deals,
		};
	}

	private listClients(p: JsonObject): JsonObject {
		const keyword = String(p.keyword ?? '')
			.trim()
			.toLowerCase();
		const all = [...this.clients.values()]
			.filter(
				(c) =>
					!keyword ||
					[c.name, c.phone, c.email, ...c.contacts.map((x) => x.value)].some((v) =>
						String(v ?? '')
							.toLowerCase()
							.includes(keyword),
					) ||
					[...this.deals.values()].some(
						(d) => d.client_id === c.id && d.name.toLowerCase().includes(keyword),
					),
			)
			.filter((c) => this.inPeriod({ ...p, date_type: 'created' }, () => c.created_at))
			.sort((a, b) => b.id - a.id);
		const { items, limit, next } = this.page(p, all);
		return {
			keyword: p.keyword || null,
			offset: next,
			limit,
			result: items.map((c) => this.presentClient(c, true)),
			count: String(all.length),
			all_ids: all.map((c) => c.id),
			max_colls_contacts: Math.max(0, ...items.map((c) => c.contacts.length)),
		};
	}

	private updateClientValues(p: JsonObject): JsonObject {
		const client = this.requireClient(p.client_id);
		if (!Array.isArray(p.fields) || !p.fields.length) return fail('Неверный request');
		for (const field of p.fields as JsonObject[]) {
			const type = num(field?.value_type_id);
			if (type === 1) {
				const key = Object.entries(CLIENT_SERVICE_FIELDS).find(
					([, f]) => f.input_id === num(field.input_id),
				)?.[0];
				if (!key) return fail(`Поле ${String(field.input_id)} не найдено`);
				client.service[key] = String(field.value ?? '');
				if (key === 'name') client.name = String(field.value ?? '');
			} else if (type === 2)
				Object.assign(client.custom, this.checkCustom(this.fields.client, [field], 'input_id'));
			else return fail('Неверный request');
		}
		client.updated_at = Date.now();
		return {
			result: {
				client_id: String(client.id),
				user_id: String(p.user_id ?? 0),
				employee_id: String(p.employee_id ?? 0),
				fields: p.fields,
			},
		};
	}

	private addContact(p: JsonObject): JsonObject {
		const client = this.requireClient(p.client_id);
		if (typeof p.name !== 'string' || !p.name.trim()) return fail('Не указано имя контакта');
		if (!p.phone && !p.email) return fail('Не указан телефон или email');
		if (p.birthday !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(p.birthday)))
			return fail('Неверная дата рождения');
		for (const key of Object.keys(p))
			if (!['client_id', 'name', 'birthday', ...Object.keys(CONTACT_TYPE_IDS)].includes(key))
				return fail(`Неизвестное поле ${key}`);
		const now = Date.now();
		// The contact's name is kept in element_note: the entries the document shows carry no name of their own.
		for (const [type, raw] of Object.entries(p)) {
			if (!(type in CONTACT_TYPE_IDS) || raw === undefined || raw === '') continue;
			const entry =
				type === 'work_phone' && typeof raw === 'object'
					? (raw as JsonObject)
					: { value: raw, addon: '' };
			this.addEntry(
				client,
				type,
				String(entry.value),
				String(entry.addon ?? ''),
				p.name,
				p.birthday ?? null,
				now,
			);
		}
		client.updated_at = now;
		return {};
	}

	private addCompany(client: Client, p: JsonObject): JsonObject {
		if (typeof p.short_name !== 'string' || !p.short_name.trim())
			return fail('Не указано сокращённое наименование');
		// The document says INN has 12 characters, KPP 9, OGRN 15; a company's INN has 10 and OGRN 13, so both lengths are taken.
		if (!/^(\d{10}|\d{12})$/.test(String(p.inn ?? ''))) return fail('Неверный ИНН');
		if (p.kpp !== undefined && !/^\d{9}$/.test(String(p.kpp))) return fail('Неверный КПП');
		if (p.ogrn !== undefined && !/^(\d{13}|\d{15})$/.test(String(p.ogrn)))
			return fail('Неверный ОГРН');
		const allowed = [
			'short_name',
			'inn',
			'full_name',
			'kpp',
			'ogrn',
			'legal_address',
			'postal_address',
			'bank_name',
			'bik',
			'payment_account',
			'correspondent_account',
			'general_manager',
		];
		for (const key of Object.keys(p))
			if (!allowed.includes(key)) return fail(`Неизвестное поле ${key}`);
		const now = stamp();
		const company = {
			id: this.nextId('logs'),
			crm_id: S.crmId,
			crm_element_id: 2,
			element_id: client.id,
			primary: client.companies.length ? 0 : 1,
			...p,
			inn: Number(p.inn),
			created_at: now,
			updated_at: now,
			deleted_at: null,
		};
		client.companies.push(company);
		return company;
	}

	/**
	 * stat/custom: the sandbox's one report (id 1) counts the deals of a pipeline per stage and sums their
	 * "Сумма" field over the period; its rows and columns follow the document's shape.
	 */
	private customStat(p: JsonObject): JsonObject {
		for (const key of ['stat_id', 'pipeline_id', 'start_date', 'end_date', 'show_type'])
			if (p[key] === undefined || p[key] === '') return fail(`Не указан ${key}`);
		if (num(p.stat_id) !== 1) return fail('Статистика не найдена');
		if (!['table', 'tree'].includes(p.show_type)) return fail('Неверный show_type');
		for (const key of ['start_date', 'end_date'])
			if (!/^\d{4}-\d{2}-\d{2}$/.test(String(p[key]))) return fail(`Неверный ${key}`);
		const pipeline = this.dealPipelines.find((x) => x.id === num(p.pipeline_id));
		if (!pipeline) return fail('Воронка не найдена');
		const deals = [...this.deals.values()].filter(
			(d) =>
				d.pipeline_id === pipeline.id &&
				this.inPeriod({ date_start: p.start_date, date_end: p.end_date }, () => d.created_at),
		);
		const rows = pipeline.stages.map((stage) => {
			const here = deals.filter((d) => d.stage_id === stage.id);
			return {
				'1_value': stage.id,
				'1_name': stage.name,
				'2_column': here.length,
				'3_column': here.reduce((sum, d) => sum + Number(d.custom[S.fields.dealSum] ?? 0), 0),
			};
		});
		const total = {
			total: true,
			'2_column': deals.length,
			'3_column': rows.reduce((sum, r) => sum + r['3_column'], 0),
		};
		const data =
			p.show_type === 'tree'
				? [{ pipeline_id: pipeline.id, children: rows }, total]
				: [...rows, total];
		const column = (id: number, name: string) => ({
			id,
			crm_id: S.crmId,
			custom_stat_id: 1,
			created_at: '2021-04-22 12:56:36',
			updated_at: '2021-04-22 12:56:36',
			deleted_at: null,
			settings: { staticColumnName: name, typeColumn: id === 2 ? 1 : 2 },
		});
		return {
			result: {
				data,
				tableColumns: [column(2, 'Количество сделок'), column(3, 'Сумма')],
				settings: { rowParams: [{ type: 1 }] },
			},
		};
	}

	/** Field search (part 1, §14): the filters the document describes, strictly typed. */
	private searchDealsByFields(p: JsonObject): JsonObject {
		const f = p.filter as JsonObject;
		if (!f || typeof f !== 'object' || Array.isArray(f)) return fail('Неверный request');
		const ids = (key: string): number[] | null => {
			if (f[key] === undefined) return null;
			if (!Array.isArray(f[key])) return fail(`${key} должен быть массивом`);
			return (f[key] as unknown[]).map(Number);
		};
		const pipelines = ids('pipelines');
		const stages = ids('dealStages');
		const inboxTypes = ids('inboxTypes');
		const tags = f.tags === undefined ? null : (f.tags as unknown[]).map(String);
		const users =
			f.employees?.users === undefined ? null : (f.employees.users as unknown[]).map(Number);
		const departments =
			f.employees?.departments === undefined
				? null
				: (f.employees.departments as unknown[]).map(Number);
		const dealInputs = (f.inputs?.['3'] ?? {}) as JsonObject;
		const clientInputs = (f.inputs?.['2'] ?? {}) as JsonObject;
		const dateTypes = [
			'all',
			'yesterday',
			'today',
			'week',
			'last_week',
			'month',
			'last_month',
			'period',
			'earlier_than',
			'later_than',
		];
		for (const d of (f.dateFilters ?? []) as JsonObject[]) {
			if (!dateTypes.includes(d?.dateType)) return fail('Неверный dateType');
			if (
				![
					'created',
					'closed',
					'stage_changed',
					'stage_transition',
					'lead_created',
					'first_lead_created',
					'next_task',
				].includes(d.dateSelectType)
			)
				return fail('Неверный dateSelectType');
			if (['period', 'earlier_than', 'later_than'].includes(d.dateType) && !d.dates?.start)
				return fail('Не указана дата начала');
			if (d.dateType === 'period' && !d.dates?.end) return fail('Не указана дата конца');
		}
		const keyword = String(p.keyword ?? '')
			.trim()
			.toLowerCase();
		const matchesCustom = (values: Record<number, string>, inputs: JsonObject) =>
			Object.entries((inputs.custom ?? {}) as JsonObject).every(([id, wanted]) => {
				const have = values[Number(id)];
				const comparison = inputs.comparison?.[id];
				if (comparison?.type === 'range')
					return (
						have !== undefined &&
						Number(have) >= Number(wanted) &&
						(comparison.value_to === undefined || Number(have) <= Number(comparison.value_to))
					);
				return Array.isArray(wanted)
					? wanted.map(String).includes(String(have))
					: String(have ?? '') === String(wanted);
			});
		const firstDealOf = (clientId: number) =>
			Math.min(
				...[...this.deals.values()].filter((d) => d.client_id === clientId).map((d) => d.id),
			);
		const all = [...this.deals.values()]
			.filter((d) => !pipelines || pipelines.includes(d.pipeline_id))
			.filter((d) => !stages || stages.includes(d.stage_id))
			.filter((d) => !inboxTypes || inboxTypes.includes(d.inbox_type_id))
			.filter((d) => !tags || tags.every((t) => d.tags.includes(t)))
			.filter((d) => !users || users.includes(d.employee_id === 0 ? -1 : d.employee_id))
			.filter((d) => !departments || !departments.length || departments.includes(d.department_id))
			.filter(
				(d) =>
					dealInputs.service?.['2001'] === undefined ||
					d.name.toLowerCase().includes(String(dealInputs.service['2001']).toLowerCase()),
			)
			.filter((d) => matchesCustom(d.custom, dealInputs))
			.filter((d) => {
				const client = this.clients.get(d.client_id);
				if (
					clientInputs.service?.['1001'] !== undefined &&
					!String(client?.name ?? '')
						.toLowerCase()
						.includes(String(clientInputs.service['1001']).toLowerCase())
				)
					return false;
				return matchesCustom(client?.custom ?? {}, clientInputs);
			})
			.filter((d) => !f.firstDealClient || firstDealOf(d.client_id) === d.id)
			.filter((d) =>
				((f.dateFilters ?? []) as JsonObject[]).every((df) => {
					const at =
						df.dateSelectType === 'closed'
							? d.closed_at
							: df.dateSelectType === 'stage_changed'
								? d.stage_updated_at
								: d.created_at;
					if (df.dateType === 'all') return true;
					if (at === null) return false;
					const day = stamp(at).slice(0, 10);
					if (df.dateType === 'today') return day === stamp().slice(0, 10);
					if (df.dateType === 'earlier_than') return day < df.dates.start;
					if (df.dateType === 'later_than') return day > df.dates.start;
					if (df.dateType === 'period') return day >= df.dates.start && day <= df.dates.end;
					return true;
				}),
			)
			.filter((d) => {
				if (!keyword) return true;
				const client = this.clients.get(d.client_id);
				return [d.name, client?.name, client?.phone, client?.email].some((v) =>
					String(v ?? '')
						.toLowerCase()
						.includes(keyword),
				);
			})
			.sort((a, b) => b.id - a.id);
		const { items, limit, next } = this.page(p, all);
		return {
			all_ids: all.map((d) => d.id),
			count: all.length,
			max_colls_contacts: 1,
			keyword: p.keyword ?? '',
			offset: next,
			limit,
			result: items.map((d) => {
				const stage = this.dealStage(d);
				const client = this.clients.get(d.client_id);
				return {
					...this.presentDealNumeric(d),
					stage: stage.name,
					status_id: stage.status_id,
					stage_color: stage.color,
					name: d.name,
					client_name: client?.name ?? null,
					phone: client?.phone ?? null,
					email: client?.email ?? null,
					tags: d.tags,
					values: {
						service: {},
						custom: Object.entries(d.custom).map(([input_id, value]) => ({
							input_id: Number(input_id),
							value,
						})),
					},
				};
			}),
		};
	}

	/** `stage_transition`: the deal entered one of `date_stage_ids` (any stage when none is given) within the period. */
	private enteredInPeriod(deal: Deal, p: JsonObject): boolean {
		const stages = p.date_stage_ids === undefined ? null : listOf(p.date_stage_ids).map(Number);
		return deal.transitions.some(
			(t) => (!stages || stages.includes(t.stage_id)) && this.inPeriod(p, () => t.at),
		);
	}

	private listDeals(p: JsonObject): JsonObject {
		const dateTypes = ['created', 'updated', 'closed', 'stage_changed', 'stage_transition'];
		if (p.date_type !== undefined && !dateTypes.includes(p.date_type))
			return fail('Неверный request');
		const stages = p.stage_id === undefined ? null : listOf(p.stage_id).map(Number);
		const pipelines = p.pipeline_id === undefined ? null : listOf(p.pipeline_id).map(Number);
		const keyword = String(p.keyword ?? '')
			.trim()
			.toLowerCase();
		const all = [...this.deals.values()]
			.filter((d) => !stages || stages.includes(d.stage_id))
			.filter((d) => !pipelines || pipelines.includes(d.pipeline_id))
			.filter((d) => {
				if (!keyword) return true;
				const client = this.clients.get(d.client_id);
				return [d.name, client?.name, client?.phone, client?.email].some((v) =>
					String(v ?? '')
						.toLowerCase()
						.includes(keyword),
				);
			})
			.filter((d) =>
				p.date_type === 'stage_transition'
					? this.enteredInPeriod(d, p)
					: this.inPeriod(p, (t) =>
							t === 'updated'
								? d.updated_at
								: t === 'closed'
									? d.closed_at
									: t === 'created'
										? d.created_at
										: d.stage_updated_at,
						),
			)
			.sort((a, b) => b.id - a.id);
		const { items, limit, next } = this.page(p, all);
		return {
			dateType: 'period',
			dateSelectType: p.date_type ?? 'created',
			offset: next,
			limit,
			result: items.map((d) => {
				const stage = this.dealStage(d);
				const client = this.clients.get(d.client_id);
				const name = {
					id: String(d.id * 10),
					crm_id: String(S.crmId),
					deal_id: String(d.id),
					input_id: String(DEAL_SERVICE_FIELDS.name.input_id),
					type_id: '1',
					value: d.name,
					mask: null,
					created_at: stamp(d.created_at),
					updated_at: null,
					deleted_at: null,
					name: DEAL_SERVICE_FIELDS.name.name,
					name_id: 'name',
				};
				return {
					id: String(d.id),
					inbox_type_id: String(d.inbox_type_id),
					stage_updated_at: d.stage_updated_at === null ? null : stamp(d.stage_updated_at),
					client_id: String(d.client_id),
					pipeline_id: String(d.pipeline_id),
					stage_id: String(d.stage_id),
					stage: stage.name,
					user_id: String(d.user_id),
					employee_id: String(d.employee_id),
					department_id: String(d.department_id),
					status_id: String(stage.status_id),
					stage_color: stage.color,
					created_at: stamp(d.created_at),
					client_name: client?.name ?? null,
					values: { service: { name }, custom: [] },
					connected_lead_id: d.connected_lead_id.map(String),
				};
			}),
			count: String(all.length),
			inputs_sum: [],
		};
	}
}

export async function startEnvyboxSandbox(port = Number(process.env.ENVYBOX_SANDBOX_PORT ?? 4020)) {
	const definition = new EnvyboxSandbox();
	const running = await startSandbox(definition, port);
	return Object.assign(running, { sandbox: definition });
}
