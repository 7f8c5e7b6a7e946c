import type { INodeProperties } from 'n8n-workflow';

import * as close from './close.operation';
import * as get from './get.operation';

export { close, get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['talk'] } },
		options: [
			{
				name: 'Close',
				value: 'close',
				description: 'Close a talk, directly or through the NPS bot',
				action: 'Close a talk',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a talk (a conversation in a chat)',
				action: 'Get a talk',
			},
		],
		default: 'get',
	},
	...close.description,
	...get.description,
];
