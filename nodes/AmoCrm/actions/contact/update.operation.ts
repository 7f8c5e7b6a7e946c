import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmApiRequestAllItems } from '../../transport';
import { amoCrmBatchWrite } from '../../transport/batch';
import {
	contactLocator,
	customFieldsField,
	emailsField,
	entityIdParameter,
	phonesField,
	responsibleUserField,
	tagsField,
} from '../common.descriptions';
import { contactBody, type ContactFields } from './fields';

const properties: INodeProperties[] = [
	contactLocator(),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			customFieldsField('contacts'),
			{ ...emailsField, description: 'Added to the contact; existing addresses are kept' },
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ ...phonesField, description: 'Added to the contact; existing numbers are kept, the same number is not added twice' },
			responsibleUserField,
			{ ...tagsField, description: 'Comma-separated tag names to add; the contact keeps its other tags' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	// Phones and emails are merged into what the contact has, so those contacts are read first,
	// all of them in one request per 250.
	const needsCurrent = new Set<number>();
	const ids = new Map<number, number>();
	items.forEach((_item, i) => {
		try {
			const id = entityIdParameter(this, 'contactId', i);
			ids.set(i, id);
			const fields = this.getNodeParameter('updateFields', i, {}) as ContactFields;
			if (fields.phones?.phone?.length || fields.emails?.email?.length) needsCurrent.add(id);
		} catch {
			// reported per item below
		}
	});
	const current = new Map<number, IDataObject>();
	const wanted = [...needsCurrent];
	for (let start = 0; start < wanted.length; start += 250) {
		const chunk = wanted.slice(start, start + 250);
		const found = await amoCrmApiRequestAllItems.call(this, '/api/v4/contacts', 'contacts', { 'filter[id]': chunk });
		for (const contact of found) current.set(Number(contact.id), contact);
	}

	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const id = ids.get(i) ?? entityIdParameter(this, 'contactId', i);
			const fields = this.getNodeParameter('updateFields', i, {}) as ContactFields;
			const body = await contactBody(this, fields, i, current.get(id) ?? {});
			return { id, ...body };
		},
		write: async (entries) =>
			await amoCrmBatchWrite.call(this, {
				method: 'PATCH',
				endpoint: '/api/v4/contacts',
				embeddedKey: 'contacts',
				entries,
				idempotent: true,
			}),
		present: (result, _i, sent) => ({ ...(sent as IDataObject), updated_at: result.updated_at }),
	});
}
