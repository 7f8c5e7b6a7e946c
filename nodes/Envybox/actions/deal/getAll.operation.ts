import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { simplifyRecord } from '../../helpers/simplify';
import { addPeriod, dateFilters, filtersCollection, limitField, readPaged, resultPage, returnAllField, simplifyField } from '../common';

const ids = (displayName: string, name: string, method: string): INodeProperties => ({
	displayName,
	name,
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: method },
	default: [],
	description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
});

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
		{ ...ids('Moved to Stage Names or IDs', 'dateStageIds', 'getDealStages'), description: 'With Date Type "Moved to Stage": the stages whose entry date is filtered' },
		{ displayName: 'Keyword', name: 'keyword', type: 'string', default: '', description: 'Searched in deal, client and contact fields' },
		ids('Pipeline Names or IDs', 'pipelineIds', 'getDealPipelines'),
		ids('Stage Names or IDs', 'stageIds', 'getDealStages'),
	]),
	simplifyField,
];

export const description = updateDisplayOptions({ show: { resource: ['deal'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const request: IDataObject = {};
		if (filters.keyword) request.keyword = filters.keyword;
		for (const [param, key] of [['pipelineIds', 'pipeline_id'], ['stageIds', 'stage_id'], ['dateStageIds', 'date_stage_ids']]) {
			const list = ((filters[param] ?? []) as unknown[]).map(Number);
			if (list.length) request[key] = list;
		}
		addPeriod(request, filters);
		const deals = await readPaged(this, i, 'deal/list', request, resultPage);
		return this.getNodeParameter('simplify', i, true) ? deals.map(simplifyRecord) : deals;
	});
}
