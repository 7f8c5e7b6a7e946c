import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { numbersFromStrings } from '../../helpers/simplify';
import { envyboxApiRequest } from '../../transport';
import { idParameter } from '../common';
import { clientIdField } from './fields';

const properties: INodeProperties[] = [clientIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['getContacts'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const answer = await envyboxApiRequest.call(this, 'POST', 'client/getContacts', {
			client_id: idParameter(this, 'clientId', i, 'a client ID'),
		});
		return (((answer.result as IDataObject | undefined)?.contacts ?? []) as IDataObject[]).map(
			numbersFromStrings,
		);
	});
}
