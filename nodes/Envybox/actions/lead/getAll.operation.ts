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
			{ name: 'Stage Changed', value: 'stage_changed' },
			{ name: 'Updated', value: 'updated' },
		]),
		{
			displayName: 'Keyword',
			name: 'keyword',
			type: 'string',
			default: '',
			description: 'Searched in the lead’s fields and contact data',
		},
		idsField('Stage Names or IDs', 'stageIds', 'getLeadStages'),
	]),
	simplifyField,
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
		const request = listRequest(filters, { stageIds: 'stage_id' });
		const leads = await readPaged(this, i, 'lead/list', request, (answer) => {
			const page = (answer.leads ?? {}) as IDataObject;
			return { items: (page.result ?? []) as IDataObject[], next: Number(page.offset ?? -1) };
		});
		return this.getNodeParameter('simplify', i, true) ? leads.map(simplifyRecord) : leads;
	});
}
