import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	NodeApiError,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { outcomeUnknownError, rejectedItemError, type ValidationProblem } from './errors';
import { amoCrmApiRequest, writeBatchSizeOf } from './index';
import { createdFinderFor } from './lookBack';

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
	/**
	 * Key under `_embedded` of a HAL answer; omit for `/leads/complex`, which answers a plain array.
	 * Several keys: the first one the answer has (amoCRM's examples key some answers differently).
	 */
	embeddedKey?: string | string[];
	entries: BatchEntry[];
	/** Most entities per request where amoCRM takes fewer (50 complex leads or pipelines); the credential's setting (50 by default) applies too. */
	batchSize?: number;
	idempotent?: boolean;
	/** For endpoints that take no `request_id` (links): answers and errors are matched by position. */
	omitRequestId?: boolean;
	/**
	 * Match answers by `request_id` only. For endpoints that may leave an element out of the answer:
	 * such an entry gets an empty result, never its neighbour's.
	 */
	strictRequestId?: boolean;
	/**
	 * For endpoints whose answer carries no `request_id` and may leave elements out (short links):
	 * pairs the answered elements with the sent ones; an entry paired with nothing gets an empty result.
	 */
	matchAnswers?: (answers: IDataObject[], sent: IDataObject[]) => Array<IDataObject | undefined>;
	/**
	 * A 400 that names no element but means one of them cannot be written (a call from a number
	 * nobody has): the batch is split until the entry is alone, which then gets an empty result.
	 */
	refusesOneOf?: (error: NodeApiError) => boolean;
}

/** How long amoCRM gets to finish a write its gateway gave up on before the records are looked for. */
const SETTLE_MS = 5000;

function answeredItems(
	response: unknown,
	embeddedKey: string | string[] | undefined,
): IDataObject[] {
	if (Array.isArray(response)) return response as IDataObject[];
	if (!response || typeof response !== 'object') return [];
	const embedded = (response as IDataObject)._embedded as IDataObject | undefined;
	for (const key of embeddedKey === undefined ? [] : [embeddedKey].flat()) {
		if (Array.isArray(embedded?.[key])) return embedded[key] as IDataObject[];
	}
	// A single PATCH answers one object at the root.
	return 'id' in (response as IDataObject) ? [response as IDataObject] : [];
}

function requestIdsOf(answer: IDataObject): string[] {
	const id = answer.request_id;
	return Array.isArray(id) ? id.map(String) : id === undefined ? [] : [String(id)];
}

const statusOf = (error: unknown) => Number((error as NodeApiError).httpCode ?? 0) || null;

/**
 * Writes many entities in as few requests as amoCRM allows and hands each input item its own
 * result or error. Every entity carries `request_id` = its item index; amoCRM echoes it back.
 *
 * - A 400 naming some elements: those get their error; the rest are sent again — updates and links
 *   as they are, creations only after the newest records show amoCRM did not save them anyway.
 * - A 504 (amoCRM advises a smaller batch then): updates and links go again in halves; creations
 *   are looked for after a pause, and only those not found go again, in halves. A creation that
 *   cannot be told apart, or fails again alone, ends as "outcome unknown" on its item.
 * - A 5xx or a dropped connection that the transport did not retry: creations found afterwards are
 *   created, the others are "outcome unknown". Any other error fails the entries not yet written.
 */
export async function amoCrmBatchWrite(
	this: IExecuteFunctions,
	write: BatchWrite,
): Promise<BatchOutcome[]> {
	const run: WriteRun = {
		write,
		outcomes: new Map(),
		size: Math.min(write.batchSize ?? Infinity, await writeBatchSizeOf(this)),
	};
	let fatal: Error | null = null;
	for (let start = 0; start < write.entries.length && !fatal; ) {
		const chunk = write.entries.slice(start, start + run.size);
		start += chunk.length;
		fatal = await writeChunk(this, run, chunk);
	}
	return write.entries.map(
		(entry) =>
			run.outcomes.get(entry.itemIndex) ?? {
				itemIndex: entry.itemIndex,
				error: fatal ?? new Error('Not sent'),
			},
	);
}

interface WriteRun {
	write: BatchWrite;
	outcomes: Map<number, BatchOutcome>;
	/** Entities per request; smaller after a 504 for the rest of the write. */
	size: number;
}

