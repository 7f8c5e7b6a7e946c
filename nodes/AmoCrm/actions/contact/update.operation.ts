import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmGetByIds } from '../../transport';
import { amoCrmBatchWrite } from '../../transport/batch';
import { collection, contactLocator, recordIdParameter } from '../common.descriptions';
import { addedOnUpdate, mergeTargets } from '../party';
import { contactBody, contactFieldOptions, type ContactFields } from './fields';

const properties: INodeProperties[] = [
	contactLocator(),
	collection(
		'Update Fields',
		'updateFields',
		addedOnUpdate(contactFieldOptions, 'contact'),
	),
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	// Phones and emails are merged into what the contact has, so those contacts are read first,
	// all of them in one request per 250.
	const needsCurrent = mergeTargets(
		this,
		items.length,
		(i) => this.getNodeParameter('updateFields', i, {}) as ContactFields,
		(i) => recordIdParameter(this, 'contactId', i),
	);
	const current = new Map<number, IDataObject>();
	for (const contact of await amoCrmGetByIds.call(this, '/api/v4/contacts', 'contacts', needsCurrent)) {
		current.set(Number(contact.id), contact);
	}

	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const id = recordIdParameter(this, 'contactId', i);
			const fields = this.getNodeParameter('updateFields', i, {}) as ContactFields;
			const body = await contactBody(this, fields, i, true, current.get(id));
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
