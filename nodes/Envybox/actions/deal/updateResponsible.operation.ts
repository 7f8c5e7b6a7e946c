import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { idParameter, responsibleFields, responsibleOf } from '../common';
import { dealIdField } from './fields';

const properties: INodeProperties[] = [dealIdField, ...responsibleFields('deal')];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['updateResponsible'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const answer = await envyboxApiRequest.call(this, 'POST', 'deal/updateEmployee', {
			deal_id: idParameter(this, 'dealId', i, 'a deal ID'),
			...responsibleOf(this, i),
		});
		return ((answer.result as IDataObject | undefined)?.deal ?? {}) as IDataObject;
	});
}
