import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get tasks of the CRM by period, status and employee',
				action: 'Get many tasks',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
