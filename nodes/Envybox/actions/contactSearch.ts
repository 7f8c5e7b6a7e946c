import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { envyboxPhone, simplifyField } from './common';

export const contactSearchFields: INodeProperties[] = [
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: 'e.g. +7 499 322-97-10',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. name@email.com',
		default: '',
	},
	simplifyField,
];

/** `phone` (digits) and `email` (lower case) to search by; at least one is required. */
export function contactSearchRequest(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const request: IDataObject = {};
	const phone = envyboxPhone(ctx, ctx.getNodeParameter('phone', itemIndex, ''), itemIndex);
	const email = String(ctx.getNodeParameter('email', itemIndex, '') ?? '')
		.trim()
		.toLowerCase();
	if (phone) request.phone = phone;
	if (email) request.email = email;
	if (!phone && !email)
		throw new NodeOperationError(ctx.getNode(), 'Give a phone or an email to search by', {
			itemIndex,
		});
	return request;
}
