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

import { accountBaseUrl } from '../../../credentials/amoCrmConnection';
import { oncePerRun } from '../../shared/perRun';
import { amoCrmApiError, readFailedResponse } from './errors';
import { FILTERABLE_LIST, filterCheck, pastRange } from './filters';

export type AmoCrmContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;

/** amoCRM's most records per page, and the hard cap of entities per write. */
export const MAX_BATCH = 250;
/** Entities per write by default: amoCRM recommends at most 50 (a bigger batch risks a 504). */
export const DEFAULT_WRITE_BATCH = 50;

const MAX_429_RETRIES = 6;
const MAX_FAILURE_RETRIES = 3;
/** A wait amoCRM asks for beyond this is not waited out: the request fails with the wait named. */
const MAX_WAIT_MS = 60_000;
/**
 * amoCRM blocks an account (403 on every request, until its support lifts it) after repeated 429s;
 * the sandbox plays the block at 30 within a minute. This many 429s of one credential within a
 * minute stop its retrying well before that.
 */
const MAX_429S_PER_MINUTE = 12;

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

export { oncePerRun } from '../../shared/perRun';

/** The node's credential as this node run started with it: read once, shared by its requests. */
async function credentialsOf(ctx: AmoCrmContext): Promise<IDataObject> {
	return await oncePerRun(
		ctx,
		'credentials',
		async () => await ctx.getCredentials(credentialTypeOf(ctx)),
	);
}

const accessTokenOf = (credentials: IDataObject) =>
	(credentials.oauthTokenData as IDataObject | undefined)?.access_token;

/**
 * n8n 1.x refreshes an OAuth2 token without coordinating executions (2.x lets one refresh serve all).
 * When two executions meet an expired token at once, amoCRM's single-use refresh token lets only the
 * first refresh: the second fails with 401 while the first saves the new token. So after a 401 on
 * OAuth2 the credential is read again for up to 2 s: a token other than the one this node run
 * started with means the refresh happened elsewhere, and the request is worth one more try.
 */
async function tokenRenewedElsewhere(ctx: AmoCrmContext, startedWith: unknown): Promise<boolean> {
	for (let attempt = 0; attempt < 10; attempt++) {
		const current = accessTokenOf(await ctx.getCredentials('amoCrmOAuth2Api'));
		if (current && current !== startedWith) return true;
		await sleep(200);
	}
	return false;
}

/** Entities per write request: the credential's setting (amoCRM takes up to 250), 50 when unset. */
export async function writeBatchSizeOf(ctx: AmoCrmContext): Promise<number> {
	const size = Number((await credentialsOf(ctx)).writeBatchSize);
	return Number.isInteger(size) && size >= 1 ? Math.min(size, MAX_BATCH) : DEFAULT_WRITE_BATCH;
}

/** The account address, read from the credential once per node run rather than once per request. */
export async function accountBaseUrlOf(ctx: AmoCrmContext): Promise<string> {
	return accountBaseUrl(await credentialsOf(ctx));
}

// Pacing. amoCRM allows 7 requests a second per integration (credential) and 50 per account. Inside
// one process the pace below keeps to that. Several processes with one token (n8n's queue-mode
// workers) cannot see each other, so amoCRM's 429 is the only signal they share: each process adapts
// to it, the way TCP senders share a link.
// - The first 429 after a calm spell means another sender appeared: the pace halves.
// - While 429s keep coming (contention, the last within CONTENTION_MS), a 429 costs one step only.
// - Every `probeGap` without a 429 the pace tries one step up. A step up answered by a 429 within
//   PROBE_MS overshot: it is taken back and the next try waits twice as long (up to MAX_PROBE_GAP_MS);
//   a step up that held lets the next come sooner (down to RECOVERY_MS): alone again, a process climbs
//   back to full pace within minutes.
// So processes that share the token settle where their sum is just under the limit, and the rare
// step up that overshoots draws one or two 429s, far from the 403 that repeated 429s bring.
// After any 429 every request of that credential in this process waits out `retry_after`.
interface Slot {
	/** When the answer arrived; Infinity while the request is in flight. */
	at: number;
}
interface Pace {
	slots: Slot[];
	perSecond: number;
	ceiling: number;
	pausedUntil: number;
	last429s: number[];
	lastChange: number;
	lastStepUp: number;
	probeGap: number;
}
const paces = new Map<string, Pace>();
const WINDOW_MS = 1000;
const RECOVERY_MS = 15_000;
const MAX_PROBE_GAP_MS = 120_000;
const PROBE_MS = 5_000;
const CONTENTION_MS = 5 * 60_000;

