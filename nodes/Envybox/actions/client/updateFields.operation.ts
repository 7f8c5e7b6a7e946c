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
import { fieldUpdates, fieldUpdatesField } from '../fieldUpdates';
import { clientIdField } from './fields';

/** Service fields of a client with their input IDs. */
const SERVICE_FIELDS = [
	{ name: 'Name', value: 1001 },
	{ name: 'Region', value: 1010 },
	{ name: 'Time Zone', value: 1011 },
];

const properties: INodeProperties[] = [
	clientIdField,
	fieldUpdatesField(SERVICE_FIELDS, 'getClientCustomFields'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['updateFields'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const clientId = idParameter(this, 'clientId', i, 'a client ID');
		const fields = fieldUpdates(this, i);
		const result = (
			await envyboxApiRequest.call(this, 'POST', 'client/updateClientValue', {
				client_id: clientId,
				fields,
			})
		).result as IDataObject | undefined;
		return numbersFromStrings(result ?? { client_id: clientId, fields });
	});
}
