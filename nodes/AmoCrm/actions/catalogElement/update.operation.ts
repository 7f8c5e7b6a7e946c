import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { simplifyCatalogElement } from '../../helpers/simplify';
import { amoCrmGetByIds } from '../../transport';
import { amoCrmBatchWriteByGroup } from '../../transport/batch';
import { catalogIdField, knownCatalog } from '../catalog/catalogs';
import { collection } from '../common.descriptions';
import {
	elementCustomFields,
	elementCustomFieldsField,
	elementField,
	elementIdParameter,
} from './fields';

const properties: INodeProperties[] = [
	catalogIdField,
	elementField,
	collection('Update Fields', 'updateFields', [
		elementCustomFieldsField,
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['catalogElement'], operation: ['update'] } },
	properties,
);

/**
 * Updates elements, in one request per catalog and batch. amoCRM marks the name required on
 * update: elements given no new name are read first (one request per catalog) and keep their name.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const catalogOf = new Map<number, number>();
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const catalogId = Number((await knownCatalog(this, i)).id);
			const id = elementIdParameter(this, i);
			const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
			const name = String(fields.name ?? '').trim();
			catalogOf.set(i, catalogId);
			return {
				id,
				...(name ? { name } : {}),
				...(await elementCustomFields(this, catalogId, fields, i)),
			};
		},
		write: async (entries) => {
			for (const catalogId of new Set(entries.map((e) => catalogOf.get(e.itemIndex)!))) {
				const unnamed = entries.filter(
					(e) => catalogOf.get(e.itemIndex) === catalogId && e.body.name === undefined,
				);
				if (!unnamed.length) continue;
				const current = await amoCrmGetByIds.call(
					this,
					`/api/v4/catalogs/${catalogId}/elements`,
					'elements',
					unnamed.map((e) => Number(e.body.id)),
				);
				const names = new Map(current.map((element) => [Number(element.id), element.name]));
				// An element that is not found keeps no name: amoCRM then names it as not found.
				for (const entry of unnamed)
					if (names.has(Number(entry.body.id))) entry.body.name = names.get(Number(entry.body.id));
			}
			return await amoCrmBatchWriteByGroup.call(
				this,
				entries,
				(e) => String(catalogOf.get(e.itemIndex)),
				(catalogId) => ({
					method: 'PATCH',
					endpoint: `/api/v4/catalogs/${catalogId}/elements`,
					embeddedKey: 'elements',
					idempotent: true,
				}),
			);
		},
		present: (result: IDataObject) => simplifyCatalogElement(result),
	});
}