function paceOf(key: string, ceiling: number): Pace {
	let pace = paces.get(key);
	if (!pace) {
		pace = {
			slots: [],
			perSecond: ceiling,
			ceiling,
			pausedUntil: 0,
			last429s: [],
			lastChange: 0,
			lastStepUp: 0,
			probeGap: RECOVERY_MS,
		};
		paces.set(key, pace);
	}
	return pace;
}

/** One step up after `probeGap` without a 429; a step up that held brings the next one sooner. */
function stepUp(pace: Pace, now: number) {
	if (pace.perSecond >= pace.ceiling || now - pace.lastChange < pace.probeGap) return;
	if (pace.lastStepUp > 0 && pace.lastStepUp === pace.lastChange)
		pace.probeGap = Math.max(RECOVERY_MS, pace.probeGap / 2);
	pace.perSecond++;
	pace.lastChange = now;
	pace.lastStepUp = now;
}

/**
 * Waits until every pace has room — fewer requests answered in the last second (or in flight) than
 * it allows, and no pause — then takes a slot in each. Times are taken when the answer arrives,
 * never earlier than when amoCRM counted the request, so amoCRM never sees more than the pace.
 */
async function takeSlot(all: Pace[]): Promise<Slot> {
	for (;;) {
		const now = Date.now();
		let wait = 0;
		for (const pace of all) {
			stepUp(pace, now);
			pace.slots = pace.slots.filter((slot) => now - slot.at < WINDOW_MS);
			if (pace.pausedUntil > now) wait = Math.max(wait, pace.pausedUntil - now);
			else if (pace.slots.length >= pace.perSecond) {
				const oldest = Math.min(...pace.slots.map((slot) => slot.at));
				wait = Math.max(wait, Number.isFinite(oldest) ? oldest + WINDOW_MS - now + 1 : 20);
			}
		}
		if (wait === 0) {
			const slot = { at: Infinity };
			for (const pace of all) pace.slots.push(slot);
			return slot;
		}
		await sleep(wait);
	}
}

/** A 429: the credential pauses for `waitMs` and slows down; says whether retrying is still safe. */
function noteTooManyRequests(pace: Pace, waitMs: number): boolean {
	const now = Date.now();
	// Requests sent before the first 429 of a pause answer 429 too: the pace drops once per pause.
	if (pace.pausedUntil <= now) {
		const contended = pace.last429s.some((t) => now - t < CONTENTION_MS);
		if (now - pace.lastStepUp < PROBE_MS) {
			pace.probeGap = Math.min(MAX_PROBE_GAP_MS, pace.probeGap * 2);
			pace.perSecond = Math.max(1, pace.perSecond - 1);
		} else if (contended) pace.perSecond = Math.max(1, pace.perSecond - 1);
		else pace.perSecond = Math.max(1, Math.floor(pace.perSecond / 2));
		pace.lastChange = now;
	}
	pace.pausedUntil = Math.max(pace.pausedUntil, now + waitMs);
	pace.last429s = pace.last429s.filter((t) => now - t < CONTENTION_MS);
	pace.last429s.push(now);
	return pace.last429s.filter((t) => now - t < 60_000).length < MAX_429S_PER_MINUTE;
}

/** Seconds amoCRM asks to wait: `retry_after` in the body (Kommo's 429), or a Retry-After header. */
export function retryAfterMs(headers: Record<string, unknown>, body: unknown): number | null {
	let parsed = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body);
		} catch {
			parsed = undefined;
		}
	}
	const fromBody = Number((parsed as IDataObject | undefined)?.retry_after);
	if (parsed && typeof parsed === 'object' && Number.isFinite(fromBody) && fromBody >= 0)
		return fromBody * 1000;
	const raw = headers['retry-after'] ?? headers['Retry-After'];
	if (raw === undefined || raw === null) return null;
	const seconds = Number(raw);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(raw));
	return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

const backoffMs = (attempt: number) =>
	Math.min(1000 * 2 ** attempt, 30_000) + Math.floor(Math.random() * 250);

/** A body of raw bytes (a part of a file) sent as it is, with its own Content-Type, instead of JSON. */
export interface RawBody {
	bytes: Buffer;
	contentType: string;
}

