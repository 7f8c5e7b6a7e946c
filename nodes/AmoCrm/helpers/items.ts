import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BatchEntry, BatchOutcome } from '../transport/batch';

/** Marks an error with the item it belongs to, so n8n points at the right input. */
function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	const description = (error as NodeApiError).description;
	if (description) json.description = description;
	const httpCode = (error as NodeApiError).httpCode;
	if (httpCode) json.httpCode = httpCode;
	return { json, pairedItem: { item: itemIndex } };
}

function toItems(data: IDataObject | IDataObject[], itemIndex: number): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/** Runs `run` for every input item; honours Continue On Fail and pairs every output with its input. */
export async function forEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			output.push(...toItems(await run(i), i));
		} catch (error) {
			if (!this.continueOnFail()) throw withItemIndex(this, error, i);
			output.push(errorItem(error as Error, i));
		}
	}
	return output;
}

export interface BatchedOperation {
	/** Builds the entity for one item; throws for bad input. */
	prepare: (itemIndex: number) => Promise<IDataObject> | IDataObject;
	/** Writes all prepared entities (in batches) and returns one outcome per entry. */
	write: (entries: BatchEntry[]) => Promise<BatchOutcome[]>;
	/** Shapes what amoCRM answered for one item into the node's output. */
	present: (result: IDataObject, itemIndex: number, sent: IDataObject) => Promise<IDataObject | IDataObject[]> | IDataObject | IDataObject[];
}

/**
 * Validates every item before anything is written: without Continue On Fail one bad item stops
 * the node with nothing written; with it, bad items become error items and the rest are written.
 */
export async function batchItems(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: BatchedOperation,
): Promise<INodeExecutionData[]> {
	const failures = new Map<number, Error>();
	const entries: BatchEntry[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			entries.push({ itemIndex: i, body: await operation.prepare(i) });
		} catch (error) {
			const marked = withItemIndex(this, error, i);
			if (!this.continueOnFail()) throw marked;
			failures.set(i, marked);
		}
	}
	const outcomes = entries.length ? await operation.write(entries) : [];
	const byItem = new Map(outcomes.map((o) => [o.itemIndex, o]));
	const sent = new Map(entries.map((e) => [e.itemIndex, e.body]));
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const outcome = byItem.get(i);
		const error = failures.get(i) ?? outcome?.error;
		if (error) {
			if (!this.continueOnFail()) throw withItemIndex(this, error, i);
			output.push(errorItem(error, i));
			continue;
		}
		if (outcome?.result) output.push(...toItems(await operation.present(outcome.result, i, sent.get(i)!), i));
	}
	return output;
}
