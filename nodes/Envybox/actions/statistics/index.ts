import type { INodeProperties } from 'n8n-workflow';

import * as getCustom from './getCustom.operation';

export { getCustom };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['statistics'] } },
		options: [
			{
				name: 'Get Custom Report',
				value: 'getCustom',
				description: 'Run a custom report of the CRM for a pipeline and period',
				action: 'Get a custom report',
			},
		],
		default: 'getCustom',
	},
	...getCustom.description,
];
