import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { idParameter, limitField, readPaged, resultPage, returnAllField } from '../common';
import { leadIdField } from './fields';

const properties: INodeProperties[] = [leadIdField, returnAllField, limitField];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['getLogs'] } },
	properties,
);

/** The lead's history, newest first, 50 per request (Envybox's maximum). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const leadId = idParameter(this, 'leadId', i, 'a lead ID');
		return await readPaged(this, i, 'lead/log/list', { lead_id: leadId }, resultPage, 50, 'GET');
	});
}
