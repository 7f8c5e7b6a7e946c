import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmApiRequest, amoCrmGetByIds, writeBatchSizeOf } from '../../transport';
import type { BatchEntry, BatchOutcome } from '../../transport/batch';
import { catalogIdField, knownCatalog } from '../catalog/catalogs';
import { elementField, elementIdParameter } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			"amoCRM's current API (v4) cannot delete catalog elements: this operation uses its older v2 call, which amoCRM still documents",
		name: 'olderCallNotice',
		type: 'notice',
		default: '',
	},
	catalogIdField,
	elementField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['catalogElement'], operation: ['delete'] } },
	properties,
);

/** amoCRM's older (v2) call; the v4 API has no way to delete an element. */
const V2_DELETE = '/api/v2/catalog_elements';

/**
 * Deletes elements with amoCRM's older call `POST /api/v2/catalog_elements {"delete": [IDs]}`, many
 * per request. The elements are read before (an unknown ID is that item's error, and is not sent)
 * and after (an element still there is an error: the call was not carried out), one request per
 * catalog each time, since what the older call answers is not documented.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const catalogOf = new Map<number, number>();
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const catalogId = Number((await knownCatalog(this, i)).id);
			catalogOf.set(i, catalogId);
			return { id: elementIdParameter(this, i) };
		},
		write: async (entries) => await deleteElements(this, entries, catalogOf),
		present: (result) => result,
	});
}

async function deleteElements(
	ctx: IExecuteFunctions,
	entries: BatchEntry[],
	catalogOf: Map<number, number>,
): Promise<BatchOutcome[]> {
	const idOf = (entry: BatchEntry) => Number(entry.body.id);
	const byCatalog = new Map<number, BatchEntry[]>();
	for (const entry of entries)
		byCatalog.set(catalogOf.get(entry.itemIndex)!, [
			...(byCatalog.get(catalogOf.get(entry.itemIndex)!) ?? []),
			entry,
		]);
	const present = async (catalogId: number, group: BatchEntry[]) =>
		new Set(
			(
				await amoCrmGetByIds.call(
					ctx,
					`/api/v4/catalogs/${catalogId}/elements`,
					'elements',
					group.map(idOf),
				)
			).map((e) => Number(e.id)),
		);

	const outcomes = new Map<number, BatchOutcome>();
	const toDelete: BatchEntry[] = [];
	for (const [catalogId, group] of byCatalog) {
		const found = await present(catalogId, group);
		for (const entry of group) {
			if (found.has(idOf(entry))) toDelete.push(entry);
			else
				outcomes.set(entry.itemIndex, {
					itemIndex: entry.itemIndex,
					error: new NodeOperationError(
						ctx.getNode(),
						`Catalog ${catalogId} has no element with ID ${idOf(entry)}`,
						{ itemIndex: entry.itemIndex },
					),
				});
		}
	}

	// A failed request may still have deleted its elements: what the catalogs hold afterwards decides.
	const failures = new Map<number, Error>();
	const ids = [...new Set(toDelete.map(idOf))];
	const size = await writeBatchSizeOf(ctx);
	for (let start = 0; start < ids.length; start += size) {
		const chunk = ids.slice(start, start + size);
		try {
			await amoCrmApiRequest.call(ctx, 'POST', V2_DELETE, { delete: chunk });
		} catch (error) {
			for (const id of chunk) failures.set(id, error as Error);
		}
	}

	for (const [catalogId, group] of byCatalog) {
		const sent = group.filter((entry) => toDelete.includes(entry));
		if (!sent.length) continue;
		const left = await present(catalogId, sent);
		for (const entry of sent) {
			const id = idOf(entry);
			const kept = new NodeOperationError(
				ctx.getNode(),
				`amoCRM kept element ${id} of catalog ${catalogId}`,
				{
					itemIndex: entry.itemIndex,
					description:
						'amoCRM answered the older (v2) delete call, but the element is still there. The account may not take that call with this token.',
				},
			);
			outcomes.set(
				entry.itemIndex,
				left.has(id)
					? { itemIndex: entry.itemIndex, error: failures.get(id) ?? kept }
					: { itemIndex: entry.itemIndex, result: { id, catalog_id: catalogId, deleted: true } },
			);
		}
	}
	return entries.map((entry) => outcomes.get(entry.itemIndex)!);
}
