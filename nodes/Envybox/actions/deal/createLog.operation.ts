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
import { dealIdField } from './fields';

const properties: INodeProperties[] = [dealIdField, ...logFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['createLog'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const dealId = idParameter(this, 'dealId', i, 'a deal ID');
		// Deal log types: 2009 = call, 2010 = comment.
		const answer = await envyboxApiRequest.call(this, 'POST', 'deal/log/create', {
			deal_id: dealId,
			...logRequest(this, i, { call: 2009, comment: 2010 }),
		});
		return ((answer.result as IDataObject | undefined)?.log ?? {}) as IDataObject;
	});
}
