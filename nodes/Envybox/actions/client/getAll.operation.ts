import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { simplifyClient } from '../../helpers/simplify';
import { addPeriod, limitField, readPaged, returnAllField, simplifyField } from '../common';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Created After', name: 'dateStart', type: 'dateTime', default: '' },
			{ displayName: 'Created Before', name: 'dateEnd', type: 'dateTime', default: '' },
			{ displayName: 'Keyword', name: 'keyword', type: 'string', default: '', description: 'Searched in client, contact and deal fields' },
		],
	},
	simplifyField,
];

export const description = updateDisplayOptions({ show: { resource: ['client'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const request: IDataObject = {};
		if (filters.keyword) request.keyword = filters.keyword;
		addPeriod(request, filters);
		const clients = await readPaged(this, i, 'client/list', request, (answer) => ({ items: (answer.result ?? []) as IDataObject[], next: Number(answer.offset ?? -1) }));
		return this.getNodeParameter('simplify', i, true) ? clients.map(simplifyClient) : clients;
	});
}
