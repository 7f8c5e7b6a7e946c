import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		options: [
			{
				name: 'Add',
				value: 'create',
				description:
					'Add calls (many in one request); amoCRM files each on the contact, company or open lead with that number',
				action: 'Add a call',
			},
		],
		default: 'create',
	},
	...create.description,
];
