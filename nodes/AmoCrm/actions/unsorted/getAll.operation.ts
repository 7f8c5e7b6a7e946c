import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import {
	filtersCollection,
	limitField,
	optionalNumber,
	pipelineField,
	returnAllField,
} from '../common.descriptions';
import { readList } from '../read';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	filtersCollection([
		{
			displayName: 'Categories',
			name: 'categories',
			type: 'multiOptions',
			options: [
				{ name: 'Calls', value: 'sip' },
				{ name: 'Chats', value: 'chats' },
				{ name: 'Email', value: 'mail' },
				{ name: 'Forms', value: 'forms' },
			],
			default: [],
		},
		pipelineField,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['unsorted'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = { 'order[created_at]': 'desc' };
		const categories = (filters.categories ?? []) as string[];
		if (categories.length) qs['filter[category]'] = categories;
		const pipeline = optionalNumber(filters.pipelineId);
		if (pipeline !== undefined) qs['filter[pipeline_id]'] = pipeline;
		return (await readList(this, i, '/api/v4/leads/unsorted', 'unsorted', qs)).map(withoutLinks);
	});
}
