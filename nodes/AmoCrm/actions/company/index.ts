import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as findByFieldValue from './findByFieldValue.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, findByFieldValue, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['company'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create companies and link them to contacts and leads',
				action: 'Create a company',
			},
			{
				name: 'Find by Field Value',
				value: 'findByFieldValue',
				description:
					'Find the companies whose custom field holds a value (order number, UTM, INN, …), each checked against that field',
				action: 'Find companies by field value',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a company, optionally with its linked contacts and leads',
				action: 'Get a company',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many companies',
				action: 'Get many companies',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update companies and link more contacts and leads',
				action: 'Update a company',
			},
		],
		default: 'create',
	},
	...create.description,
	...findByFieldValue.description,
	...get.description,
	...getAll.description,
	...update.description,
];
