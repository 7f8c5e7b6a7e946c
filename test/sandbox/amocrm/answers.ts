// The shapes amoCRM answers with, shared by the sandbox and its sections.
import type { JsonObject, SandboxResponse } from '../common';

export interface ValidationError {
	code: string;
	path: string;
	detail: string;
}

/** Thrown by a route to answer 400 "Request validation failed" with these `validation-errors`. */
export class ValidationFailed extends Error {
	constructor(readonly errors: Array<{ request_id: string; errors: ValidationError[] }>) {
		super('Request validation failed');
	}
}

/** What nginx in front of amoCRM answers instead of JSON (amocrm-api-php issues #318, #434, #526). */
export const htmlPage = (status: number, text: string): SandboxResponse => ({
	status,
	contentType: 'text/html',
	body: `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
});

export const now = () => Math.floor(Date.now() / 1000);
export const problem = (
	status: number,
	title: string,
	detail: string,
	extra: JsonObject = {},
): SandboxResponse => ({
	status,
	contentType: 'application/problem+json',
	body: { title, type: `https://httpstatus.es/${status}`, status, detail, ...extra },
});
export const ok = (body: unknown): SandboxResponse => ({
	status: 200,
	contentType: 'application/hal+json',
	body,
});
export const noContent = (): SandboxResponse => ({ status: 204 });
/** A batch write's answer: the written records under `_embedded[key]`, with a self link to `href`. */
export const batchAnswer = (href: string, key: string, records: unknown[]): SandboxResponse =>
	ok({ _links: { self: { href } }, _embedded: { [key]: records } });

export const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
export const isTimestamp = (v: unknown) => isInt(v) && (v as number) >= 0;

/** The validation error for a field amoCRM does not take in a write. */
export const notExpected = (path: string): ValidationError => ({
	code: 'NotSupportedField',
	path,
	detail: 'This field was not expected.',
});

/** A `notExpected` for each key of `item` that is not in `allowed`, its path under `prefix` (`metadata.`). */
export const unexpectedFields = (
	item: JsonObject,
	allowed: readonly string[],
	prefix = '',
): ValidationError[] =>
	Object.keys(item)
		.filter((key) => !allowed.includes(key))
		.map((key) => notExpected(prefix + key));
