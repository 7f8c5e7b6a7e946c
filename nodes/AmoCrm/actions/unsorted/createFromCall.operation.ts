import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { normalizePhone } from '../../../shared/contactKeys';
import { unixSeconds } from '../common.descriptions';
import { createIncoming, incomingLeadFields } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. +7 931 604-70-33',
		description: 'The caller’s number',
	},
	{
		displayName: 'Called At',
		name: 'calledAt',
		type: 'dateTime',
		default: '',
		description: 'Empty means now',
	},
	{
		displayName: 'Duration (Seconds)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
	},
	{
		displayName: 'Call ID',
		name: 'uniq',
		type: 'string',
		default: '',
		required: true,
		description: 'Unique ID of the call on the telephony side',
	},
	{
		displayName: 'Service Code',
		name: 'serviceCode',
		type: 'string',
		default: 'n8n',
		required: true,
		description: 'Code of the telephony integration',
	},
	{ displayName: 'Recording URL', name: 'link', type: 'string', default: '' },
	{
		displayName: 'Called Number',
		name: 'from',
		type: 'string',
		default: '',
		description: 'Your line the client called',
	},
	{
		displayName: 'Call Responsible',
		name: 'callResponsible',
		type: 'string',
		default: '',
		description: 'Who took the call: a user ID, phone or name',
	},
	...incomingLeadFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['unsorted'], operation: ['createFromCall'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await createIncoming.call(this, items, 'sip', (i) => {
		const text = (name: string) => String(this.getNodeParameter(name, i, '') ?? '').trim();
		const phone = normalizePhone(text('phone'));
		if (!phone)
			throw new NodeOperationError(
				this.getNode(),
				`"${text('phone')}" is not a usable phone number`,
				{ itemIndex: i },
			);
		if (!text('uniq'))
			throw new NodeOperationError(this.getNode(), 'The call ID is empty', { itemIndex: i });
		const metadata: IDataObject = {
			phone: phone.e164,
			called_at:
				unixSeconds(this.getNodeParameter('calledAt', i, '')) ?? Math.floor(Date.now() / 1000),
			duration: Math.max(0, Math.round(Number(this.getNodeParameter('duration', i, 0)) || 0)),
			uniq: text('uniq'),
			service_code: text('serviceCode') || 'n8n',
		};
		if (text('link')) metadata.link = text('link');
		if (text('from')) metadata.from = text('from');
		if (text('callResponsible')) metadata.call_responsible = text('callResponsible');
		return metadata;
	});
}
