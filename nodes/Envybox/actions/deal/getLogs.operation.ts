import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { idParameter, limitField, readPaged, resultPage, returnAllField } from '../common';
import { dealIdField } from './fields';

const properties: INodeProperties[] = [dealIdField, returnAllField, limitField];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['getLogs'] } },
	properties,
);

/** The deal's history, 50 per request (Envybox's maximum). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const dealId = idParameter(this, 'dealId', i, 'a deal ID');
		return await readPaged(this, i, 'deal/log/list', { deal_id: dealId }, resultPage, 50, 'GET');
	});
}
