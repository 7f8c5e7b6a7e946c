import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { fieldDefinitions, findField } from '../../helpers/customFields';
import { forEachItem } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequest } from '../../transport';
import { chosenOwner, fieldCatalogField, FIELD_ENTITY_OPTIONS } from './fields';
import { groupIdField, groupIdParameter } from './groupFields';

const properties: INodeProperties[] = [
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		options: FIELD_ENTITY_OPTIONS,
		default: 'leads',
		description: 'Whose field group to change',
	},
	fieldCatalogField('updateGroup'),
	groupIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Move Fields Here',
				name: 'fields',
				type: 'string',
				default: '',
				placeholder: 'e.g. ORDER_NUMBER, 912001',
				description: 'Comma-separated codes or IDs of fields to move into this group',
			},
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{
				displayName: 'Sort',
				name: 'sort',
				type: 'number',
				default: 10,
				description: 'Position among the tabs',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customField'], operation: ['updateGroup'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const owner = await chosenOwner(this, i);
		const groupId = groupIdParameter(this, i);
		const changes = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const body: IDataObject = {};
		if (String(changes.name ?? '').trim()) body.name = String(changes.name).trim();
		if (changes.sort !== undefined) body.sort = Number(changes.sort);
		const keys = String(changes.fields ?? '')
			.split(',')
			.map((key) => key.trim())
			.filter(Boolean);
		if (keys.length) {
			const definitions = await fieldDefinitions(this, owner.path);
			body.fields = keys.map((key) => findField(this, owner.path, definitions, key, i).id);
		}
		if (!Object.keys(body).length)
			throw new NodeOperationError(this.getNode(), 'Nothing to change', {
				itemIndex: i,
				description: 'Add a name, a sort or fields to move under Update Fields.',
			});
		const group = await amoCrmApiRequest.call(
			this,
			'PATCH',
			`/api/v4/${owner.path}/custom_fields/groups/${encodeURIComponent(groupId)}`,
			body,
			undefined,
			true,
		);
		return withoutLinks(group ?? {});
	});
}
