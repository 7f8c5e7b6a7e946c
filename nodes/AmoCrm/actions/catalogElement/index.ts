import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, del as delete, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['catalogElement'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create elements of a catalog (many in one request)',
				action: 'Create a catalog element',
			},
			{
				name: 'Delete',
				value: 'delete',
				description:
					'Delete catalog elements, through amoCRM’s older v2 call (its v4 API cannot delete them)',
				action: 'Delete a catalog element',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a catalog element',
				action: 'Get a catalog element',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get or search the elements of a catalog',
				action: 'Get many catalog elements',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update catalog elements (many in one request)',
				action: 'Update a catalog element',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...update.description,
];
