import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { describeValidationErrors, type ValidationProblem } from './errors';
import { amoCrmApiRequest } from './index';

export interface BatchEntry {
	itemIndex: number;
	body: IDataObject;
}

export type BatchOutcome =
	| { itemIndex: number; result: IDataObject; error?: undefined }
	| { itemIndex: number; error: Error; result?: undefined };

export interface BatchWrite {
	method: IHttpRequestMethods;
	endpoint: string;
	/** Key under `_embedded` of a HAL answer; omit for `/leads/complex`, which answers a plain array. */
	embeddedKey?: string;
	entries: BatchEntry[];
	/** amoCRM takes at most 250 entities per write (50 for complex leads). */
	batchSize?: number;
	idempotent?: boolean;
	/** For endpoints that take no `request_id` (links): answers and errors are matched by position. */
	omitRequestId?: boolean;
}

function chunks<T>(list: T[], size: number): T[][] {
	const result: T[][] = [];
	for (let i = 0; i < list.length; i += size) result.push(list.slice(i, i + size));
	return result;
}

function answeredItems(response: unknown, embeddedKey: string | undefined): IDataObject[] {
	if (Array.isArray(response)) return response as IDataObject[];
	if (!response || typeof response !== 'object') return [];
	const embedded = (response as IDataObject)._embedded as IDataObject | undefined;
	if (embeddedKey && Array.isArray(embedded?.[embeddedKey])) return embedded[embeddedKey] as IDataObject[];
	// A single PATCH answers one object at the root.
	return 'id' in (response as IDataObject) ? [response as IDataObject] : [];
}

function requestIdsOf(answer: IDataObject): string[] {
	const id = answer.request_id;
	return Array.isArray(id) ? id.map(String) : id === undefined ? [] : [String(id)];
}

/**
 * Writes many entities in as few requests as amoCRM allows and hands each input item its own
 * result or error. Every entity carries `request_id` = its item index; amoCRM echoes it back.
 *
 * A 400 naming some elements rejects the whole request and saves nothing (that is what the
 * reference's problem+json shape implies), so the named elements get their error and the rest
 * are sent again without them.
 */
export async function amoCrmBatchWrite(this: IExecuteFunctions, write: BatchWrite): Promise<BatchOutcome[]> {
	const outcomes = new Map<number, BatchOutcome>();
	const size = write.batchSize ?? 250;
	let fatal: Error | null = null;
	for (const chunk of chunks(write.entries, size)) {
		let pending = chunk;
		while (pending.length && !fatal) {
			const keyOf = (entry: BatchEntry) =>
				write.omitRequestId ? String(pending.indexOf(entry)) : String(entry.itemIndex);
			const body = pending.map((entry) => (write.omitRequestId ? entry.body : { ...entry.body, request_id: keyOf(entry) }));
			try {
				const response = await amoCrmApiRequest.call(this, write.method, write.endpoint, body, undefined, write.idempotent);
				const answers = answeredItems(response, write.embeddedKey);
				pending.forEach((entry, position) => {
					const answer = write.omitRequestId
						? answers[position]
						: (answers.find((a) => requestIdsOf(a).includes(keyOf(entry))) ?? answers[position]);
					outcomes.set(entry.itemIndex, { itemIndex: entry.itemIndex, result: answer ?? {} });
				});
				pending = [];
			} catch (error) {
				const problems = ((error as NodeApiError).context?.validationProblems ?? []) as ValidationProblem[];
				const rejected = new Set(problems.map((p) => p.requestId));
				const named = pending.filter((entry) => rejected.has(keyOf(entry)));
				if (!named.length) {
					fatal = error as Error;
					break;
				}
				for (const entry of named) {
					const problem = problems.find((p) => p.requestId === keyOf(entry))!;
					const message = `amoCRM rejected the data: ${describeValidationErrors(problem.errors)}`;
					outcomes.set(entry.itemIndex, {
						itemIndex: entry.itemIndex,
						error: new NodeApiError(this.getNode(), { message } as never, {
							message,
							description: `${write.method} ${write.endpoint}: fix the fields named above; the other items of the batch were written.`,
							httpCode: '400',
							itemIndex: entry.itemIndex,
						}),
					});
				}
				pending = pending.filter((entry) => !rejected.has(keyOf(entry)));
			}
		}
		if (fatal) break;
	}
	return write.entries.map(
		(entry) => outcomes.get(entry.itemIndex) ?? { itemIndex: entry.itemIndex, error: fatal ?? new Error('Not sent') },
	);
}
