import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyCatalogElement, withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequest } from '../../transport';
import { catalogIdField, knownCatalog } from '../catalog/catalogs';
import { simplifyField } from '../common.descriptions';
import { elementField, elementIdParameter } from './fields';

const properties: INodeProperties[] = [catalogIdField, elementField, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['catalogElement'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const catalogId = Number((await knownCatalog(this, i)).id);
		const id = elementIdParameter(this, i);
		const element = await amoCrmApiRequest.call(
			this,
			'GET',
			`/api/v4/catalogs/${catalogId}/elements/${id}`,
		);
		if (!element)
			throw new NodeOperationError(
				this.getNode(),
				`Catalog ${catalogId} has no element with ID ${id}`,
				{ itemIndex: i },
			);
		return this.getNodeParameter('simplify', i, true)
			? simplifyCatalogElement(element)
			: withoutLinks(element);
	});
}
