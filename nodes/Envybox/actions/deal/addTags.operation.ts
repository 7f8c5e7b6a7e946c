import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { idParameter } from '../common';
import { dealIdField } from './fields';

const properties: INodeProperties[] = [
	dealIdField,
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. сайт, повторная заявка',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['addTags'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const dealId = idParameter(this, 'dealId', i, 'a deal ID');
		const tags = String(this.getNodeParameter('tags', i, '') ?? '')
			.split(',')
			.map((t) => t.trim())
			.filter(Boolean);
		if (!tags.length)
			throw new NodeOperationError(this.getNode(), 'No tags given', { itemIndex: i });
		await envyboxApiRequest.call(
			this,
			'POST',
			'deal/tag/addDealTags',
			{ deal_id: dealId, tags },
			undefined,
			true,
		);
		return { deal_id: dealId, tags };
	});
}
