import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { ACCOUNT_REFUSALS } from '../../../credentials/amoCrmConnection';
import { type FailedResponse, serviceError } from '../../shared/httpFailure';

export { readFailedResponse } from '../../shared/httpFailure';

export interface ValidationProblem {
	requestId: string;
	errors: Array<{ code?: string; path?: string; detail?: string }>;
}

/**
 * The per-element errors of a 400 `application/problem+json` answer, keyed by request_id. Most
 * batches answer `validation-errors`; the batch delete of sources answers `errors`, each entry with
 * its `request_id` and one error object.
 */
export function validationProblems(body: unknown): ValidationProblem[] {
	const answer = body as IDataObject | undefined;
	const perElement = (entries: unknown) =>
		Array.isArray(entries) &&
		entries.every(
			(entry) =>
				(entry as IDataObject | null)?.request_id !== undefined &&
				typeof (entry as IDataObject).errors === 'object',
		);
	const list = Array.isArray(answer?.['validation-errors'])
		? answer['validation-errors']
		: perElement(answer?.errors)
			? answer?.errors
			: undefined;
	if (!Array.isArray(list) || !list.length) return [];
	return (list as IDataObject[]).map((entry) => ({
		requestId: String(entry.request_id ?? '0'),
		errors: (Array.isArray(entry.errors)
			? entry.errors
			: entry.errors
				? [entry.errors]
				: []) as ValidationProblem['errors'],
	}));
}

function describeValidationErrors(errors: ValidationProblem['errors']): string {
	return errors
		.map((e) => `${e.path ? `${e.path}: ` : ''}${e.detail ?? e.code ?? 'invalid value'}`)
		.join('; ');
}

/** The titles of an `errors` list, as amoCRM answers a call it cannot file (`Entity not found`). */
export function errorTitles(body: unknown): string[] {
	const list = (body as IDataObject | undefined)?.errors;
	return Array.isArray(list)
		? (list as IDataObject[]).map((e) => String(e.title ?? e.detail ?? '')).filter(Boolean)
		: [];
}

function detailOf(body: unknown): string {
	if (body && typeof body === 'object') {
		const b = body as IDataObject;
		const detail = b.detail ?? b.title ?? b.message;
		if (typeof detail === 'string') return detail;
		const titles = errorTitles(body);
		if (titles.length) return [...new Set(titles)].join('; ');
	}
	if (typeof body === 'string' && body.length < 300 && !body.includes('<')) return body;
	return '';
}

/** Customers calls (not their field definitions), which amoCRM answers with 422 when the account has Customers off or in the other mode. */
const CUSTOMERS = /\/api\/v4\/customers(?!\/custom_fields)\b/;

/** Calls only an account administrator's token may make (Kommo: users list, webhooks; amoCRM: pipeline, stage and custom-field changes). */
const ADMIN_ONLY =
	/\/api\/v4\/(users|webhooks)\b|^(POST|PATCH|DELETE) \/api\/v4\/(leads\/pipelines|\w+\/custom_fields)\b/;
/** Sources: an administrator's token, and an integration allowed to keep sources. */
const SOURCES = /\/api\/v4\/sources\b/;

export interface RetryStory {
	/** amoCRM asked for a longer wait than the node waits. */
	retryAfterMs?: number;
	/** Retrying was stopped so that repeated 429s do not get the account blocked. */
	stoppedRetrying?: boolean;
}

/**
 * Turns an amoCRM failure into the message a person can act on. Never includes tokens or headers.
 * The status decides, never the body: amoCRM's web server answers 403, 429 and 5xx with HTML pages.
 */
