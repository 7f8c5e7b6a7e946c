import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import { chosenOwner, fieldCatalogField, FIELD_ENTITY_OPTIONS, ownerOutput } from './fields';
import { groupIdField, groupIdParameter } from './groupFields';

const properties: INodeProperties[] = [
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		options: FIELD_ENTITY_OPTIONS,
		default: 'leads',
		description: 'Whose field group to delete',
	},
	fieldCatalogField('deleteGroup'),
	groupIdField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customField'], operation: ['deleteGroup'] } },
	properties,
);

/** The group's fields stay, in the main tab; amoCRM's own groups (Main, Statistics) cannot be deleted. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const groupId = groupIdParameter(this, i);
		const owner = await chosenOwner(this, i);
		await amoCrmApiRequest.call(
			this,
			'DELETE',
			`/api/v4/${owner.path}/custom_fields/groups/${encodeURIComponent(groupId)}`,
			undefined,
			undefined,
			true,
		);
		return { id: groupId, ...ownerOutput(owner), deleted: true };
	});
}
