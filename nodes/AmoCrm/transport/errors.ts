import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { FailedResponse } from '../../shared/httpFailure';

export { readFailedResponse } from '../../shared/httpFailure';

export interface ValidationProblem {
	requestId: string;
	errors: Array<{ code?: string; path?: string; detail?: string }>;
}

/** The per-element errors of a 400 `application/problem+json` answer, keyed by request_id. */
export function validationProblems(body: unknown): ValidationProblem[] {
	const list = (body as IDataObject | undefined)?.['validation-errors'];
	if (!Array.isArray(list)) return [];
	return (list as IDataObject[]).map((entry) => ({
		requestId: String(entry.request_id ?? '0'),
		errors: Array.isArray(entry.errors) ? (entry.errors as ValidationProblem['errors']) : [],
	}));
}

function describeValidationErrors(errors: ValidationProblem['errors']): string {
	return errors
		.map((e) => `${e.path ? `${e.path}: ` : ''}${e.detail ?? e.code ?? 'invalid value'}`)
		.join('; ');
}

function detailOf(body: unknown): string {
	if (body && typeof body === 'object') {
		const b = body as IDataObject;
		const detail = b.detail ?? b.title ?? b.message;
		if (typeof detail === 'string') return detail;
	}
	if (typeof body === 'string' && body.length < 300 && !body.includes('<')) return body;
	return '';
}

/** Turns an amoCRM failure into the message a person can act on. Never includes tokens or headers. */
export function amoCrmApiError(node: INode, failure: FailedResponse, context: string): NodeApiError {
	const { status, body, networkCode } = failure;
	const detail = detailOf(body);
	let message: string;
	let description: string;
	switch (true) {
		case status === null:
			message = `Could not reach amoCRM (${networkCode ?? 'network error'})`;
			description = `${context} failed before amoCRM answered. Check the account address in the credential and the network; the request was retried where that was safe.`;
			break;
		case status === 400: {
			const problems = validationProblems(body);
			message = problems.length
				? `amoCRM rejected the data: ${problems.map((p) => describeValidationErrors(p.errors)).join('; ')}`
				: `amoCRM rejected the request: ${detail || 'Bad Request'}`;
			description = `${context}: check the fields named above.`;
			break;
		}
		case status === 401:
			message = 'amoCRM did not accept the token: it is expired or revoked';
			description =
				'Create a new long-lived token in amoCRM (Settings → Integrations → your integration → Keys and scopes), or reconnect the OAuth2 credential.';
			break;
		case status === 402:
			message = 'The amoCRM subscription has lapsed (HTTP 402 Payment Required)';
			description = 'amoCRM answers every request with 402 until the account is paid for again.';
			break;
		case status === 403:
			message = 'amoCRM has temporarily blocked access for this account (HTTP 403)';
			description = `amoCRM blocks an account that repeatedly exceeds 7 requests per second, and also answers 403 when the token's user lacks rights for this action. ${detail ? `amoCRM said: ${detail}. ` : ''}Wait before running again; if it persists, contact amoCRM support.`;
			break;
		case status === 404:
			message = `amoCRM has no such resource: ${detail || 'Not Found'}`;
			description = `${context}: check the account address in the credential and the IDs used.`;
			break;
		case status === 422:
			message = `amoCRM refused the request size: ${detail || 'Unprocessable Entity'}`;
			description = `${context}: amoCRM accepts at most 250 entities per request (50 for complex leads).`;
			break;
		case status === 429:
			message = 'amoCRM kept answering "too many requests" (HTTP 429)';
			description =
				'The node waits and retries on 429; amoCRM allows 7 requests per second per integration. Other integrations or workflows may be using the same account at the same time.';
			break;
		default:
			message = `amoCRM answered with HTTP ${status}${detail ? `: ${detail}` : ''}`;
			description = `${context} failed on the amoCRM side. Reads are retried automatically; writes are not, so that nothing is created twice.`;
	}
	const error = apiError(node, message, description, status);
	if (status === 400) error.context.validationProblems = validationProblems(body);
	return error;
}

/** The error of one element that amoCRM named in a 400 answer to a batch write. */
export function rejectedItemError(node: INode, problem: ValidationProblem, context: string, itemIndex: number): NodeApiError {
	const error = apiError(
		node,
		`amoCRM rejected the data: ${describeValidationErrors(problem.errors)}`,
		`${context}: fix the fields named above; the other items of the batch were written.`,
		400,
	);
	error.context.itemIndex = itemIndex;
	return error;
}

function apiError(node: INode, message: string, description: string, status: number | null): NodeApiError {
	const error = new NodeApiError(node, { message, description } as JsonObject, {
		message,
		description,
		httpCode: status === null ? undefined : String(status),
	});
	// NodeApiError rewrites messages that mention network codes; ours already says what happened.
	error.message = message;
	error.description = description;
	return error;
}
