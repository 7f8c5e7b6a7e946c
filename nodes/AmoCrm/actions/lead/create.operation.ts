import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWrite } from '../../transport/batch';
import { collection } from '../common.descriptions';
import { leadBody, leadFieldOptions, type LeadFields } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. Заявка с сайта',
	},
	collection('Additional Fields', 'additionalFields', [
		{
			displayName: 'Company ID',
			name: 'companyId',
			type: 'string',
			default: '',
			description: 'Link an existing company at creation',
		},
		{
			displayName: 'Contact IDs',
			name: 'contactIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 20000001',
			description:
				'Comma-separated IDs of existing contacts to link at creation; the first is the main contact',
		},
		...leadFieldOptions,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const fields: LeadFields = {
				name: this.getNodeParameter('name', i, '') as string,
				...(this.getNodeParameter('additionalFields', i, {}) as LeadFields),
			};
			return await leadBody(this, fields, i, false);
		},
		write: async (entries) =>
			await amoCrmBatchWrite.call(this, {
				method: 'POST',
				endpoint: '/api/v4/leads',
				embeddedKey: 'leads',
				entries,
			}),
		present: (result, _i, sent) => ({ id: result.id, ...(sent as IDataObject) }),
	});
}
