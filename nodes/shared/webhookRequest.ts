import { timingSafeEqual } from 'crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { decodeBracketedForm, FormDecodeError, formPairs } from './bracketForm';

/** The form fields of the request, from the raw body when n8n kept it (its parser stops at 1,000 fields). */
function requestPairs(ctx: IWebhookFunctions): Array<[string, string]> {
	const request = ctx.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
	if (Buffer.isBuffer(request.rawBody) && request.rawBody.length)
		return formPairs(request.rawBody.toString('utf8'));
	const body = request.body;
	if (typeof body === 'string') return formPairs(body);
	if (!body || typeof body !== 'object') return [];
	return Object.entries(body as IDataObject).flatMap(([key, value]) =>
		(Array.isArray(value) ? value : [value]).map((v): [string, string] => [
			key,
			typeof v === 'string' ? v : JSON.stringify(v),
		]),
	);
}

/**
 * The request's bracketed form as JSON when its `secretName` query parameter holds `expected`. Else
 * it answers 401 with `refusal` (or 400 naming a field it cannot decode) and gives null.
 */
export function secretForm(
	ctx: IWebhookFunctions,
	secretName: string,
	expected: string,
	refusal: string,
): IDataObject | null {
	const response = ctx.getResponseObject();
	if (!sameSecret((ctx.getQueryData() as IDataObject)[secretName], expected)) {
		response.status(401).json({ error: refusal });
		return null;
	}
	try {
		return decodeBracketedForm(requestPairs(ctx)) as IDataObject;
	} catch (error) {
		if (!(error instanceof FormDecodeError))
			throw new NodeOperationError(ctx.getNode(), error as Error);
		response.status(400).json({ error: error.message });
		return null;
	}
}

/** Compares a secret given in a request with the expected one in constant time. */
function sameSecret(given: unknown, expected: string): boolean {
	const a = Buffer.from(String(given ?? ''));
	const b = Buffer.from(expected);
	return b.length > 0 && a.length === b.length && timingSafeEqual(a, b);
}
