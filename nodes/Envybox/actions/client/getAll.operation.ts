import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { simplifyClient } from '../../helpers/simplify';
import {
	filtersCollection,
	limitField,
	listRequest,
	readPaged,
	resultPage,
	returnAllField,
	simplifyField,
} from '../common';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	filtersCollection([
		{ displayName: 'Created After', name: 'dateStart', type: 'dateTime', default: '' },
		{ displayName: 'Created Before', name: 'dateEnd', type: 'dateTime', default: '' },
		{
			displayName: 'Keyword',
			name: 'keyword',
			type: 'string',
			default: '',
			description: 'Searched in client, contact and deal fields',
		},
	]),
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const request = listRequest(filters);
		const clients = await readPaged(this, i, 'client/list', request, resultPage);
		return this.getNodeParameter('simplify', i, true) ? clients.map(simplifyClient) : clients;
	});
}
