import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { simplifyCatalogElement } from '../../helpers/simplify';
import { amoCrmBatchWriteByGroup } from '../../transport/batch';
import { catalogIdField, knownCatalog } from '../catalog/catalogs';
import { elementCustomFields, elementCustomFieldsField } from './fields';

const properties: INodeProperties[] = [
	catalogIdField,
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Тариф «Бизнес»',
	},
	elementCustomFieldsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['catalogElement'], operation: ['create'] } },
	properties,
);

/** Elements of each catalog in as few requests as amoCRM allows (`POST /api/v4/catalogs/{id}/elements`). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const catalogOf = new Map<number, number>();
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const catalogId = Number((await knownCatalog(this, i)).id);
			const name = String(this.getNodeParameter('name', i, '')).trim();
			if (!name)
				throw new NodeOperationError(this.getNode(), 'A catalog element needs a name', {
					itemIndex: i,
				});
			const custom = await elementCustomFields(
				this,
				catalogId,
				{ customFields: this.getNodeParameter('customFields', i, {}) },
				i,
			);
			catalogOf.set(i, catalogId);
			return { name, ...custom };
		},
		write: async (entries) =>
			await amoCrmBatchWriteByGroup.call(
				this,
				entries,
				(e) => String(catalogOf.get(e.itemIndex)),
				(catalogId) => ({
					method: 'POST',
					endpoint: `/api/v4/catalogs/${catalogId}/elements`,
					embeddedKey: 'elements',
				}),
			),
		present: (result: IDataObject) => simplifyCatalogElement(result),
	});
}
