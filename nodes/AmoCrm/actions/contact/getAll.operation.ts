import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyContact, withoutLinks } from '../../helpers/simplify';
import {
	filtersCollection,
	optionsCollection,
	responsibleUserField,
	sortOption,
} from '../common.descriptions';
import { dateRangeFilters, entityListQuery, listFields, readList } from '../read';

const properties: INodeProperties[] = [
	...listFields,
	filtersCollection([
		...dateRangeFilters('Created', 'created'),
		{
			displayName: 'IDs',
			name: 'ids',
			type: 'string',
			default: '',
			placeholder: 'e.g. 20000001, 20000002',
			description: 'Comma-separated contact IDs',
		},
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			default: '',
			description:
				'Full-text search over names and field values (amoCRM matches parts of words and numbers)',
		},
		responsibleUserField,
		...dateRangeFilters('Updated', 'updated'),
	]),
	optionsCollection([
		{
			displayName: 'Include Leads',
			name: 'withLeads',
			type: 'boolean',
			default: false,
			description: 'Whether to include the IDs of linked leads',
		},
		sortOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const qs = entityListQuery(filters, options, [{ option: 'withLeads', value: 'leads' }]);
		const contacts = await readList(this, i, '/api/v4/contacts', 'contacts', qs);
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return contacts.map((c) => (simplify ? simplifyContact(c) : withoutLinks(c)));
	});
}
