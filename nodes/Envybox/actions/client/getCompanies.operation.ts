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
import { clientIdField } from './fields';

const properties: INodeProperties[] = [clientIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['getCompanies'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const clientId = idParameter(this, 'clientId', i, 'a client ID');
		const answer = await envyboxApiRequest.call(this, 'GET', `client/${clientId}/getCompanies`);
		return ((answer.result as IDataObject | undefined)?.companies ?? []) as IDataObject[];
	});
}
