import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWrite } from '../../transport/batch';
import {
	customFieldsField,
	emailsField,
	optionalNumber,
	phonesField,
	responsibleUserField,
	tagsField,
} from '../common.descriptions';
import { contactBody, type ContactFields } from '../contact/fields';
import { leadFieldOptions } from './create.operation';
import { leadBody, type LeadFields } from './fields';

const properties: INodeProperties[] = [
	{ displayName: 'Lead Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. Заявка с сайта от Ивана' },
	{
		displayName: 'Contact',
		name: 'contactMode',
		type: 'options',
		options: [
			{ name: 'Create a New Contact', value: 'new' },
			{ name: 'Link an Existing Contact', value: 'existing' },
			{ name: 'No Contact', value: 'none' },
		],
		default: 'new',
	},
	{
		displayName: 'Contact ID',
		name: 'contactId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { contactMode: ['existing'] } },
	},
	{
		displayName: 'Contact Fields',
		name: 'contactFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { contactMode: ['new'] } },
		options: [
			customFieldsField('contacts'),
			emailsField,
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			phonesField,
			responsibleUserField,
			tagsField,
		],
	},
	{
		displayName: 'Company',
		name: 'companyMode',
		type: 'options',
		options: [
			{ name: 'Create a New Company', value: 'new' },
			{ name: 'Link an Existing Company', value: 'existing' },
			{ name: 'No Company', value: 'none' },
		],
		default: 'none',
	},
	{
		displayName: 'Company ID',
		name: 'companyId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { companyMode: ['existing'] } },
	},
	{
		displayName: 'Company Name',
		name: 'companyName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { companyMode: ['new'] } },
	},
	{
		displayName: 'Lead Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: leadFieldOptions,
	},
];

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['createComplex'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const fields: LeadFields = {
				name: this.getNodeParameter('name', i, '') as string,
				...(this.getNodeParameter('additionalFields', i, {}) as LeadFields),
			};
			const body = await leadBody(this, fields, i, false);
			const embedded = (body._embedded ?? {}) as IDataObject;
			const idOf = (name: string, what: string) => {
				const id = optionalNumber(this.getNodeParameter(name, i, ''));
				if (id === undefined || !Number.isInteger(id)) throw new NodeOperationError(this.getNode(), `A ${what} ID is needed to link an existing ${what}`, { itemIndex: i });
				return id;
			};
			const contactMode = this.getNodeParameter('contactMode', i, 'new') as string;
			if (contactMode === 'existing') embedded.contacts = [{ id: idOf('contactId', 'contact') }];
			if (contactMode === 'new') {
				const contactFields = this.getNodeParameter('contactFields', i, {}) as ContactFields;
				embedded.contacts = [await contactBody(this, contactFields, i)];
			}
			const companyMode = this.getNodeParameter('companyMode', i, 'none') as string;
			if (companyMode === 'existing') embedded.companies = [{ id: idOf('companyId', 'company') }];
			if (companyMode === 'new') embedded.companies = [{ name: this.getNodeParameter('companyName', i, '') as string }];
			if (Object.keys(embedded).length) body._embedded = embedded;
			return body;
		},
		write: async (entries) =>
			await amoCrmBatchWrite.call(this, { method: 'POST', endpoint: '/api/v4/leads/complex', entries, batchSize: 50 }),
		present: (result) => ({
			id: result.id,
			contact_id: result.contact_id ?? null,
			company_id: result.company_id ?? null,
			merged: result.merged ?? false,
		}),
	});
}
