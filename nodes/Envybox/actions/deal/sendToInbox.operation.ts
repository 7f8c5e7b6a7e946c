import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { idParameter } from '../common';
import { dealIdField } from './fields';

const properties: INodeProperties[] = [dealIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['sendToInbox'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const dealId = idParameter(this, 'dealId', i, 'a deal ID');
		await envyboxApiRequest.call(
			this,
			'POST',
			'deal/toInbox',
			{ deal_id: dealId },
			undefined,
			true,
		);
		return { deal_id: dealId, sent_to_inbox: true };
	});
}
