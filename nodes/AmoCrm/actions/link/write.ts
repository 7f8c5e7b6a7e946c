import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWriteByGroup } from '../../transport/batch';
import { linkEntry } from './fields';

/** One link or unlink: the entity type it is made from, and the item of amoCRM's link body. */
export interface LinkEntry {
	fromType: string;
	body: IDataObject;
}

/**
 * Link or unlink one entry per item: one batch request per source entity type
 * (`POST /api/v4/{type}/link|unlink`). amoCRM takes no request_id there, so answers and errors are
 * matched by position.
 */
export async function writeLinks(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	action: 'link' | 'unlink',
	entryOf: (itemIndex: number) => Promise<LinkEntry> | LinkEntry,
	present: (sent: IDataObject, fromType: string, itemIndex: number) => IDataObject,
): Promise<INodeExecutionData[]> {
	const fromTypes = new Map<number, string>();
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const { fromType, body } = await entryOf(i);
			fromTypes.set(i, fromType);
			return body;
		},
		write: async (entries) =>
			await amoCrmBatchWriteByGroup.call(
				this,
				entries,
				(e) => fromTypes.get(e.itemIndex)!,
				(type) => ({
					method: 'POST',
					endpoint: `/api/v4/${type}/${action}`,
					embeddedKey: 'links',
					idempotent: true,
					omitRequestId: true,
				}),
			),
		present: (_result, i, sent) => present(sent, fromTypes.get(i)!, i),
	});
}

/** Link or unlink records chosen by the Link resource's fields. */
export async function linkBatches(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	action: 'link' | 'unlink',
	decorate?: (body: IDataObject, itemIndex: number) => void,
): Promise<INodeExecutionData[]> {
	return await writeLinks.call(
		this,
		items,
		action,
		(i) => {
			const entry = linkEntry(this, i);
			decorate?.(entry.body, i);
			return entry;
		},
		(sent, fromType) => ({
			entity_type: fromType,
			entity_id: sent.entity_id,
			to_entity_type: sent.to_entity_type,
			to_entity_id: sent.to_entity_id,
			[action === 'link' ? 'linked' : 'unlinked']: true,
		}),
	);
}
