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
import { LOSS_REASONS_ENDPOINT } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Дорого',
	},
	optionsCollection([
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Position in the list of reasons (smaller first); after the last one when not set',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lossReason'], operation: ['create'] } },
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
				throw new NodeOperationError(this.getNode(), 'A loss reason needs a name', {
					itemIndex: i,
				});
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const body: IDataObject = { name };
			if (options.sort !== undefined && options.sort !== '') {
				const sort = Number(options.sort);
				if (!Number.isInteger(sort) || sort < 0)
					throw new NodeOperationError(
						this.getNode(),
						`"${String(options.sort)}" is not a usable sort position`,
						{ itemIndex: i, description: 'Sort is a whole, non-negative number.' },
					);
				body.sort = sort;
			}
			return body;
		},
		write: async (entries) =>
			await amoCrmBatchWrite.call(this, {
				method: 'POST',
				endpoint: LOSS_REASONS_ENDPOINT,
				embeddedKey: 'loss_reasons',
				entries,
			}),
		present: (result, _i, sent) => ({
			id: result.id,
			name: result.name ?? sent.name,
			sort: result.sort ?? sent.sort ?? null,
		}),
	});
}
