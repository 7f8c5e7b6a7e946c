import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import { FIELD_ENTITY_OPTIONS } from './fields';
import { groupIdField, groupIdParameter } from './groupFields';

const properties: INodeProperties[] = [
	{ displayName: 'Entity Type', name: 'entityType', type: 'options', options: FIELD_ENTITY_OPTIONS, default: 'leads', description: 'Whose field group to delete' },
	groupIdField,
];

export const description = updateDisplayOptions({ show: { resource: ['customField'], operation: ['deleteGroup'] } }, properties);

/** The group's fields stay, in the main tab; amoCRM's own groups (Main, Statistics) cannot be deleted. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const entity = this.getNodeParameter('entityType', i) as string;
		const groupId = groupIdParameter(this, i);
		await amoCrmApiRequest.call(this, 'DELETE', `/api/v4/${entity}/custom_fields/groups/${encodeURIComponent(groupId)}`, undefined, undefined, true);
		return { id: groupId, entity_type: entity, deleted: true };
	});
}
