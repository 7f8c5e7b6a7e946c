import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequestAllItems } from '../../transport';
import { entityTypeOptions, idParameter } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Entity Type',
		name: 'fromEntityType',
		type: 'options',
		options: entityTypeOptions,
		default: 'leads',
	},
	{
		displayName: 'Entity ID',
		name: 'fromEntityId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 30000001',
	},
	{
		displayName: 'Linked Type',
		name: 'toEntityType',
		type: 'options',
		options: [{ name: 'Any', value: '' }, ...entityTypeOptions],
		default: '',
		description: 'Only links to records of this type',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['link'], operation: ['list'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const type = this.getNodeParameter('fromEntityType', i) as string;
		const id = idParameter(this, 'fromEntityId', i);
		const toType = this.getNodeParameter('toEntityType', i, '') as string;
		const links = await amoCrmApiRequestAllItems.call(this, `/api/v4/${type}/${id}/links`, 'links');
		return links
			.filter((link) => !toType || link.to_entity_type === toType)
			.map((link) => ({
				entity_type: type,
				entity_id: id,
				to_entity_type: link.to_entity_type,
				to_entity_id: link.to_entity_id,
				metadata: (link.metadata ?? null) as IDataObject | null,
			}));
	});
}
