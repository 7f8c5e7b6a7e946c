import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customField'] } },
		options: [
			{ name: 'Get Many', value: 'getAll', description: 'Get the custom fields of leads, contacts or companies, with their options', action: 'Get many custom fields' },
		],
		default: 'getAll',
	},
	...getAll.description,
];