/** Writes one chunk; returns the error that stops the whole write, or null. */
async function writeChunk(
	ctx: IExecuteFunctions,
	run: WriteRun,
	entries: BatchEntry[],
): Promise<Error | null> {
	const { write, outcomes } = run;
	const context = `${write.method} ${write.endpoint}`;
	const halves = async (pending: BatchEntry[], after504: boolean) => {
		const middle = Math.ceil(pending.length / 2);
		if (after504) run.size = Math.min(run.size, middle);
		return (
			(await writeChunk(ctx, run, pending.slice(0, middle))) ??
			(await writeChunk(ctx, run, pending.slice(middle)))
		);
	};
	const unknown = (left: BatchEntry[], cause: Error): null => {
		for (const entry of left)
			outcomes.set(entry.itemIndex, {
				itemIndex: entry.itemIndex,
				error: outcomeUnknownError(ctx.getNode(), cause, context, entry.itemIndex),
			});
		return null;
	};
	let pending = entries;
	while (pending.length) {
		const keys = new Map(
			pending.map((entry, position) => [
				entry,
				String(write.omitRequestId ? position : entry.itemIndex),
			]),
		);
		const body = pending.map((entry) =>
			write.omitRequestId ? entry.body : { ...entry.body, request_id: keys.get(entry) },
		);
		try {
			const response = await amoCrmApiRequest.call(
				ctx,
				write.method,
				write.endpoint,
				body,
				undefined,
				write.idempotent,
			);
			const answers = answeredItems(response, write.embeddedKey);
			const matched = write.matchAnswers?.(answers, body);
			pending.forEach((entry, position) => {
				const answer = matched
					? matched[position]
					: write.omitRequestId
						? answers[position]
						: (answers.find((a) => requestIdsOf(a).includes(keys.get(entry)!)) ??
							(write.strictRequestId ? undefined : answers[position]));
				outcomes.set(entry.itemIndex, { itemIndex: entry.itemIndex, result: answer ?? {} });
			});
			return null;
		} catch (caught) {
			const error = caught as NodeApiError;
			const status = statusOf(error);
			const problems = (error.context?.validationProblems ?? []) as ValidationProblem[];
			const byKey = new Map(problems.map((p) => [p.requestId, p]));
			const named = pending.filter((entry) => byKey.has(keys.get(entry)!));
			if (named.length) {
				for (const entry of named) {
					outcomes.set(entry.itemIndex, {
						itemIndex: entry.itemIndex,
						error: rejectedItemError(
							ctx.getNode(),
							byKey.get(keys.get(entry)!)!,
							context,
							entry.itemIndex,
						),
					});
				}
				pending = pending.filter((entry) => !byKey.has(keys.get(entry)!));
				// amoCRM may have saved the valid elements of the batch it refused.
				if (!write.idempotent && pending.length) {
					const looked = await notFoundYet(ctx, run, pending, false);
					if (looked.failed) return unknown(pending, error);
					pending = looked.left;
				}
				continue;
			}
			if (status === 400 && write.refusesOneOf?.(error)) {
				if (pending.length > 1 && !write.idempotent) {
					const looked = await notFoundYet(ctx, run, pending, false);
					if (looked.failed) return unknown(pending, error);
					pending = looked.left;
				}
				// Alone, or left alone by the others being saved: this is the one amoCRM refuses.
				if (pending.length === 1)
					outcomes.set(pending[0].itemIndex, { itemIndex: pending[0].itemIndex, result: {} });
				return pending.length > 1 ? await halves(pending, false) : null;
			}
			const uncertain = status === null || (status >= 500 && status <= 504);
			if (!uncertain) return error;
			if (write.idempotent)
				return status === 504 && pending.length > 1 ? await halves(pending, true) : error;
			const looked = await notFoundYet(ctx, run, pending, true);
			if (looked.failed) return unknown(pending, error);
			if (status === 504 && looked.left.length > 1 && looked.left.length === pending.length)
				return await halves(looked.left, true);
			return unknown(looked.left, error);
		}
	}
	return null;
}

/**
 * The entries of a creation amoCRM did not save: those found among the newest records get the
 * record as their result. `failed`: nothing can tell (no way to look, or the look itself failed).
 */
async function notFoundYet(
	ctx: IExecuteFunctions,
	run: WriteRun,
	entries: BatchEntry[],
	settleFirst: boolean,
): Promise<{ left: BatchEntry[]; failed?: Error }> {
	const find = createdFinderFor(run.write.endpoint);
	if (!find)
		return {
			left: entries,
			failed: new Error('amoCRM has no way to tell these records from older ones'),
		};
	if (settleFirst) await sleep(SETTLE_MS);
	let found: Array<IDataObject | undefined>;
	try {
		found = await find(
			ctx,
			entries.map((entry) => entry.body),
		);
	} catch (error) {
		return { left: entries, failed: error as Error };
	}
	const left = entries.filter((entry, index) => {
		const record = found[index];
		if (record)
			run.outcomes.set(entry.itemIndex, {
				itemIndex: entry.itemIndex,
				result: { ...record, request_id: String(entry.itemIndex) },
			});
		return !record;
	});
	return { left };
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
