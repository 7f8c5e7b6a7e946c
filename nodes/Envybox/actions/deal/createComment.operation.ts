import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { idParameter } from '../common';
import { dealIdField } from './fields';

const properties: INodeProperties[] = [
	dealIdField,
	{
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['createComment'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const dealId = idParameter(this, 'dealId', i, 'a deal ID');
		const comment = String(this.getNodeParameter('comment', i, '') ?? '').trim();
		if (!comment)
			throw new NodeOperationError(this.getNode(), 'The comment is empty', { itemIndex: i });
		await envyboxApiRequest.call(this, 'POST', 'deal/createComment', { deal_id: dealId, comment });
		return { deal_id: dealId, comment, created: true };
	});
}