const isRawBody = (body: unknown): body is RawBody =>
	Buffer.isBuffer((body as RawBody | undefined)?.bytes);

/** An absolute address (amoCRM's file storage is another host) is taken as it is; a path goes to the account. */
const isAbsolute = (endpoint: string) => /^https?:\/\//i.test(endpoint);

/**
 * How a request is named in error messages: an absolute address without its query, and without path
 * parts long enough to be tokens (the file storage puts a signed upload token in the path).
 */
export function describeEndpoint(endpoint: string): string {
	if (!isAbsolute(endpoint)) return endpoint;
	const url = new URL(endpoint);
	return `${url.origin}${url.pathname
		.split('/')
		.map((part) => (part.length > 40 ? '…' : part))
		.join('/')}`;
}

/** An error answer read as bytes (a download) becomes text or JSON, as other answers are. */
function decodedBody(body: unknown): unknown {
	const bytes = Buffer.isBuffer(body)
		? body
		: body instanceof ArrayBuffer
			? Buffer.from(body)
			: null;
	if (!bytes) return body;
	const text = bytes.toString('utf8');
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

interface FullResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, unknown>;
}

/**
 * One amoCRM API call through the node's credential; `undefined` for amoCRM's empty 204 answers.
 * `endpoint` is a path on the account, or an absolute address on amoCRM's file storage (which takes
 * the same token, and is paced with the account). `body` is JSON, or raw bytes with their type.
 * `idempotent`: whether sending the request twice leaves the same state as sending it once. Reads
 * (the default for GET), updates and (un)links are; creations are not, so a 5xx or a dropped
 * connection on them is not retried. A 504 on a write is not retried here either: amoCRM advises a
 * smaller batch then, which the batch writer sends. A 403 is never retried.
 */
export async function amoCrmApiRequest(
	this: AmoCrmContext,
	method: IHttpRequestMethods,
	endpoint: string,
	body?: IDataObject | IDataObject[] | RawBody,
	qs?: IDataObject,
	idempotent = method === 'GET',
): Promise<IDataObject | undefined> {
	const response = await sendRequest(this, method, endpoint, body, qs, idempotent, false);
	if (response.statusCode === 204 || response.body === '' || response.body === undefined)
		return undefined;
	return response.body as IDataObject;
}

/**
 * Downloads a file from amoCRM's file storage with the node's credential: its bytes and the answer's
 * headers. A redirect to another host is followed without the token.
 */
export async function amoCrmApiDownload(
	this: AmoCrmContext,
	url: string,
): Promise<{ bytes: Buffer; headers: Record<string, unknown> }> {
	const response = await sendRequest(this, 'GET', url, undefined, undefined, true, true);
	const body = response.body;
	const bytes = Buffer.isBuffer(body)
		? body
		: body instanceof ArrayBuffer
			? Buffer.from(body)
			: Buffer.from(typeof body === 'string' ? body : '');
	return { bytes, headers: response.headers };
}

