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
import { contactBody, contactFieldOptions, type ContactFields } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. Иван Петров',
		description: 'Full name shown in amoCRM',
	},
	collection(
		'Additional Fields',
		'additionalFields',
		contactFieldOptions.filter((option) => option.name !== 'name'),
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const fields: ContactFields = {
				name: this.getNodeParameter('name', i, '') as string,
				...(this.getNodeParameter('additionalFields', i, {}) as ContactFields),
			};
			return await contactBody(this, fields, i, false);
		},
		write: async (entries) =>
			await amoCrmBatchWrite.call(this, {
				method: 'POST',
				endpoint: '/api/v4/contacts',
				embeddedKey: 'contacts',
				entries,
			}),
		present: (result, _i, sent) => ({ id: result.id, ...(sent as IDataObject) }),
	});
}
