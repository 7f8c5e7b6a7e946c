import type { INodeProperties } from 'n8n-workflow';

import * as add from './add.operation';
import * as create from './create.operation';
import * as getAll from './getAll.operation';
import * as remove from './remove.operation';

export { add, create, getAll, remove };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: [
			{
				name: 'Add to Record',
				value: 'add',
				description: 'Add tags to a lead, contact or company, keeping its other tags',
				action: 'Add tags to a record',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create tags in the tag list of leads, contacts or companies',
				action: 'Create a tag',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the tags of leads, contacts or companies',
				action: 'Get many tags',
			},
			{
				name: 'Remove From Record',
				value: 'remove',
				description: 'Remove tags from a lead, contact or company, keeping its other tags',
				action: 'Remove tags from a record',
			},
		],
		default: 'add',
	},
	...add.description,
	...create.description,
	...getAll.description,
	...remove.description,
];
