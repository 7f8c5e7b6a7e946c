import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as findByFieldValue from './findByFieldValue.operation';
import * as findByPhoneOrEmail from './findByPhoneOrEmail.operation';
import * as findOrCreate from './findOrCreate.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, findByFieldValue, findByPhoneOrEmail, findOrCreate, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create contacts (many in one request)',
				action: 'Create a contact',
			},
			{
				name: 'Find by Field Value',
				value: 'findByFieldValue',
				description:
					'Find the contacts whose custom field holds a value (order number, UTM, INN, …), each checked against that field',
				action: 'Find contacts by field value',
			},
			{
				name: 'Find by Phone or Email',
				value: 'findByPhoneOrEmail',
				description: 'Find the contact that truly has this phone or email, whatever its formatting',
				action: 'Find a contact by phone or email',
			},
			{
				name: 'Find or Create',
				value: 'findOrCreate',
				description:
					'Find the contact by phone or email, adding what it lacks; create it when there is none',
				action: 'Find or create a contact',
			},
			{ name: 'Get', value: 'get', description: 'Get a contact', action: 'Get a contact' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many contacts',
				action: 'Get many contacts',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update contacts (many in one request)',
				action: 'Update a contact',
			},
		],
		default: 'findByPhoneOrEmail',
	},
	...create.description,
	...findByFieldValue.description,
	...findByPhoneOrEmail.description,
	...findOrCreate.description,
	...get.description,
	...getAll.description,
	...update.description,
];
