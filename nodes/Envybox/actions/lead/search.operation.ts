import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { simplifyRecord } from '../../helpers/simplify';
import { envyboxApiRequest } from '../../transport';
import { envyboxPhone, simplifyField } from '../common';

const properties: INodeProperties[] = [
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: 'e.g. +7 499 322-97-10' },
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'e.g. name@email.com', default: '' },
	simplifyField,
];

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['search'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const request: IDataObject = {};
		const phone = envyboxPhone(this, this.getNodeParameter('phone', i, ''), i);
		const email = String(this.getNodeParameter('email', i, '') ?? '').trim().toLowerCase();
		if (phone) request.phone = phone;
		if (email) request.email = email;
		if (!phone && !email) throw new NodeOperationError(this.getNode(), 'Give a phone or an email to search by', { itemIndex: i });
		const answer = await envyboxApiRequest.call(this, 'POST', 'lead/search', request);
		// `leads` is the one lead found (or null), despite its name.
		const lead = answer.leads as IDataObject | null;
		if (!lead) return { found: false, ...request };
		return { found: true, ...(this.getNodeParameter('simplify', i, true) ? simplifyRecord(lead) : lead) };
	});
}
