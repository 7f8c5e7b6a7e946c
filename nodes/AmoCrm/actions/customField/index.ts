import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as createGroup from './createGroup.operation';
import * as deleteField from './delete.operation';
import * as deleteGroup from './deleteGroup.operation';
import * as getAll from './getAll.operation';
import * as getGroups from './getGroups.operation';
import * as update from './update.operation';
import * as updateGroup from './updateGroup.operation';

export {
	create,
	createGroup,
	deleteField as delete,
	deleteGroup,
	getAll,
	getGroups,
	update,
	updateGroup,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customField'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Create fields of leads, contacts, companies, customers or catalogs (many in one request)',
				action: 'Create a custom field',
			},
			{
				name: 'Create Group',
				value: 'createGroup',
				description: 'Create a field group (a tab of the record or catalog element card)',
				action: 'Create a field group',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a field and every value records hold in it',
				action: 'Delete a custom field',
			},
			{
				name: 'Delete Group',
				value: 'deleteGroup',
				description: 'Delete a field group; its fields move to the main tab',
				action: 'Delete a field group',
			},
			{
				name: 'Get Groups',
				value: 'getGroups',
				description: 'Get the field groups (tabs) with the IDs of their fields',
				action: 'Get field groups',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'Get the custom fields of leads, contacts, companies or a catalog, with their options',
				action: 'Get many custom fields',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Rename a field, change its options (keeping their IDs), code, sort or group',
				action: 'Update a custom field',
			},
			{
				name: 'Update Group',
				value: 'updateGroup',
				description: 'Rename or reorder a field group, or move fields into it',
				action: 'Update a field group',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...createGroup.description,
	...deleteField.description,
	...deleteGroup.description,
	...getAll.description,
	...getGroups.description,
	...update.description,
	...updateGroup.description,
];
