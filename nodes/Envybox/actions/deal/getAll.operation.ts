import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { simplifyRecord } from '../../helpers/simplify';
import {
	dateFilters,
	filtersCollection,
	idsField,
	limitField,
	listRequest,
	readPaged,
	resultPage,
	returnAllField,
	simplifyField,
} from '../common';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	filtersCollection([
		...dateFilters([
			{ name: 'Closed', value: 'closed' },
			{ name: 'Created', value: 'created' },
			{ name: 'Moved to Stage', value: 'stage_transition' },
			{ name: 'Stage Changed', value: 'stage_changed' },
			{ name: 'Updated', value: 'updated' },
		]),
		{
			...idsField('Moved to Stage Names or IDs', 'dateStageIds', 'getDealStages'),
			description:
				'With Date Type "Moved to Stage": the stages whose entry date is filtered. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Keyword',
			name: 'keyword',
			type: 'string',
			default: '',
			description: 'Searched in deal, client and contact fields',
		},
		idsField('Pipeline Names or IDs', 'pipelineIds', 'getDealPipelines'),
		idsField('Stage Names or IDs', 'stageIds', 'getDealStages'),
	]),
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const request = listRequest(filters, {
			pipelineIds: 'pipeline_id',
			stageIds: 'stage_id',
			dateStageIds: 'date_stage_ids',
		});
		const deals = await readPaged(this, i, 'deal/list', request, resultPage);
		return this.getNodeParameter('simplify', i, true) ? deals.map(simplifyRecord) : deals;
	});
}
