import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWriteByGroup } from '../../transport/batch';
import { linkEntry } from './fields';

/** Link or unlink: one batch request per source entity type (`POST /api/v4/{type}/link|unlink`). */
export async function linkBatches(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	action: 'link' | 'unlink',
	decorate?: (body: IDataObject, itemIndex: number) => void,
): Promise<INodeExecutionData[]> {
	const fromTypes = new Map<number, string>();
	return await batchItems.call(this, items, {
		prepare: (i) => {
			const { fromType, body } = linkEntry(this, i);
			decorate?.(body, i);
			fromTypes.set(i, fromType);
			return body;
		},
		write: async (entries) =>
			await amoCrmBatchWriteByGroup.call(this, entries, (e) => fromTypes.get(e.itemIndex)!, (type) => ({
				method: 'POST',
				endpoint: `/api/v4/${type}/${action}`,
				embeddedKey: 'links',
				idempotent: true,
				omitRequestId: true,
			})),
		present: (_result, i, sent) => ({
			entity_type: fromTypes.get(i),
			entity_id: sent.entity_id,
			to_entity_type: sent.to_entity_type,
			to_entity_id: sent.to_entity_id,
			[action === 'link' ? 'linked' : 'unlinked']: true,
		}),
	});
}
