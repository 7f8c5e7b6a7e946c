import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['shortLink'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Shorten a link for one contact; following it adds a site visit note to the contact',
				action: 'Create a short link',
			},
		],
		default: 'create',
	},
	...create.description,
];
