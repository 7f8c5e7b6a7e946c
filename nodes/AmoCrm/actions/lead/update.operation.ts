import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { collection, leadLocator, recordIdParameter, tagsField } from '../common.descriptions';
import { lossReasonField } from '../lossReason/fields';
import { updateLeads } from './closing';
import { leadBody, leadFieldOptions, type LeadFields } from './fields';

const properties: INodeProperties[] = [
	leadLocator(),
	collection(
		'Update Fields',
		'updateFields',
		(
			[
				...leadFieldOptions.filter((o) => o.name !== 'tags'),
				{
					...lossReasonField,
					description: `Why the lead was lost; only together with the lost stage (143). ${String(lossReasonField.description)}.`,
				},
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{
					...tagsField,
					description: 'Comma-separated tag names to add; the lead keeps its other tags',
				},
			] as INodeProperties[]
		).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['update'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const id = recordIdParameter(this, 'leadId', i);
			const fields = this.getNodeParameter('updateFields', i, {}) as LeadFields;
			return { id, ...(await leadBody(this, fields, i, true)) };
		},
		write: async (entries) => await updateLeads.call(this, entries),
		present: (result, _i, sent) => ({ ...(sent as IDataObject), updated_at: result.updated_at }),
	});
}
