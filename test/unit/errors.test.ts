import type { INode } from 'n8n-workflow';

import { amoCrmApiError, readFailedResponse, validationProblems } from '../../nodes/AmoCrm/transport/errors';

const node = { id: '1', name: 'amoCRM', type: 'n8n-nodes-amocrm-envybox.amoCrm', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
const axiosLike = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
	message: `Request failed with status code ${status}`,
	cause: { response: { status, data, headers } },
});

describe('readFailedResponse', () => {
	it('finds the response under n8n’s wrapping', () => {
		expect(readFailedResponse(axiosLike(429, { title: 'Too Many Requests' }, { 'retry-after': '2' }))).toEqual({
			status: 429,
			headers: { 'retry-after': '2' },
			body: { title: 'Too Many Requests' },
			networkCode: null,
		});
	});

	it('recognises dropped and refused connections', () => {
		expect(readFailedResponse({ message: 'socket hang up' }).networkCode).toBe('ECONNRESET');
		expect(readFailedResponse({ cause: { code: 'ECONNREFUSED' } }).networkCode).toBe('ECONNREFUSED');
	});
});

describe('amoCrmApiError', () => {
	it.each([
		[401, 'amoCRM did not accept the token: it is expired or revoked'],
		[402, 'The amoCRM subscription has lapsed (HTTP 402 Payment Required)'],
		[403, 'amoCRM has temporarily blocked access for this account (HTTP 403)'],
		[429, 'amoCRM kept answering "too many requests" (HTTP 429)'],
		[500, 'amoCRM answered with HTTP 500: internal error'],
	])('HTTP %i says %p', (status, message) => {
		const error = amoCrmApiError(node, readFailedResponse(axiosLike(status, { detail: 'internal error' })), 'GET /api/v4/leads');
		expect(error.message).toBe(message);
		expect(error.httpCode).toBe(String(status));
		expect(error.description).toBeTruthy();
	});

	it('lists validation errors by field and keeps them per request_id', () => {
		const body = {
			'validation-errors': [{ request_id: '3', errors: [{ code: 'NotSupportedChoice', path: 'status_id', detail: 'The value you selected is not a valid choice.' }] }],
			title: 'Bad Request',
			status: 400,
		};
		const error = amoCrmApiError(node, readFailedResponse(axiosLike(400, body)), 'POST /api/v4/leads');
		expect(error.message).toBe('amoCRM rejected the data: status_id: The value you selected is not a valid choice.');
		expect(validationProblems(body)).toEqual([{ requestId: '3', errors: body['validation-errors'][0].errors }]);
		expect(error.context.validationProblems).toHaveLength(1);
	});

	it('says when amoCRM could not be reached', () => {
		const error = amoCrmApiError(node, readFailedResponse({ cause: { code: 'ECONNREFUSED' } }), 'GET /api/v4/account');
		expect(error.message).toBe('Could not reach amoCRM (ECONNREFUSED)');
	});
});
