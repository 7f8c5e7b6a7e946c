// A loopback imitation of the Bitrix24 REST API as reached through an inbound webhook
// (`https://<portal>/rest/<user id>/<code>/<method>`), for the three list methods a migration reads:
// crm.contact.list, crm.deal.list and crm.status.list. Where behaviour varies, the stricter reading:
//  - a wrong user id or code answers 401 INVALID_CREDENTIALS; an unknown method 404 ERROR_METHOD_NOT_FOUND;
//  - lists give 50 records per call from `start`, with `next` while more remain and `total`;
//  - PHONE and EMAIL come back only when `select` names them (`*` alone leaves them out);
//  - over the request limit the answer is 503 QUERY_LIMIT_EXCEEDED (2 requests a second by default).
import { type ApiContext, type JsonObject, type SandboxDefinition, type SandboxResponse, listOf, startSandbox } from '../common';
import { BITRIX24_SANDBOX, type Bitrix24Record, defaultStages, type MultiField, WEBHOOK_PATH } from './state';

const PAGE = 50;
const MULTI_FIELDS = ['PHONE', 'EMAIL', 'WEB', 'IM'];

const failure = (status: number, error: string, description: string): SandboxResponse => ({ status, body: { error, error_description: description } });

/** Records of the seed's export format, with the IDs and types Bitrix24 gives multi-field values. */
function normalise(record: JsonObject, id: string, multiIds: () => number): Bitrix24Record {
	const out: Bitrix24Record = { ...record, ID: id };
	for (const field of MULTI_FIELDS) {
		if (!Array.isArray(record[field])) continue;
		out[field] = (record[field] as MultiField[]).map((v) => ({ ID: String(multiIds()), VALUE_TYPE: v.VALUE_TYPE ?? 'WORK', VALUE: String(v.VALUE ?? ''), TYPE_ID: field }));
	}
	return out;
}

export class Bitrix24Sandbox implements SandboxDefinition {
	name = 'Bitrix24';
	defaultFaults = { rps: BITRIX24_SANDBOX.rps };
	contacts: Bitrix24Record[] = [];
	deals: Bitrix24Record[] = [];
	stages: Bitrix24Record[] = [];
	private lastId = new Map<string, number>();

	reset(): void {
		this.contacts = [];
		this.deals = [];
		this.stages = defaultStages();
		this.lastId = new Map([
			['contacts', 0],
			['deals', 0],
			['stages', this.stages.length],
			['multi', 0],
		]);
	}

	private nextId(kind: string): number {
		const id = (this.lastId.get(kind) ?? 0) + 1;
		this.lastId.set(kind, id);
		return id;
	}

	/** `{contacts, deals, stages}` in the export format of the seed; stages replace the default ones. */
	seed(body: JsonObject): void {
		const take = (kind: 'contacts' | 'deals', list: unknown) => {
			for (const raw of (list ?? []) as JsonObject[]) {
				const id = raw.ID !== undefined ? String(raw.ID) : String(this.nextId(kind));
				this.lastId.set(kind, Math.max(this.lastId.get(kind) ?? 0, Number(id) || 0));
				const record = normalise(raw, id, () => this.nextId('multi'));
				const store = this[kind];
				const at = store.findIndex((r) => r.ID === id);
				if (at >= 0) store[at] = record;
				else store.push(record);
			}
		};
		take('contacts', body.contacts);
		take('deals', body.deals);
		if (Array.isArray(body.stages)) {
			this.stages = (body.stages as JsonObject[]).map((raw, i) => ({ ENTITY_ID: 'DEAL_STAGE', SORT: String((i + 1) * 10), CATEGORY_ID: '0', ...raw, ID: String(raw.ID ?? i + 1) }) as Bitrix24Record);
		}
	}

	dump(): JsonObject {
		return { contacts: this.contacts, deals: this.deals, stages: this.stages };
	}

