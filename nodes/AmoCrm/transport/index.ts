import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { amoCrmApiError, readFailedResponse } from './errors';

export type AmoCrmContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export const MAX_PAGE_SIZE = 250;

const REQUESTS_PER_WINDOW = 7;
const WINDOW_MS = 1000;
const MAX_429_RETRIES = 6;
const MAX_FAILURE_RETRIES = 3;
const MAX_WAIT_MS = 60_000;

export function credentialTypeOf(ctx: AmoCrmContext): 'amoCrmApi' | 'amoCrmOAuth2Api' {
	let authentication: unknown;
	try {
		authentication =
			'getInputData' in ctx
				? (ctx as IExecuteFunctions).getNodeParameter('authentication', 0, 'accessToken')
				: (ctx as ILoadOptionsFunctions).getNodeParameter('authentication', 'accessToken');
	} catch {
		authentication = 'accessToken';
	}
	return authentication === 'oAuth2' ? 'amoCrmOAuth2Api' : 'amoCrmApi';
}

/** Same rule as the credential's test request: `https://{subdomain}.{zone}`, or the custom base URL. */
export function accountBaseUrl(credentials: IDataObject): string {
	if (credentials.zone === 'custom') return String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	const subdomain = String(credentials.subdomain ?? '')
		.trim()
		.replace(/^https?:\/\//, '')
		.split('.')[0];
	return `https://${subdomain}.${String(credentials.zone ?? 'amocrm.ru')}`;
}

// Recent requests per credential. Only a courtesy inside one process: amoCRM's own 429 answer,
// handled below, is the brake that holds across workers.
interface Slot {
	/** When the answer arrived; Infinity while the request is in flight. */
	at: number;
}
const recentRequests = new Map<string, Slot[]>();

/**
 * Waits until fewer than 7 requests of this credential were answered in the last second (or are
 * still in flight), then takes a slot. Times are taken when the answer arrives, which is never
 * earlier than when amoCRM counted the request, so amoCRM never sees 8 in one second from here.
 */
async function takeSlot(key: string): Promise<Slot> {
	for (;;) {
		const now = Date.now();
		const window = (recentRequests.get(key) ?? []).filter((slot) => now - slot.at < WINDOW_MS);
		recentRequests.set(key, window);
		if (window.length < REQUESTS_PER_WINDOW) {
			const slot = { at: Infinity };
			window.push(slot);
			return slot;
		}
		const oldest = Math.min(...window.map((slot) => slot.at));
		await sleep(Number.isFinite(oldest) ? oldest + WINDOW_MS - now + 1 : 20);
	}
}

function retryAfterMs(headers: Record<string, unknown>): number | null {
	const raw = headers['retry-after'] ?? headers['Retry-After'];
	if (raw === undefined || raw === null) return null;
	const seconds = Number(raw);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(raw));
	return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

const backoffMs = (attempt: number) => Math.min(1000 * 2 ** attempt, 30_000) + Math.floor(Math.random() * 250);

export interface AmoCrmRequest {
	method: IHttpRequestMethods;
	endpoint: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	/**
	 * Whether sending the request twice leaves the same state as sending it once. Reads, updates
	 * and (un)links are; creations are not, so a 5xx or dropped connection on them is not retried.
	 */
	idempotent?: boolean;
}

interface AmoCrmResponse {
	statusCode: number;
	body: unknown;
}

async function send(ctx: AmoCrmContext, request: AmoCrmRequest): Promise<AmoCrmResponse> {
	const credentialType = credentialTypeOf(ctx);
	const credentials = await ctx.getCredentials(credentialType);
	const baseUrl = accountBaseUrl(credentials);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl}${request.endpoint}`,
		qs: request.qs,
		body: request.body,
		json: true,
		arrayFormat: 'indices',
		returnFullResponse: true,
		headers: { Accept: 'application/json' },
	};
	const idempotent = request.idempotent ?? request.method === 'GET';
	const paceKey = `${credentialType}:${baseUrl}:${ctx.getNode().credentials?.[credentialType]?.id ?? ''}`;
	let attempt429 = 0;
	let attemptFailure = 0;
	for (;;) {
		const slot = await takeSlot(paceKey);
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				credentialType,
				options,
			)) as { statusCode: number; body: unknown };
			slot.at = Date.now();
			return { statusCode: response.statusCode, body: response.body };
		} catch (error) {
			slot.at = Date.now();
			const failure = readFailedResponse(error);
			if (failure.status === 429 && attempt429 < MAX_429_RETRIES) {
				const wait = retryAfterMs(failure.headers) ?? backoffMs(attempt429);
				attempt429++;
				if (wait <= MAX_WAIT_MS) {
					await sleep(wait);
					continue;
				}
			}
			const transient =
				failure.status === null || failure.status === 500 || failure.status === 502 || failure.status === 503 || failure.status === 504;
			// A refused connection never reached amoCRM, so even a creation is safe to send again.
			const safe = idempotent || failure.networkCode === 'ECONNREFUSED';
			if (transient && safe && attemptFailure < MAX_FAILURE_RETRIES) {
				await sleep(backoffMs(attemptFailure));
				attemptFailure++;
				continue;
			}
			throw amoCrmApiError(ctx.getNode(), failure, `${request.method} ${request.endpoint}`);
		}
	}
}

/** One amoCRM API call through the node's credential; `undefined` for amoCRM's empty 204 answers. */
export async function amoCrmApiRequest(
	this: AmoCrmContext,
	method: IHttpRequestMethods,
	endpoint: string,
	body?: IDataObject | IDataObject[],
	qs?: IDataObject,
	idempotent?: boolean,
): Promise<IDataObject | undefined> {
	const response = await send(this, { method, endpoint, body, qs, idempotent });
	if (response.statusCode === 204 || response.body === '' || response.body === undefined) return undefined;
	return response.body as IDataObject;
}

/**
 * Reads a HAL collection page by page (250 per page) until `limit` records or the end.
 * amoCRM keeps a `next` link even on the last page, so the end is a short page or a 204.
 */
export async function amoCrmApiRequestAllItems(
	this: AmoCrmContext,
	endpoint: string,
	embeddedKey: string,
	qs: IDataObject = {},
	limit = Infinity,
	keepGoing?: (page: IDataObject[]) => boolean,
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number.isFinite(limit) ? limit : MAX_PAGE_SIZE));
	for (let page = 1; results.length < limit; page++) {
		const body = await amoCrmApiRequest.call(this, 'GET', endpoint, undefined, { ...qs, page, limit: pageSize });
		const items = ((body?._embedded as IDataObject | undefined)?.[embeddedKey] ?? []) as IDataObject[];
		results.push(...items);
		if (items.length < pageSize) break;
		if (keepGoing && !keepGoing(items)) break;
	}
	return results.slice(0, limit);
}

export { amoCrmApiError, readFailedResponse };
