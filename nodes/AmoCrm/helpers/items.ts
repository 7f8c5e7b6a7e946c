import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItem, toItems, withItemIndex } from '../../shared/items';
import type { BatchEntry, BatchOutcome } from '../transport/batch';

export { forEachItem } from '../../shared/items';

export interface BatchedOperation {
	/** Builds the entity for one item; throws for bad input. */
	prepare: (itemIndex: number) => Promise<IDataObject> | IDataObject;
	/** Writes all prepared entities (in batches) and returns one outcome per entry. */
	write: (entries: BatchEntry[]) => Promise<BatchOutcome[]>;
	/** Shapes what amoCRM answered for one item into the node's output. */
	present: (
		result: IDataObject,
		itemIndex: number,
		sent: IDataObject,
	) => Promise<IDataObject | IDataObject[]> | IDataObject | IDataObject[];
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
			output.push(errorItem(this, error, i));
			continue;
		}
		if (outcome?.result)
			output.push(...toItems(await operation.present(outcome.result, i, sent.get(i)!), i));
	}
	return output;
}
