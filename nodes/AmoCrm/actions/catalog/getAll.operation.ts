import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequestAllItems } from '../../transport';
import { filtersCollection } from '../common.descriptions';
import { catalogTypeOptions } from './catalogs';

const properties: INodeProperties[] = [
	filtersCollection([
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: catalogTypeOptions,
			default: 'products',
			description: 'Only catalogs of this type',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['catalog'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		// An account has at most 10 catalogs; amoCRM documents no filter, so the type is checked here.
		const catalogs = await amoCrmApiRequestAllItems.call(this, '/api/v4/catalogs', 'catalogs');
		return catalogs.filter((c) => !filters.type || c.type === filters.type).map(withoutLinks);
	});
}
