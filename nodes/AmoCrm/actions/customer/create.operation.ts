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
import { explainFailure, explainOutcomes } from './availability';
import { customerBody, customerFieldOptions, type CustomerFields } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ООО Ромашка',
	},
	collection('Additional Fields', 'additionalFields', customerFieldOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const fields: CustomerFields = {
				name: this.getNodeParameter('name', i, '') as string,
				...(this.getNodeParameter('additionalFields', i, {}) as CustomerFields),
			};
			try {
				return await customerBody(this, fields, i, false);
			} catch (error) {
				throw await explainFailure(this, error as Error, i);
			}
		},
		write: async (entries) =>
			await explainOutcomes(
				this,
				await amoCrmBatchWrite.call(this, {
					method: 'POST',
					endpoint: '/api/v4/customers',
					embeddedKey: 'customers',
					entries,
				}),
			),
		present: (result, _i, sent) => ({ id: result.id, ...(sent as IDataObject) }),
	});
}
