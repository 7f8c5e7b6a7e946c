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
	{ show: { resource: ['deal'], operation: ['getTasks'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const result = (
			await envyboxApiRequest.call(this, 'POST', 'deal/getTasks', {
				deal_id: idParameter(this, 'dealId', i, 'a deal ID'),
			})
		).result;
		// The published example leaves the wrapper unclear: a list under `result`, or under `result.tasks`.
		return (
			Array.isArray(result) ? result : ((result as IDataObject | undefined)?.tasks ?? [])
		) as IDataObject[];
	});
}
