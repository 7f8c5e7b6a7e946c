import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyContact, withoutLinks } from '../../helpers/simplify';
import { optionalNumber, responsibleUserField } from '../common.descriptions';
import { addIdList, addRange, dateRangeFilters, listFields, readList } from '../listing';

const properties: INodeProperties[] = [
	...listFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			...dateRangeFilters('Created', 'created'),
			{ displayName: 'IDs', name: 'ids', type: 'string', default: '', placeholder: 'e.g. 20000001, 20000002', description: 'Comma-separated contact IDs' },
			{
				displayName: 'Query',
				name: 'query',
				type: 'string',
				default: '',
				description: 'Full-text search over names and field values (amoCRM matches parts of words and numbers)',
			},
			responsibleUserField,
			...dateRangeFilters('Updated', 'updated'),
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Include Leads', name: 'withLeads', type: 'boolean', default: false, description: 'Whether to include the IDs of linked leads' },
			{
				displayName: 'Sort By',
				name: 'sort',
				type: 'options',
				options: [
					{ name: 'Created (Newest First)', value: 'created_at:desc' },
					{ name: 'ID (Oldest First)', value: 'id:asc' },
					{ name: 'Updated (Newest First)', value: 'updated_at:desc' },
				],
				default: 'id:asc',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const qs: IDataObject = {};
		if (filters.query) qs.query = filters.query;
		addIdList(qs, 'id', filters.ids);
		const responsible = optionalNumber(filters.responsibleUserId);
		if (responsible !== undefined) qs['filter[responsible_user_id]'] = responsible;
		addRange(qs, 'created_at', filters.createdFrom, filters.createdTo);
		addRange(qs, 'updated_at', filters.updatedFrom, filters.updatedTo);
		if (options.withLeads) qs.with = 'leads';
		const [sortKey, direction] = String(options.sort ?? 'id:asc').split(':');
		qs[`order[${sortKey}]`] = direction;
		const contacts = await readList(this, i, '/api/v4/contacts', 'contacts', qs);
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return contacts.map((c) => (simplify ? simplifyContact(c) : withoutLinks(c)));
	});
}
