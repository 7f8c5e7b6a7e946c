import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyCompany, withoutLinks } from '../../helpers/simplify';
import {
	filtersCollection,
	optionsCollection,
	responsibleUserField,
	sortOption,
} from '../common.descriptions';
import { dateRangeFilters, entityListQuery, listFields, readList } from '../read';
import { COMPANY_EMBEDS, linkedRecordOptions } from './linked';

const properties: INodeProperties[] = [
	...listFields,
	filtersCollection([
		...dateRangeFilters('Created', 'created'),
		{
			displayName: 'IDs',
			name: 'ids',
			type: 'string',
			default: '',
			placeholder: 'e.g. 40000001, 40000002',
			description: 'Comma-separated company IDs',
		},
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			default: '',
			description: 'Full-text search over names and field values',
		},
		responsibleUserField,
		...dateRangeFilters('Updated', 'updated'),
	]),
	optionsCollection([...linkedRecordOptions, sortOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['company'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const companies = await readList(
			this,
			i,
			'/api/v4/companies',
			'companies',
			entityListQuery(filters, options, COMPANY_EMBEDS),
		);
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return companies.map((c) => (simplify ? simplifyCompany(c) : withoutLinks(c)));
	});
}
