import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { unixSeconds } from '../common.descriptions';
import { createIncoming, incomingLeadFields } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Form Name',
		name: 'formName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Заявка с сайта',
	},
	{
		displayName: 'Form ID',
		name: 'formId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. callback-form',
	},
	{
		displayName: 'Form Page',
		name: 'formPage',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.ru/contacts',
	},
	{
		displayName: 'Sent At',
		name: 'sentAt',
		type: 'dateTime',
		default: '',
		description: 'When the visitor sent the form; empty means now',
	},
	{ displayName: 'Visitor IP', name: 'ip', type: 'string', default: '' },
	{ displayName: 'Referrer', name: 'referer', type: 'string', default: '' },
	...incomingLeadFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['unsorted'], operation: ['createFromForm'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await createIncoming.call(this, items, 'forms', (i) => {
		const text = (name: string) => String(this.getNodeParameter(name, i, '') ?? '').trim();
		const metadata: IDataObject = {
			form_id: text('formId'),
			form_name: text('formName'),
			form_page: text('formPage'),
			form_sent_at:
				unixSeconds(this.getNodeParameter('sentAt', i, '')) ?? Math.floor(Date.now() / 1000),
		};
		for (const key of ['form_id', 'form_name', 'form_page']) {
			if (!metadata[key])
				throw new NodeOperationError(
					this.getNode(),
					`The form's ${key.replace('form_', '')} is empty`,
					{ itemIndex: i },
				);
		}
		if (text('ip')) metadata.ip = text('ip');
		if (text('referer')) metadata.referer = text('referer');
		return metadata;
	});
}