	rateKey(request: { path: string }): string | null {
		const match = /^\/rest\/([^/]+)\/([^/]+)\//.exec(request.path);
		return match ? `${match[1]}/${match[2]}` : null;
	}

	faultResponse(kind: 429 | 403 | 500 | 502 | 503): SandboxResponse {
		if (kind === 429) return failure(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
		if (kind === 403) return failure(403, 'ACCESS_DENIED', 'Access denied');
		return failure(kind, 'INTERNAL_SERVER_ERROR', 'Internal server error');
	}

	handle({ request }: ApiContext): SandboxResponse | null {
		const match = /^\/rest\/([^/]+)\/([^/]+)\/([^/]+?)(\.json)?$/.exec(request.path);
		if (!match) return null;
		const [, userId, code, method] = match;
		if (userId !== String(BITRIX24_SANDBOX.userId) || code !== BITRIX24_SANDBOX.webhookCode) {
			return failure(401, 'INVALID_CREDENTIALS', 'Invalid request credentials');
		}
		const params: JsonObject = { ...request.query, ...(request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? request.body : {}) };
		switch (method.toLowerCase()) {
			case 'crm.contact.list':
				return this.list(this.contacts, params, true);
			case 'crm.deal.list':
				return this.list(this.deals, params, true);
			case 'crm.status.list':
				return this.list(this.stages, params, false);
			default:
				return failure(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
		}
	}

	private list(records: Bitrix24Record[], params: JsonObject, multiOnlyWhenSelected: boolean): SandboxResponse {
		const started = Date.now() / 1000;
		const filter = (params.filter ?? {}) as JsonObject;
		if (typeof filter !== 'object' || Array.isArray(filter)) return failure(400, 'INVALID_ARG_VALUE', 'Invalid filter');
		const start = params.start === undefined ? 0 : Number(params.start);
		if (!Number.isInteger(start) || start < -1) return failure(400, 'INVALID_ARG_VALUE', 'Invalid value of start');
		const matching = records.filter((record) =>
			Object.entries(filter).every(([key, wanted]) => {
				const field = key.replace(/^[=<>!@]+/, '');
				return listOf(wanted).map(String).includes(String(record[field] ?? ''));
			}),
		);
		const order = (params.order ?? { ID: 'ASC' }) as JsonObject;
		const [field, direction] = Object.entries(order)[0] ?? ['ID', 'ASC'];
		const numeric = (v: unknown) => (v !== null && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : String(v ?? ''));
		matching.sort((a, b) => {
			const x = numeric(a[field]);
			const y = numeric(b[field]);
			const cmp = x < y ? -1 : x > y ? 1 : 0;
			return String(direction).toUpperCase() === 'DESC' ? -cmp : cmp;
		});
		const select = listOf(params.select ?? ['*']).map(String);
		const shown = (record: Bitrix24Record) => {
			const out: JsonObject = {};
			const all = select.includes('*');
			for (const [key, value] of Object.entries(record)) {
				const multi = MULTI_FIELDS.includes(key);
				if (multi ? select.includes(key) || !multiOnlyWhenSelected : all || select.includes(key) || key === 'ID') out[key] = value;
			}
			return out;
		};
		const from = Math.max(0, start);
		const page = matching.slice(from, from + PAGE).map(shown);
		const body: JsonObject = { result: page, total: matching.length, time: { start: started, finish: Date.now() / 1000, duration: Date.now() / 1000 - started } };
		if (from + PAGE < matching.length) body.next = from + PAGE;
		return { status: 200, body };
	}
}

export async function startBitrix24Sandbox(port = Number(process.env.BITRIX24_SANDBOX_PORT ?? 4030)) {
	const definition = new Bitrix24Sandbox();
	const running = await startSandbox(definition, port);
	return Object.assign(running, { sandbox: definition, webhookUrl: `${running.url}${WEBHOOK_PATH}` });
}
