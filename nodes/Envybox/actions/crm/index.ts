import type { INodeProperties } from 'n8n-workflow';

import * as getInfo from './getInfo.operation';

export { getInfo };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['crm'] } },
		options: [
			{
				name: 'Get Info',
				value: 'getInfo',
				description: 'Pipelines, stages, employees, inbox types and custom fields of the CRM',
				action: 'Get CRM info',
			},
		],
		default: 'getInfo',
	},
	...getInfo.description,
];
