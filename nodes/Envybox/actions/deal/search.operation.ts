import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { numbersFromStrings, simplifyRecord } from '../../helpers/simplify';
import { envyboxApiRequest } from '../../transport';
import { contactSearchFields, contactSearchRequest } from '../contactSearch';

const properties: INodeProperties[] = contactSearchFields;

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['search'] } },
	properties,
);

/** Clients with this phone or email, one item each, with their deals. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const request = contactSearchRequest(this, i);
		const clients = ((await envyboxApiRequest.call(this, 'POST', 'deal/search', request)).clients ??
			[]) as IDataObject[];
		if (!this.getNodeParameter('simplify', i, true)) return clients;
		return clients.map(({ deals_for_event: deals, ...client }) => ({
			...numbersFromStrings(client),
			deals: ((deals ?? []) as IDataObject[]).map(simplifyRecord),
		}));
	});
}
