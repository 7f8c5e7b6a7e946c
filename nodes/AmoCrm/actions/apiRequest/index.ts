import type { INodeProperties } from 'n8n-workflow';

import * as send from './send.operation';

export { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['apiRequest'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description:
					'Call any amoCRM API endpoint, paced and retried like the other operations, with their error messages',
				action: 'Send an API request',
			},
		],
		default: 'send',
	},
	...send.description,
];
