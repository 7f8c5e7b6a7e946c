import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { filtersCollection, limitField, returnAllField } from '../common.descriptions';
import { readList } from '../read';
import { tagEntityTypeField } from './fields';

const properties: INodeProperties[] = [
	tagEntityTypeField,
	returnAllField,
	limitField,
	filtersCollection([
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description: 'Only the tag with exactly this name',
		},
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			default: '',
			description: 'Tags whose name contains this text',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const type = this.getNodeParameter('entityType', i) as string;
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = {};
		if (filters.name) qs['filter[name]'] = filters.name;
		if (filters.query) qs.query = filters.query;
		const tags = await readList(this, i, `/api/v4/${type}/tags`, 'tags', qs);
		return tags.map((t) => ({ entity_type: type, id: t.id, name: t.name, color: t.color ?? null }));
	});
}
