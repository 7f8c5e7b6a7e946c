import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['catalog'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create catalogs (lists; many in one request)',
				action: 'Create a catalog',
			},
			{ name: 'Get', value: 'get', description: 'Get a catalog', action: 'Get a catalog' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the catalogs of the account',
				action: 'Get many catalogs',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Rename catalogs or change their settings',
				action: 'Update a catalog',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
];