export function amoCrmApiError(
	node: INode,
	failure: FailedResponse,
	context: string,
	story: RetryStory = {},
): NodeApiError {
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
		case status === 402:
			({ message, description } = ACCOUNT_REFUSALS[status]);
			break;
		case status === 403 &&
			ADMIN_ONLY.test(context) &&
			typeof body === 'object' &&
			body !== null &&
			!/заблокирован|blocked/i.test(detail):
			message = 'amoCRM refused: this needs the token of an account administrator (HTTP 403)';
			description = `${context}: amoCRM lets only administrators list users, manage webhooks and change pipelines and custom fields. Create the credential's token as an administrator of the account.${detail ? ` amoCRM said: ${detail}.` : ''}`;
			break;
		case status === 403 &&
			SOURCES.test(context) &&
			typeof body === 'object' &&
			body !== null &&
			!/заблокирован|blocked/i.test(detail):
			message = 'amoCRM refused access to the sources (HTTP 403)';
			description = `${context}: an integration manages only its own sources, with the token of an account administrator, and only when it has an uploaded widget whose manifest.json lists "lead_sources" in "locations" (an integration of the "external integration" type cannot have sources).${detail ? ` amoCRM said: ${detail}.` : ''}`;
			break;
		case status === 403:
			message = ACCOUNT_REFUSALS[403].message;
			description = `${ACCOUNT_REFUSALS[403].description} ${detail ? `amoCRM said: ${detail}. ` : ''}The node does not retry a 403. If it persists, contact amoCRM support.`;
			break;
		case status === 404:
			message = `amoCRM has no such resource: ${detail || 'Not Found'}`;
			description = `${context}: check the account address in the credential and the IDs used.`;
			break;
		case status === 504:
			message = 'amoCRM did not answer in time (HTTP 504 Gateway Time-out)';
			description = `${context}: amoCRM's gateway gave up waiting; the request may or may not have been carried out. amoCRM advises sending fewer records per request.`;
			break;
		case status === 422 && CUSTOMERS.test(context):
			message = `amoCRM refused the customers request (HTTP 422)${detail ? `: ${detail}` : ''}`;
			description = `${context}: amoCRM answers 422 here when the account has Customers switched off, or set to the other mode (statuses belong to periodic purchases, segments to segmentation). An account administrator switches them in amoCRM's settings.`;
			break;
		case status === 422:
			message = `amoCRM refused the request size: ${detail || 'Unprocessable Entity'}`;
			description = `${context}: amoCRM accepts at most 250 entities per request (50 for complex leads).`;
			break;
		case status === 429 && story.retryAfterMs !== undefined:
			message = `amoCRM asked to wait ${Math.round(story.retryAfterMs / 1000)} s before the next request (HTTP 429)`;
			description = `${context}: the node waits out a 429 for up to 60 s; amoCRM asked for longer. amoCRM allows 7 requests per second per integration and 50 per account; other integrations or workflows may be using the same account.`;
			break;
		case status === 429:
			message = story.stoppedRetrying
				? 'amoCRM kept answering "too many requests" (HTTP 429): the node stopped retrying so that amoCRM does not block the account'
				: 'amoCRM kept answering "too many requests" (HTTP 429)';
			description =
				'The node waits and retries on 429, slowing down; amoCRM allows 7 requests per second per integration and 50 per account, and blocks an account that keeps exceeding them. Other integrations or workflows may be using the same account at the same time.';
			break;
		default:
			message = `amoCRM answered with HTTP ${status}${detail ? `: ${detail}` : ''}`;
			description = `${context} failed on the amoCRM side. Reads are retried automatically; writes are not, so that nothing is created twice.`;
	}
	const error = serviceError(node, message, description, status);
	if (status === 400) {
		error.context.validationProblems = validationProblems(body);
		error.context.errorTitles = errorTitles(body);
	}
	return error;
}

/** The error of one element that amoCRM named in a 400 answer to a batch write. */
export function rejectedItemError(
	node: INode,
	problem: ValidationProblem,
	context: string,
	itemIndex: number,
): NodeApiError {
	const error = serviceError(
		node,
		`amoCRM rejected the data: ${describeValidationErrors(problem.errors)}`,
		`${context}: fix the fields named above; the other items of the batch were written.`,
		400,
	);
	error.context.itemIndex = itemIndex;
	error.context.validationProblems = [problem];
	return error;
}

/**
 * A creation amoCRM may or may not have carried out (a 504, a dropped connection, a refused batch
 * that may have saved its valid elements) and that was not found among the newest records: it is
 * not sent again, so that it cannot be made twice.
 */
export function outcomeUnknownError(
	node: INode,
	cause: Error,
	context: string,
	itemIndex: number,
): NodeApiError {
	const status = Number((cause as NodeApiError).httpCode ?? 0) || null;
	const error = serviceError(
		node,
		`Outcome unknown: amoCRM may or may not have created this record (${cause.message})`,
		`${context}: the answer does not say whether amoCRM saved it, and it was not among the newest records afterwards. It was not sent again, so that it cannot be made twice: check amoCRM (it may still appear) before creating it again.`,
		status,
	);
	error.context.itemIndex = itemIndex;
	error.context.outcomeUnknown = true;
	return error;
}
