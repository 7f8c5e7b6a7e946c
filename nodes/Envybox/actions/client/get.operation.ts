import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { simplifyClient } from '../../helpers/simplify';
import { envyboxApiRequest } from '../../transport';
import { idParameter, simplifyField } from '../common';
import { clientIdField } from './fields';

const properties: INodeProperties[] = [clientIdField, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const client = (
			await envyboxApiRequest.call(this, 'POST', 'client/get', {
				client_id: idParameter(this, 'clientId', i, 'a client ID'),
			})
		).result as IDataObject;
		return this.getNodeParameter('simplify', i, true) ? simplifyClient(client) : client;
	});
}
