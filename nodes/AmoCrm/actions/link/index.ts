import type { INodeProperties } from 'n8n-workflow';

import * as link from './link.operation';
import * as list from './list.operation';
import * as unlink from './unlink.operation';

export { link, list, unlink };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['link'] } },
		options: [
			{
				name: 'Link',
				value: 'link',
				description: 'Link a lead, contact or company to another record',
				action: 'Link two records',
			},
			{
				name: 'List',
				value: 'list',
				description: 'List the records linked to a lead, contact or company',
				action: 'List linked records',
			},
			{
				name: 'Unlink',
				value: 'unlink',
				description: 'Remove the link between two records',
				action: 'Unlink two records',
			},
		],
		default: 'link',
	},
	...link.description,
	...list.description,
	...unlink.description,
];
