import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequest } from '../../transport';
import { chosenOwner, fieldCatalogField, FIELD_ENTITY_OPTIONS } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		options: FIELD_ENTITY_OPTIONS,
		default: 'leads',
		description: 'Whose field groups (the tabs of a record card) to list',
	},
	fieldCatalogField('getGroups'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customField'], operation: ['getGroups'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const owner = await chosenOwner(this, i);
		const answer = await amoCrmApiRequest.call(
			this,
			'GET',
			`/api/v4/${owner.path}/custom_fields/groups`,
		);
		return (
			((answer?._embedded as IDataObject | undefined)?.custom_field_groups ?? []) as IDataObject[]
		).map(withoutLinks);
	});
}
