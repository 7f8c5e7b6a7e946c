import type { INodeProperties } from 'n8n-workflow';

import * as complete from './complete.operation';
import * as create from './create.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { complete, create, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{
				name: 'Complete',
				value: 'complete',
				description: 'Mark tasks done with a result text',
				action: 'Complete a task',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create tasks (many in one request)',
				action: 'Create a task',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many tasks',
				action: 'Get many tasks',
			},
			{ name: 'Update', value: 'update', description: 'Update tasks', action: 'Update a task' },
		],
		default: 'create',
	},
	...complete.description,
	...create.description,
	...getAll.description,
	...update.description,
];
