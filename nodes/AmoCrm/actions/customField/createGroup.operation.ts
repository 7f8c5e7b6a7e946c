import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmBatchWriteByGroup } from '../../transport/batch';
import {
	chosenOwner,
	fieldCatalogField,
	FIELD_ENTITY_OPTIONS,
	type FieldOwnerChoice,
} from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		options: FIELD_ENTITY_OPTIONS,
		default: 'leads',
		description: 'Whose cards get the new tab',
	},
	fieldCatalogField('createGroup'),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Доставка',
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'number',
		default: 10,
		description: 'Position among the tabs',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customField'], operation: ['createGroup'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const ownerOf = new Map<number, FieldOwnerChoice>();
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const name = String(this.getNodeParameter('name', i, '')).trim();
			if (!name)
				throw new NodeOperationError(this.getNode(), 'The group needs a name', {
					itemIndex: i,
					description: 'Name is empty in this item.',
				});
			const sort = Number(this.getNodeParameter('sort', i, 10));
			if (!Number.isInteger(sort))
				throw new NodeOperationError(this.getNode(), `Sort must be a whole number, not ${sort}`, {
					itemIndex: i,
				});
			ownerOf.set(i, await chosenOwner(this, i));
			return { name, sort };
		},
		write: async (entries) =>
			await amoCrmBatchWriteByGroup.call(
				this,
				entries,
				(entry) => ownerOf.get(entry.itemIndex)!.path,
				(path) => ({
					method: 'POST',
					endpoint: `/api/v4/${path}/custom_fields/groups`,
					embeddedKey: 'custom_field_groups',
				}),
			),
		present: (result) => withoutLinks(result),
	});
}
