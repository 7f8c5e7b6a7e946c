import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as getAll from './getAll.operation';

export { create, del as delete, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lossReason'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create reasons a lead can be closed as lost with',
				action: 'Create a loss reason',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a loss reason',
				action: 'Delete a loss reason',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the reasons a lead can be closed as lost with',
				action: 'Get many loss reasons',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...del.description,
	...getAll.description,
];
