import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as subscribe from './subscribe.operation';
import * as unsubscribe from './unsubscribe.operation';

export { getAll, subscribe, unsubscribe };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many webhook subscriptions of the account (admin only)',
				action: 'Get many webhooks',
			},
			{
				name: 'Subscribe',
				value: 'subscribe',
				description: 'Send chosen events to a URL (admin only)',
				action: 'Subscribe a webhook',
			},
			{
				name: 'Unsubscribe',
				value: 'unsubscribe',
				description: 'Stop sending events to a URL (admin only)',
				action: 'Unsubscribe a webhook',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...subscribe.description,
	...unsubscribe.description,
];