async function sendRequest(
	ctx: AmoCrmContext,
	method: IHttpRequestMethods,
	endpoint: string,
	body: IDataObject | IDataObject[] | RawBody | undefined,
	qs: IDataObject | undefined,
	idempotent: boolean,
	bytesAnswer: boolean,
): Promise<FullResponse> {
	const credentialType = credentialTypeOf(ctx);
	const baseUrl = await accountBaseUrlOf(ctx);
	const raw = isRawBody(body) ? body : undefined;
	const options: IHttpRequestOptions = {
		method,
		url: isAbsolute(endpoint) ? endpoint : `${baseUrl}${endpoint}`,
		qs,
		body: raw ? raw.bytes : body,
		json: !raw && !bytesAnswer,
		arrayFormat: 'indices',
		returnFullResponse: true,
		headers: {
			Accept: bytesAnswer ? '*/*' : 'application/json',
			...(raw ? { 'Content-Type': raw.contentType } : {}),
		},
		...(bytesAnswer
			? { encoding: 'arraybuffer' as const, sendCredentialsOnCrossOriginRedirect: false }
			: {}),
	};
	const integration = paceOf(
		`${credentialType}:${baseUrl}:${ctx.getNode().credentials?.[credentialType]?.id ?? ''}`,
		7,
	);
	const account = paceOf(`account:${baseUrl}`, 50);
	let attempt429 = 0;
	let attemptFailure = 0;
	let retriedWithRenewedToken = false;
	const startedWithToken = accessTokenOf(await credentialsOf(ctx));
	for (;;) {
		const slot = await takeSlot([integration, account]);
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				credentialType,
				options,
			)) as FullResponse;
			slot.at = Date.now();
			return response;
		} catch (error) {
			slot.at = Date.now();
			const failure = readFailedResponse(error);
			failure.body = decodedBody(failure.body);
			const context = `${method} ${describeEndpoint(endpoint)}`;
			if (failure.status === 429) {
				const wait = retryAfterMs(failure.headers, failure.body) ?? backoffMs(attempt429);
				const safe = noteTooManyRequests(integration, Math.min(wait, MAX_WAIT_MS));
				if (wait > MAX_WAIT_MS)
					throw amoCrmApiError(ctx.getNode(), failure, context, { retryAfterMs: wait });
				if (safe && attempt429 < MAX_429_RETRIES) {
					attempt429++;
					continue;
				}
				throw amoCrmApiError(ctx.getNode(), failure, context, { stoppedRetrying: true });
			}
			if (
				failure.status === 401 &&
				credentialType === 'amoCrmOAuth2Api' &&
				!retriedWithRenewedToken &&
				(await tokenRenewedElsewhere(ctx, startedWithToken))
			) {
				retriedWithRenewedToken = true;
				continue;
			}
			const transient = failure.status === null || [500, 502, 503, 504].includes(failure.status);
			// A refused connection never reached amoCRM, so even a creation is safe to send again.
			const safe =
				(idempotent && !(failure.status === 504 && method !== 'GET')) ||
				failure.networkCode === 'ECONNREFUSED';
			if (transient && safe && attemptFailure < MAX_FAILURE_RETRIES) {
				await sleep(backoffMs(attemptFailure));
				attemptFailure++;
				continue;
			}
			throw amoCrmApiError(ctx.getNode(), failure, context);
		}
	}
}

/**
 * Reads a HAL collection page by page (250 per page, or `maxPageSize`) until `limit` records or the end.
 * amoCRM keeps a `next` link even on the last page, so the end is a short page or a 204. A filtered
 * read of leads, contacts, companies or customers is checked (see ./filters): when amoCRM ignored the filters,
 * the whole list is read in pages of 250 and only what matches is kept.
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
	const wanted = FILTERABLE_LIST.test(endpoint) ? filterCheck(qs) : null;
	let filtered = true;
	const results: IDataObject[] = [];
	let pageSize = Math.min(maxPageSize, Math.max(1, Number.isFinite(limit) ? limit : maxPageSize));
	for (let page = 1; results.length < limit; page++) {
		const body = await amoCrmApiRequest.call(this, 'GET', endpoint, undefined, {
			...qs,
			page,
			limit: pageSize,
		});
		const items = ((body?._embedded as IDataObject | undefined)?.[embeddedKey] ??
			[]) as IDataObject[];
		if (wanted && filtered && items.some((record) => !wanted(record))) {
			filtered = false;
			if (pageSize < maxPageSize) {
				pageSize = maxPageSize;
				results.length = 0;
				page = 0;
				continue;
			}
		}
		results.push(...(wanted ? items.filter(wanted) : items));
		if (items.length < pageSize) break;
		if (keepGoing && !keepGoing(items)) break;
		if (!filtered && pastRange(items, qs)) break;
	}
	return results.slice(0, limit);
}

/**
 * Records with these IDs, in as few requests as possible (`filter[id]`, 250 per request). An account
 * that ignores even `filter[id]` answers with other records: those IDs are then read one by one.
 */
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
		const asked = new Set(chunk.map(String));
		// At most one record per ID: a full page is the end, no need to ask for the next one.
		const body = await amoCrmApiRequest.call(this, 'GET', endpoint, undefined, {
			...qs,
			'filter[id]': chunk,
			page: 1,
			limit: chunk.length,
		});
		const page = ((body?._embedded as IDataObject | undefined)?.[embeddedKey] ??
			[]) as IDataObject[];
		if (page.every((record) => asked.has(String(record.id)))) {
			records.push(...page);
			continue;
		}
		for (const id of chunk) {
			const record = await amoCrmApiRequest.call(this, 'GET', `${endpoint}/${id}`, undefined, qs);
			if (record) records.push(record);
		}
	}
	return records;
}
