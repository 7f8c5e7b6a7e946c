import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyLead, withoutLinks } from '../../helpers/simplify';
import { optionalNumber, pipelineField, responsibleUserField, statusField } from '../common.descriptions';
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
			...dateRangeFilters('Closed', 'closed'),
			...dateRangeFilters('Created', 'created'),
			{ displayName: 'IDs', name: 'ids', type: 'string', default: '', placeholder: 'e.g. 30000001, 30000002', description: 'Comma-separated lead IDs' },
			pipelineField,
			{ displayName: 'Query', name: 'query', type: 'string', default: '', description: 'Full-text search over the lead name and field values' },
			responsibleUserField,
			{ ...statusField, description: 'Only leads in this stage (needs the pipeline too)' },
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
			{ displayName: 'Include Contacts', name: 'withContacts', type: 'boolean', default: false, description: 'Whether to include the IDs of linked contacts' },
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

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const qs: IDataObject = {};
		if (filters.query) qs.query = filters.query;
		addIdList(qs, 'id', filters.ids);
		const pipeline = optionalNumber(filters.pipelineId);
		const status = optionalNumber(filters.statusId);
		if (status !== undefined) {
			// amoCRM ignores a bare status filter; it takes pipeline + status pairs.
			if (pipeline === undefined) throw new NodeOperationError(this.getNode(), 'Filtering by stage needs the pipeline too', { itemIndex: i });
			qs['filter[statuses][0][pipeline_id]'] = pipeline;
			qs['filter[statuses][0][status_id]'] = status;
		} else if (pipeline !== undefined) {
			qs['filter[pipeline_id]'] = pipeline;
		}
		const responsible = optionalNumber(filters.responsibleUserId);
		if (responsible !== undefined) qs['filter[responsible_user_id]'] = responsible;
		addRange(qs, 'created_at', filters.createdFrom, filters.createdTo);
		addRange(qs, 'updated_at', filters.updatedFrom, filters.updatedTo);
		addRange(qs, 'closed_at', filters.closedFrom, filters.closedTo);
		if (options.withContacts) qs.with = 'contacts';
		const [sortKey, direction] = String(options.sort ?? 'id:asc').split(':');
		qs[`order[${sortKey}]`] = direction;
		const leads = await readList(this, i, '/api/v4/leads', 'leads', qs);
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return leads.map((lead) => (simplify ? simplifyLead(lead) : withoutLinks(lead)));
	});
}
