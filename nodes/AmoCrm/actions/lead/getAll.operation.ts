import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyLead, withoutLinks } from '../../helpers/simplify';
import {
	filtersCollection,
	optionalNumber,
	optionsCollection,
	pipelineField,
	responsibleUserField,
	sortOption,
	statusField,
} from '../common.descriptions';
import { addRange, dateRangeFilters, entityListQuery, listFields, readList } from '../read';

const properties: INodeProperties[] = [
	...listFields,
	filtersCollection([
		...dateRangeFilters('Closed', 'closed'),
		...dateRangeFilters('Created', 'created'),
		{
			displayName: 'IDs',
			name: 'ids',
			type: 'string',
			default: '',
			placeholder: 'e.g. 30000001, 30000002',
			description: 'Comma-separated lead IDs',
		},
		pipelineField,
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			default: '',
			description: 'Full-text search over the lead name and field values',
		},
		responsibleUserField,
		{
			...statusField,
			description:
				'Only leads in this stage (needs the pipeline too). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		...dateRangeFilters('Updated', 'updated'),
	]),
	optionsCollection([
		{
			displayName: 'Include Contacts',
			name: 'withContacts',
			type: 'boolean',
			default: false,
			description: 'Whether to include the IDs of linked contacts',
		},
		sortOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const qs = entityListQuery(filters, options, [{ option: 'withContacts', value: 'contacts' }]);
		const pipeline = optionalNumber(filters.pipelineId);
		const status = optionalNumber(filters.statusId);
		if (status !== undefined) {
			// amoCRM ignores a bare status filter; it takes pipeline + status pairs.
			if (pipeline === undefined)
				throw new NodeOperationError(this.getNode(), 'Filtering by stage needs the pipeline too', {
					itemIndex: i,
				});
			qs['filter[statuses][0][pipeline_id]'] = pipeline;
			qs['filter[statuses][0][status_id]'] = status;
		} else if (pipeline !== undefined) {
			qs['filter[pipeline_id]'] = pipeline;
		}
		addRange(qs, 'closed_at', filters.closedFrom, filters.closedTo);
		const leads = await readList(this, i, '/api/v4/leads', 'leads', qs);
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return leads.map((lead) => (simplify ? simplifyLead(lead) : withoutLinks(lead)));
	});
}
