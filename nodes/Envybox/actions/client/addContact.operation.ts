import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { collection, envyboxPhone, idParameter } from '../common';
import { clientIdField } from './fields';

const EXTRA = [
	'facebook',
	'home_phone',
	'instagram',
	'note',
	'position',
	'skype',
	'telegram',
	'viber',
	'vkontakte',
	'whatsapp',
];
const label = (name: string) =>
	name
		.replace('_', ' ')
		.replace(/^./, (c) => c.toUpperCase())
		.replace('Vkontakte', 'VKontakte');

const properties: INodeProperties[] = [
	clientIdField,
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true },
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		description: 'Phone or email is required',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. name@email.com',
		default: '',
	},
	collection('Additional Fields', 'additionalFields', [
		{ displayName: 'Birthday', name: 'birthday', type: 'dateTime', default: '' },
		...EXTRA.map(
			(name): INodeProperties => ({ displayName: label(name), name, type: 'string', default: '' }),
		),
		{ displayName: 'Work Phone', name: 'workPhone', type: 'string', default: '' },
		{ displayName: 'Work Phone Extension', name: 'workPhoneAddon', type: 'string', default: '' },
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['addContact'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const request: IDataObject = { client_id: idParameter(this, 'clientId', i, 'a client ID') };
		const name = String(this.getNodeParameter('name', i, '') ?? '').trim();
		if (!name)
			throw new NodeOperationError(this.getNode(), 'A contact needs a name', { itemIndex: i });
		request.name = name;
		const phone = envyboxPhone(this, this.getNodeParameter('phone', i, ''), i);
		const email = String(this.getNodeParameter('email', i, '') ?? '')
			.trim()
			.toLowerCase();
		if (!phone && !email)
			throw new NodeOperationError(this.getNode(), 'A contact needs a phone or an email', {
				itemIndex: i,
			});
		// The document types the phone as a number.
		if (phone) request.phone = Number(phone);
		if (email) request.email = email;
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		for (const key of EXTRA) if (extra[key]) request[key] = String(extra[key]);
		if (extra.workPhone)
			request.work_phone = {
				value: String(extra.workPhone),
				addon: String(extra.workPhoneAddon ?? ''),
			};
		if (extra.birthday) request.birthday = String(extra.birthday).slice(0, 10);
		await envyboxApiRequest.call(this, 'POST', 'client/addContact', request);
		// Envybox does not return the new contact's ID.
		return { ...request, added: true };
	});
}
