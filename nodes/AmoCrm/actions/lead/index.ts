import type { INodeProperties } from 'n8n-workflow';

import * as addProducts from './addProducts.operation';
import * as closeAsLost from './closeAsLost.operation';
import * as create from './create.operation';
import * as createComplex from './createComplex.operation';
import * as findByFieldValue from './findByFieldValue.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getOpenLeadsOfContact from './getOpenLeadsOfContact.operation';
import * as getProducts from './getProducts.operation';
import * as removeProducts from './removeProducts.operation';
import * as update from './update.operation';

export {
	addProducts,
	closeAsLost,
	create,
	createComplex,
	findByFieldValue,
	get,
	getAll,
	getOpenLeadsOfContact,
	getProducts,
	removeProducts,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [
			{
				name: 'Add Products',
				value: 'addProducts',
				description:
					'Add products (catalog elements) to leads with quantity and price column, many in one request',
				action: 'Add products to a lead',
			},
			{
				name: 'Close as Lost',
				value: 'closeAsLost',
				description:
					'Move leads to the lost stage of their pipeline, with the reason they were lost',
				action: 'Close a lead as lost',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create leads (many in one request)',
				action: 'Create a lead',
			},
			{
				name: 'Create Complex',
				value: 'createComplex',
				description:
					'Create a lead together with a new or existing contact and company in one request',
				action: 'Create a lead with its contact and company',
			},
			{
				name: 'Find by Field Value',
				value: 'findByFieldValue',
				description:
					'Find the leads whose custom field holds a value (order number, UTM, INN, …), each checked against that field',
				action: 'Find leads by field value',
			},
			{ name: 'Get', value: 'get', description: 'Get a lead', action: 'Get a lead' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many leads',
				action: 'Get many leads',
			},
			{
				name: 'Get Open Leads of Contact',
				value: 'getOpenLeadsOfContact',
				description:
					'Leads of a contact that are neither won nor lost, most recently updated first',
				action: 'Get open leads of a contact',
			},
			{
				name: 'Get Products',
				value: 'getProducts',
				description: 'Get the products of a lead with their names, quantities and prices',
				action: 'Get the products of a lead',
			},
			{
				name: 'Remove Products',
				value: 'removeProducts',
				description: 'Remove products (catalog elements) from leads, many in one request',
				action: 'Remove products from a lead',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update leads, including moving them to another stage',
				action: 'Update a lead',
			},
		],
		default: 'create',
	},
	...addProducts.description,
	...closeAsLost.description,
	...create.description,
	...createComplex.description,
	...findByFieldValue.description,
	...get.description,
	...getAll.description,
	...getOpenLeadsOfContact.description,
	...getProducts.description,
	...removeProducts.description,
	...update.description,
];
