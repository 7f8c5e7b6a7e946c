import type { INodeProperties } from 'n8n-workflow';

import * as addCompany from './addCompany.operation';
import * as addContact from './addContact.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getCompanies from './getCompanies.operation';
import * as getContacts from './getContacts.operation';
import * as getField from './getField.operation';
import * as getFields from './getFields.operation';
import * as updateFields from './updateFields.operation';

export {
	addCompany,
	addContact,
	create,
	get,
	getAll,
	getCompanies,
	getContacts,
	getField,
	getFields,
	updateFields,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['client'] } },
		options: [
			{
				name: 'Add Company',
				value: 'addCompany',
				description: 'Add a company (legal entity) to the client',
				action: 'Add a company to a client',
			},
			{
				name: 'Add Contact',
				value: 'addContact',
				description: 'Add a contact person with phones, email and messengers',
				action: 'Add a contact to a client',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a client',
				action: 'Create a client',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a client with field values, contacts and deals',
				action: 'Get a client',
			},
			{
				name: 'Get Companies',
				value: 'getCompanies',
				description: 'Get the companies of the client',
				action: 'Get the companies of a client',
			},
			{
				name: 'Get Contacts',
				value: 'getContacts',
				description: 'Get the phones, emails and other contacts of the client',
				action: 'Get the contacts of a client',
			},
			{
				name: 'Get Field',
				value: 'getField',
				description: 'Get one client field definition',
				action: 'Get a client field',
			},
			{
				name: 'Get Field List',
				value: 'getFields',
				description: 'Get the service or custom client fields',
				action: 'Get the client fields',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many clients by keyword and creation period',
				action: 'Get many clients',
			},
			{
				name: 'Update Fields',
				value: 'updateFields',
				description: 'Set service or custom field values of a client',
				action: 'Update the fields of a client',
			},
		],
		default: 'get',
	},
	...addCompany.description,
	...addContact.description,
	...create.description,
	...get.description,
	...getAll.description,
	...getCompanies.description,
	...getContacts.description,
	...getField.description,
	...getFields.description,
	...updateFields.description,
];
