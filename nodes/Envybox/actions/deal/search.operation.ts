import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { numbersFromStrings, simplifyRecord } from '../../helpers/simplify';
import { envyboxApiRequest } from '../../transport';
import { envyboxPhone, simplifyField } from '../common';

const properties: INodeProperties[] = [
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: 'e.g. +7 499 322-97-10' },
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'e.g. name@email.com', default: '' },
	simplifyField,
];

export const description = updateDisplayOptions({ show: { resource: ['deal'], operation: ['search'] } }, properties);

/** Clients with this phone or email, one item each, with their deals. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const request: IDataObject = {};
		const phone = envyboxPhone(this, this.getNodeParameter('phone', i, ''), i);
		const email = String(this.getNodeParameter('email', i, '') ?? '').trim().toLowerCase();
		if (phone) request.phone = phone;
		if (email) request.email = email;
		if (!phone && !email) throw new NodeOperationError(this.getNode(), 'Give a phone or an email to search by', { itemIndex: i });
		const clients = ((await envyboxApiRequest.call(this, 'POST', 'deal/search', request)).clients ?? []) as IDataObject[];
		if (!this.getNodeParameter('simplify', i, true)) return clients;
		return clients.map(({ deals_for_event: deals, ...client }) => ({ ...numbersFromStrings(client), deals: ((deals ?? []) as IDataObject[]).map(simplifyRecord) }));
	});
}
