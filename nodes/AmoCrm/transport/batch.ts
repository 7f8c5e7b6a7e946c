import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, NodeApiError } from 'n8n-workflow';

import { rejectedItemError, type ValidationProblem } from './errors';
import { amoCrmApiRequest, MAX_BATCH } from './index';

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
	/** At most 250 entities per write (`MAX_BATCH`); 50 for complex leads. */
	batchSize?: number;
	idempotent?: boolean;
	/** For endpoints that take no `request_id` (links): answers and errors are matched by position. */
	omitRequestId?: boolean;
	/**
	 * Match answers by `request_id` only. For endpoints that may leave an element out of the answer
	 * (calls with an unknown phone): such an entry gets an empty result, never its neighbour's.
	 */
	strictRequestId?: boolean;
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
	const size = write.batchSize ?? MAX_BATCH;
	let fatal: Error | null = null;
	for (let start = 0; start < write.entries.length && !fatal; start += size) {
		let pending = write.entries.slice(start, start + size);
		while (pending.length && !fatal) {
			const keys = new Map(pending.map((entry, position) => [entry, String(write.omitRequestId ? position : entry.itemIndex)]));
			const body = pending.map((entry) => (write.omitRequestId ? entry.body : { ...entry.body, request_id: keys.get(entry) }));
			try {
				const response = await amoCrmApiRequest.call(this, write.method, write.endpoint, body, undefined, write.idempotent);
				const answers = answeredItems(response, write.embeddedKey);
				pending.forEach((entry, position) => {
					const answer = write.omitRequestId
						? answers[position]
						: (answers.find((a) => requestIdsOf(a).includes(keys.get(entry)!)) ?? (write.strictRequestId ? undefined : answers[position]));
					outcomes.set(entry.itemIndex, { itemIndex: entry.itemIndex, result: answer ?? {} });
				});
				pending = [];
			} catch (error) {
				const problems = ((error as NodeApiError).context?.validationProblems ?? []) as ValidationProblem[];
				const byKey = new Map(problems.map((p) => [p.requestId, p]));
				const named = pending.filter((entry) => byKey.has(keys.get(entry)!));
				if (!named.length) {
					fatal = error as Error;
					break;
				}
				for (const entry of named) {
					const problem = byKey.get(keys.get(entry)!)!;
					const context = `${write.method} ${write.endpoint}`;
					outcomes.set(entry.itemIndex, { itemIndex: entry.itemIndex, error: rejectedItemError(this.getNode(), problem, context, entry.itemIndex) });
				}
				pending = pending.filter((entry) => !byKey.has(keys.get(entry)!));
			}
		}
	}
	return write.entries.map(
		(entry) => outcomes.get(entry.itemIndex) ?? { itemIndex: entry.itemIndex, error: fatal ?? new Error('Not sent') },
	);
}

/**
 * Batch writes whose endpoint depends on each entry (notes and links live under
 * `/api/v4/{entity type}/…`): one batched write per group, outcomes in entry order.
 */
export async function amoCrmBatchWriteByGroup(
	this: IExecuteFunctions,
	entries: BatchEntry[],
	groupOf: (entry: BatchEntry) => string,
	writeFor: (group: string) => Omit<BatchWrite, 'entries'>,
): Promise<BatchOutcome[]> {
	const outcomes: BatchOutcome[] = [];
	for (const group of new Set(entries.map(groupOf))) {
		const members = entries.filter((entry) => groupOf(entry) === group);
		outcomes.push(...(await amoCrmBatchWrite.call(this, { ...writeFor(group), entries: members })));
	}
	return outcomes;
}
