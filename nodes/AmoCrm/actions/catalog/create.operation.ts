import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWrite } from '../../transport/batch';
import { optionsCollection } from '../common.descriptions';
import {
	catalogSettingFields,
	catalogSettings,
	catalogTypeOptions,
	presentCatalog,
} from './catalogs';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Тарифы',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: catalogTypeOptions,
		default: 'regular',
		description:
			'An account has at most 10 catalogs, one of them of type products and one of type invoices',
	},
	optionsCollection(catalogSettingFields),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['catalog'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: (i) => {
			const name = String(this.getNodeParameter('name', i, '')).trim();
			if (!name)
				throw new NodeOperationError(this.getNode(), 'A catalog needs a name', { itemIndex: i });
			const type = this.getNodeParameter('type', i, 'regular') as string;
			return {
				name,
				type,
				...catalogSettings(this.getNodeParameter('options', i, {}) as IDataObject),
			};
		},
		write: async (entries) =>
			await amoCrmBatchWrite.call(this, {
				method: 'POST',
				endpoint: '/api/v4/catalogs',
				embeddedKey: 'catalogs',
				entries,
			}),
		present: (result) => presentCatalog(result),
	});
}
