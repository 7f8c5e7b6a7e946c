// The Envybox response parser for failures, on generated answers: it never throws, always says
// something, and the API key never survives into a message or description, wherever the answer put it.
import fc from 'fast-check';
import type { INode } from 'n8n-workflow';

import { envyboxApiError, envyboxHttpError } from '../../nodes/Envybox/transport/errors';
import { readFailedResponse } from '../../nodes/shared/httpFailure';

const node = {
	id: '1',
	name: 'Envybox',
	type: 'n8n-nodes-amocrm-envybox.envybox',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as INode;
const apiKey = fc.stringMatching(/^[A-Za-z0-9]{16,40}$/);
/** Text that may carry the key anywhere. */
const withKey = (key: string) =>
	fc
		.tuple(fc.string(), fc.boolean(), fc.string())
		.map(([a, carry, b]) => (carry ? `${a}${key}${b}` : `${a}${b}`));

describe('Envybox failure answers', () => {
	it('an API envelope with any message and status code: a clear error without the key', () => {
		fc.assert(
			fc.property(
				apiKey.chain((key) =>
					fc.tuple(
						fc.constant(key),
						fc.record(
							{
								message: fc.oneof(withKey(key), fc.jsonValue()),
								status_code: fc.oneof(withKey(key), fc.integer(), fc.jsonValue()),
							},
							{ requiredKeys: [] },
						),
					),
				),
				([key, body]) => {
					const error = envyboxApiError(node, body as never, 'lead/get', key);
					expect(error.message.length).toBeGreaterThan(0);
					expect(`${error.message} ${error.description}`).not.toContain(key);
				},
			),
			{ numRuns: 3000 },
		);
	});

	it('any HTTP failure n8n may hand over: read, explained, without the key', () => {
		fc.assert(
			fc.property(
				apiKey.chain((key) =>
					fc.tuple(
						fc.constant(key),
						fc.oneof(
							fc.record({
								message: withKey(key),
								cause: fc.record({
									response: fc.record({
										status: fc.integer({ min: 100, max: 599 }),
										data: fc.oneof(withKey(key), fc.jsonValue()),
										headers: fc.constant({}),
									}),
								}),
							}),
							fc.record({
								message: withKey(key),
								code: fc.constantFrom('ECONNRESET', 'ETIMEDOUT', 'EWHATEVER'),
							}),
							fc.jsonValue(),
						),
					),
				),
				([key, thrown]) => {
					const error = envyboxHttpError(node, readFailedResponse(thrown), 'deal/get', key);
					expect(error.message.length).toBeGreaterThan(0);
					expect(`${error.message} ${error.description}`).not.toContain(key);
				},
			),
			{ numRuns: 3000 },
		);
	});
});

it('an answer whose fields are objects with a "toString" key (JSON can hold them) is still read', () => {
	const body = JSON.parse('{"message": {"toString": {}}, "status_code": {"toString": 1}}');
	const error = envyboxApiError(node, body, 'lead/get', 'key');
	expect(error.message).toBe('Envybox refused the request («{"toString":{}}»)');
	expect(error.description).toBe(
		'lead/get: Envybox answered HTTP 200, status_code {"toString":1}, with «{"toString":{}}».',
	);
});
