import type { INodeProperties } from 'n8n-workflow';

import * as addTransaction from './addTransaction.operation';
import * as create from './create.operation';
import * as deleteTransaction from './deleteTransaction.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getSegments from './getSegments.operation';
import * as getTransactions from './getTransactions.operation';
import * as update from './update.operation';

export {
	addTransaction,
	create,
	deleteTransaction,
	get,
	getAll,
	getSegments,
	getTransactions,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Add Transaction',
				value: 'addTransaction',
				description:
					'Record purchases of customers, updating their expected next purchase if asked (many in one request per customer)',
				action: 'Add a transaction to a customer',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create customers (many in one request)',
				action: 'Create a customer',
			},
			{
				name: 'Delete Transaction',
				value: 'deleteTransaction',
				description: 'Delete a purchase of a customer',
				action: 'Delete a customer transaction',
			},
			{ name: 'Get', value: 'get', description: 'Get a customer', action: 'Get a customer' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many customers',
				action: 'Get many customers',
			},
			{
				name: 'Get Segments',
				value: 'getSegments',
				description:
					'Get the customer segments of an account that groups customers by segmentation',
				action: 'Get customer segments',
			},
			{
				name: 'Get Transactions',
				value: 'getTransactions',
				description: 'Get the purchases of one customer or of all customers',
				action: 'Get customer transactions',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update customers (many in one request)',
				action: 'Update a customer',
			},
		],
		default: 'create',
	},
	...addTransaction.description,
	...create.description,
	...deleteTransaction.description,
	...get.description,
	...getAll.description,
	...getSegments.description,
	...getTransactions.description,
	...update.description,
];
