import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, del as delete, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['source'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create sources of the integration, such as a chat channel or a landing page',
				action: 'Create a source',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete sources of the integration',
				action: 'Delete a source',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the sources of the integration',
				action: 'Get many sources',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the name, pipeline or other fields of sources',
				action: 'Update a source',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...del.description,
	...getAll.description,
	...update.description,
];
