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

import { oncePerRun } from '../../shared/perRun';
import { amoCrmApiError, readFailedResponse } from './errors';

export type AmoCrmContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

/** amoCRM's most records per page, and most entities per write (complex leads: 50). */
export const MAX_BATCH = 250;

const REQUESTS_PER_WINDOW = 7;
const WINDOW_MS = 1000;
const MAX_429_RETRIES = 6;
const MAX_FAILURE_RETRIES = 3;
const MAX_WAIT_MS = 60_000;

function credentialTypeOf(ctx: AmoCrmContext): 'amoCrmApi' | 'amoCrmOAuth2Api' {
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
function accountBaseUrl(credentials: IDataObject): string {
	if (credentials.zone === 'custom') return String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	const subdomain = String(credentials.subdomain ?? '')
		.trim()
		.replace(/^https?:\/\//, '')
		.split('.')[0];
	return `https://${subdomain}.${String(credentials.zone ?? 'amocrm.ru')}`;
}

export { oncePerRun } from '../../shared/perRun';

/** The account address, read from the credential once per node run rather than once per request. */
export async function accountBaseUrlOf(ctx: AmoCrmContext): Promise<string> {
	return await oncePerRun(ctx, 'baseUrl', async () => accountBaseUrl(await ctx.getCredentials(credentialTypeOf(ctx))));
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

/**
 * One amoCRM API call through the node's credential; `undefined` for amoCRM's empty 204 answers.
 * `idempotent`: whether sending the request twice leaves the same state as sending it once. Reads
 * (the default for GET), updates and (un)links are; creations are not, so a 5xx or a dropped
 * connection on them is not retried.
 */
export async function amoCrmApiRequest(
	this: AmoCrmContext,
	method: IHttpRequestMethods,
	endpoint: string,
	body?: IDataObject | IDataObject[],
	qs?: IDataObject,
	idempotent = method === 'GET',
): Promise<IDataObject | undefined> {
	const credentialType = credentialTypeOf(this);
	const baseUrl = await accountBaseUrlOf(this);
	const options: IHttpRequestOptions = {
		method,
		url: `${baseUrl}${endpoint}`,
		qs,
		body,
		json: true,
		arrayFormat: 'indices',
		returnFullResponse: true,
		headers: { Accept: 'application/json' },
	};
	const paceKey = `${credentialType}:${baseUrl}:${this.getNode().credentials?.[credentialType]?.id ?? ''}`;
	let attempt429 = 0;
	let attemptFailure = 0;
	for (;;) {
		const slot = await takeSlot(paceKey);
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, options)) as {
				statusCode: number;
				body: unknown;
			};
			slot.at = Date.now();
			if (response.statusCode === 204 || response.body === '' || response.body === undefined) return undefined;
			return response.body as IDataObject;
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
			const transient = failure.status === null || [500, 502, 503, 504].includes(failure.status);
			// A refused connection never reached amoCRM, so even a creation is safe to send again.
			const safe = idempotent || failure.networkCode === 'ECONNREFUSED';
			if (transient && safe && attemptFailure < MAX_FAILURE_RETRIES) {
				await sleep(backoffMs(attemptFailure));
				attemptFailure++;
				continue;
			}
			throw amoCrmApiError(this.getNode(), failure, `${method} ${endpoint}`);
		}
	}
}

/**
 * Reads a HAL collection page by page (250 per page, or `maxPageSize`) until `limit` records or the end.
 * amoCRM keeps a `next` link even on the last page, so the end is a short page or a 204.
 */
export async function amoCrmApiRequestAllItems(
	this: AmoCrmContext,
	endpoint: string,
	embeddedKey: string,
	qs: IDataObject = {},
	limit = Infinity,
	keepGoing?: (page: IDataObject[]) => boolean,
	maxPageSize = MAX_BATCH,
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	const pageSize = Math.min(maxPageSize, Math.max(1, Number.isFinite(limit) ? limit : maxPageSize));
	for (let page = 1; results.length < limit; page++) {
		const body = await amoCrmApiRequest.call(this, 'GET', endpoint, undefined, { ...qs, page, limit: pageSize });
		const items = ((body?._embedded as IDataObject | undefined)?.[embeddedKey] ?? []) as IDataObject[];
		results.push(...items);
		if (items.length < pageSize) break;
		if (keepGoing && !keepGoing(items)) break;
	}
	return results.slice(0, limit);
}

/** Records with these IDs, in as few requests as possible (`filter[id]`, 250 per request). */
export async function amoCrmGetByIds(
	this: AmoCrmContext,
	endpoint: string,
	embeddedKey: string,
	ids: number[],
	qs: IDataObject = {},
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const unique = [...new Set(ids)];
	for (let start = 0; start < unique.length; start += MAX_BATCH) {
		const chunk = unique.slice(start, start + MAX_BATCH);
		// At most one record per ID: a full page is the end, no need to ask for the next one.
		records.push(...(await amoCrmApiRequestAllItems.call(this, endpoint, embeddedKey, { ...qs, 'filter[id]': chunk }, chunk.length)));
	}
	return records;
}
