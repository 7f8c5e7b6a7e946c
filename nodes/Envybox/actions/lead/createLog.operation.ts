import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { idParameter } from '../common';
import { logFields, logRequest } from '../logs';
import { leadIdField } from './fields';

const properties: INodeProperties[] = [leadIdField, ...logFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['createLog'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const leadId = idParameter(this, 'leadId', i, 'a lead ID');
		const answer = await envyboxApiRequest.call(this, 'POST', 'lead/log/create', {
			lead_id: leadId,
			...logRequest(this, i, { call: 9, comment: 10 }),
		});
		return ((answer.result as IDataObject | undefined)?.log ?? {}) as IDataObject;
	});
}
