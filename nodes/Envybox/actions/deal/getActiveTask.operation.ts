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
import { dealIdField } from './fields';

const properties: INodeProperties[] = [dealIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['getActiveTask'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const dealId = idParameter(this, 'dealId', i, 'a deal ID');
		const task = (
			(await envyboxApiRequest.call(this, 'POST', 'deal/getTask', { deal_id: dealId })).result as
				| IDataObject
				| undefined
		)?.task as IDataObject | null | undefined;
		return task ? { found: true, ...task } : { found: false, deal_id: dealId };
	});
}
