import type { INode } from 'n8n-workflow';

import {
	amoCrmApiError,
	readFailedResponse,
	validationProblems,
} from '../../nodes/AmoCrm/transport/errors';
import { retryAfterMs } from '../../nodes/AmoCrm/transport/index';

const node = {
	id: '1',
	name: 'amoCRM',
	type: 'n8n-nodes-amocrm-envybox.amoCrm',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as INode;
const axiosLike = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
	message: `Request failed with status code ${status}`,
	cause: { response: { status, data, headers } },
});

describe('readFailedResponse', () => {
	it('finds the response under n8n’s wrapping', () => {
		expect(
			readFailedResponse(axiosLike(429, { title: 'Too Many Requests' }, { 'retry-after': '2' })),
		).toEqual({
			status: 429,
			headers: { 'retry-after': '2' },
			body: { title: 'Too Many Requests' },
			networkCode: null,
		});
	});

	it('recognises dropped and refused connections', () => {
		expect(readFailedResponse({ message: 'socket hang up' }).networkCode).toBe('ECONNRESET');
		expect(readFailedResponse({ cause: { code: 'ECONNREFUSED' } }).networkCode).toBe(
			'ECONNREFUSED',
		);
	});
});

describe('amoCrmApiError', () => {
	it.each([
		[401, 'amoCRM did not accept the token: it is wrong, expired or revoked'],
		[402, 'The amoCRM account subscription has lapsed (HTTP 402 Payment Required)'],
		[403, 'amoCRM has blocked API access for this account (HTTP 403)'],
		[429, 'amoCRM kept answering "too many requests" (HTTP 429)'],
		[500, 'amoCRM answered with HTTP 500: internal error'],
		[504, 'amoCRM did not answer in time (HTTP 504 Gateway Time-out)'],
	])('HTTP %i says %p', (status, message) => {
		const error = amoCrmApiError(
			node,
			readFailedResponse(axiosLike(status, { detail: 'internal error' })),
			'GET /api/v4/leads',
		);
		expect(error.message).toBe(message);
		expect(error.httpCode).toBe(String(status));
		expect(error.description).toBeTruthy();
	});

	it('lists validation errors by field and keeps them per request_id', () => {
		const body = {
			'validation-errors': [
				{
					request_id: '3',
					errors: [
						{
							code: 'NotSupportedChoice',
							path: 'status_id',
							detail: 'The value you selected is not a valid choice.',
						},
					],
				},
			],
			title: 'Bad Request',
			status: 400,
		};
		const error = amoCrmApiError(
			node,
			readFailedResponse(axiosLike(400, body)),
			'POST /api/v4/leads',
		);
		expect(error.message).toBe(
			'amoCRM rejected the data: status_id: The value you selected is not a valid choice.',
		);
		expect(validationProblems(body)).toEqual([
			{ requestId: '3', errors: body['validation-errors'][0].errors },
		]);
		expect(error.context.validationProblems).toHaveLength(1);
	});

	// amoCRM's web server answers 403 and 429 with nginx pages (amocrm-api-php issues #318, #434, #526).
	const nginx = (status: number, text: string) =>
		`<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>`;

	it.each([
		[403, 'Forbidden', 'amoCRM has blocked API access for this account (HTTP 403)'],
		[429, 'Too Many Requests', 'amoCRM kept answering "too many requests" (HTTP 429)'],
		[504, 'Gateway Time-out', 'amoCRM did not answer in time (HTTP 504 Gateway Time-out)'],
	])(
		'an HTML %i page gets the same message as JSON, without the page in it',
		(status, text, message) => {
			const error = amoCrmApiError(
				node,
				readFailedResponse(axiosLike(status, nginx(status, text))),
				'GET /api/v4/leads',
			);
			expect(error.message).toBe(message);
			expect(`${error.message} ${error.description}`).not.toContain('<');
		},
	);

	it('tells a token without admin rights from the overload block', () => {
		const notAdmin = {
			title: 'Forbidden',
			status: 403,
			detail: 'Access denied: only an account administrator may use this method',
		};
		expect(
			amoCrmApiError(node, readFailedResponse(axiosLike(403, notAdmin)), 'GET /api/v4/users')
				.message,
		).toBe('amoCRM refused: this needs the token of an account administrator (HTTP 403)');
		const blocked = {
			title: 'Forbidden',
			status: 403,
			detail: 'Аккаунт заблокирован, за неоднократное превышение количества запросов в секунду',
		};
		expect(
			amoCrmApiError(node, readFailedResponse(axiosLike(403, blocked)), 'GET /api/v4/users')
				.message,
		).toBe('amoCRM has blocked API access for this account (HTTP 403)');
		expect(
			amoCrmApiError(
				node,
				readFailedResponse(axiosLike(403, nginx(403, 'Forbidden'))),
				'GET /api/v4/users',
			).message,
		).toBe('amoCRM has blocked API access for this account (HTTP 403)');
		expect(
			amoCrmApiError(node, readFailedResponse(axiosLike(403, notAdmin)), 'GET /api/v4/leads')
				.message,
		).toBe('amoCRM has blocked API access for this account (HTTP 403)');
	});

	it('names the wait amoCRM asked for when it is longer than the node waits', () => {
		const error = amoCrmApiError(
			node,
			readFailedResponse(axiosLike(429, { retry_after: 300 })),
			'GET /api/v4/leads',
			{ retryAfterMs: 300_000 },
		);
		expect(error.message).toBe('amoCRM asked to wait 300 s before the next request (HTTP 429)');
	});

	it('reads the errors list amoCRM gives a call it cannot file', () => {
		const error = amoCrmApiError(
			node,
			readFailedResponse(
				axiosLike(400, { _total_items: 0, errors: [{ title: 'Entity not found', status: 400 }] }),
			),
			'POST /api/v4/calls',
		);
		expect(error.message).toBe('amoCRM rejected the request: Entity not found');
		expect(error.context.errorTitles).toEqual(['Entity not found']);
	});

	it('reads the per-element errors of a refused batch delete of sources', () => {
		// The shape of amoCRM's sources-api page: `errors`, each with its request_id and one error object.
		const body = {
			errors: [
				{
					request_id: '1',
					errors: {
						code: 'EntityNotFound',
						path: 'id',
						detail: 'source with id = 31075178 not found',
					},
				},
			],
			title: 'Bad Request',
			type: 'https://httpstatus.es/400',
			status: 400,
			detail: 'Invalid request items',
		};
		expect(validationProblems(body)).toEqual([
			{
				requestId: '1',
				errors: [
					{ code: 'EntityNotFound', path: 'id', detail: 'source with id = 31075178 not found' },
				],
			},
		]);
		const error = amoCrmApiError(
			node,
			readFailedResponse(axiosLike(400, body)),
			'DELETE /api/v4/sources',
		);
		expect(error.message).toBe('amoCRM rejected the data: id: source with id = 31075178 not found');
		expect(validationProblems({ errors: [{ title: 'Entity not found', status: 400 }] })).toEqual(
			[],
		);
	});

	it('says what the sources need when amoCRM refuses them, and still tells the overload block', () => {
		const refused = { title: 'Forbidden', status: 403, detail: 'Integration is not authorized' };
		const error = amoCrmApiError(
			node,
			readFailedResponse(axiosLike(403, refused)),
			'POST /api/v4/sources',
		);
		expect(error.message).toBe('amoCRM refused access to the sources (HTTP 403)');
		expect(error.description).toContain('lead_sources');
		const blocked = {
			title: 'Forbidden',
			status: 403,
			detail: 'Аккаунт заблокирован, за неоднократное превышение количества запросов в секунду',
		};
		expect(
			amoCrmApiError(node, readFailedResponse(axiosLike(403, blocked)), 'GET /api/v4/sources')
				.message,
		).toBe('amoCRM has blocked API access for this account (HTTP 403)');
	});

	it('says when amoCRM could not be reached', () => {
		const error = amoCrmApiError(
			node,
			readFailedResponse({ cause: { code: 'ECONNREFUSED' } }),
			'GET /api/v4/account',
		);
		expect(error.message).toBe('Could not reach amoCRM (ECONNREFUSED)');
	});
});

describe('retryAfterMs', () => {
	it('reads retry_after from a JSON body first, then a Retry-After header', () => {
		expect(retryAfterMs({}, { retry_after: 3 })).toBe(3000);
		expect(retryAfterMs({}, '{"retry_after":2}')).toBe(2000);
		expect(retryAfterMs({ 'retry-after': '4' }, { title: 'Too Many Requests' })).toBe(4000);
		expect(retryAfterMs({ 'retry-after': '4' }, { retry_after: 1 })).toBe(1000);
	});

	it('has nothing to read in an HTML page', () => {
		expect(retryAfterMs({}, '<html><body>429 Too Many Requests</body></html>')).toBeNull();
		expect(retryAfterMs({}, undefined)).toBeNull();
	});
});
