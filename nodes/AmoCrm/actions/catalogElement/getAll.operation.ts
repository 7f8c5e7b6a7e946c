import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyCatalogElement, withoutLinks } from '../../helpers/simplify';
import { catalogIdField, knownCatalog } from '../catalog/catalogs';
import { filtersCollection, optionalNumber } from '../common.descriptions';
import { listFields, readList } from '../read';

const properties: INodeProperties[] = [
	catalogIdField,
	...listFields,
	filtersCollection([
		{
			displayName: 'IDs',
			name: 'ids',
			type: 'string',
			default: '',
			placeholder: 'e.g. 90000001, 90000002',
			description: 'Comma-separated element IDs',
		},
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			default: '',
			placeholder: 'e.g. iPhone',
			description:
				'Full-text search over the element name and its filled fields (SKU, description, …)',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['catalogElement'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const catalogId = Number((await knownCatalog(this, i)).id);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = {};
		const query = String(filters.query ?? '').trim();
		if (query) qs.query = query;
		const ids = String(filters.ids ?? '')
			.split(',')
			.map((part) => optionalNumber(part.trim()))
			.filter((id): id is number => id !== undefined);
		if (ids.length) qs['filter[id]'] = ids;
		const elements = await readList(
			this,
			i,
			`/api/v4/catalogs/${catalogId}/elements`,
			'elements',
			qs,
		);
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return elements.map((element) =>
			simplify ? simplifyCatalogElement(element) : withoutLinks(element),
		);
	});
}
