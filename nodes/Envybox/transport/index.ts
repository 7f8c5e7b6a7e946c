import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { readFailedResponse } from '../../shared/httpFailure';
import { envelopeOf, envyboxApiError, envyboxHttpError, redact } from './errors';

export type EnvyboxContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

const MAX_RETRIES = 3;

/** POST methods that only read: safe to send again when the answer was lost. */
const READS = /(^|\/)(get|search|list|getTask|getTasks|getContacts|custom)$/;

/** Drops every `api_key` field (main/data echoes the key) and masks the key in any text, in one walk. */
function withoutKey<T>(value: T, apiKey: string): T {
	if (typeof value === 'string') return redact(value, apiKey) as T;
	if (Array.isArray(value)) return value.map((v) => withoutKey(v, apiKey)) as T;
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value)
				.filter(([k]) => k !== 'api_key')
				.map(([k, v]) => [k, withoutKey(v, apiKey)]),
		) as T;
	}
	return value;
}

/**
 * One Envybox Open API call: `POST` parameters go wrapped in `{"request": …}`, `GET` ones in the
 * query; the key is added by the credential. Envybox answers with `status_code` and `message`, under
 * HTTP 200 or an error status; anything but "success" becomes an error carrying the API's own text,
 * and is never retried, whatever the HTTP status. A 429 is waited out and retried; a 5xx without the
 * envelope and a dropped connection are retried for reads and `idempotent` writes only.
 */
export async function envyboxApiRequest(
	this: EnvyboxContext,
	method: IHttpRequestMethods,
	path: string,
	request?: IDataObject,
	qs?: IDataObject,
	idempotent = method === 'GET' || READS.test(path),
): Promise<IDataObject> {
	const credentials = await this.getCredentials('envyboxApi');
	const apiKey = String(credentials.apiKey ?? '');
	const base = String(credentials.crmUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
	const context = `${method} /openapi/v1/${path}/`;
	const options: IHttpRequestOptions = {
		method,
		url: `${base}/openapi/v1/${path}/`,
		qs,
		body: method === 'GET' ? undefined : { request: request ?? {} },
		json: true,
		headers: { Accept: 'application/json' },
	};
	for (let attempt = 0; ; attempt++) {
		let body: unknown;
		try {
			body = await this.helpers.httpRequestWithAuthentication.call(this, 'envyboxApi', options);
		} catch (error) {
			const failure = readFailedResponse(error);
			const envelope = envelopeOf(failure.body);
			if (envelope && failure.status !== 429)
				throw envyboxApiError(
					this.getNode(),
					envelope,
					context,
					apiKey,
					failure.status ?? undefined,
				);
			const transient = failure.status === null || failure.status === 429 || failure.status >= 500;
			if (
				transient &&
				(idempotent || failure.networkCode === 'ECONNREFUSED' || failure.status === 429) &&
				attempt < MAX_RETRIES
			) {
				await sleep(500 * 2 ** attempt);
				continue;
			}
			throw envyboxHttpError(this.getNode(), failure, context, apiKey);
		}
		if (typeof body === 'string') {
			const text = body;
			try {
				body = JSON.parse(text);
			} catch {
				throw envyboxHttpError(
					this.getNode(),
					{ status: 200, headers: {}, body: `not JSON: ${text.slice(0, 80)}`, networkCode: null },
					context,
					apiKey,
				);
			}
		}
		const answer = (body ?? {}) as IDataObject;
		// The field-search answer has no envelope at all; no message means no error.
		if (answer.message !== undefined && answer.message !== 'success')
			throw envyboxApiError(this.getNode(), answer, context, apiKey);
		return withoutKey(answer, apiKey);
	}
}
