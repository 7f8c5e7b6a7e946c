import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequest } from '../../transport';
import { idParameter } from '../common.descriptions';
import { catalogIdField } from './catalogs';

const properties: INodeProperties[] = [catalogIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['catalog'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = idParameter(this, 'catalogId', i, 'a catalog ID');
		const catalog = await amoCrmApiRequest.call(this, 'GET', `/api/v4/catalogs/${id}`);
		if (!catalog)
			throw new NodeOperationError(this.getNode(), `amoCRM has no catalog with ID ${id}`, {
				itemIndex: i,
			});
		return withoutLinks(catalog);
	});
}
