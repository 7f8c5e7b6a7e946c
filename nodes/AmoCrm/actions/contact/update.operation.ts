import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmGetByIds } from '../../transport';
import { amoCrmBatchWrite } from '../../transport/batch';
import {
	collection,
	contactLocator,
	optionsCollection,
	recordIdParameter,
} from '../common.descriptions';
import { addedOnUpdate, mergeTargets } from '../party';
import { contactBody, contactFieldOptions, type ContactFields } from './fields';

const properties: INodeProperties[] = [
	contactLocator(),
	collection('Update Fields', 'updateFields', addedOnUpdate(contactFieldOptions, 'contact')),
	optionsCollection([
		{
			displayName: 'Contact As Just Read',
			name: 'currentContact',
			type: 'json',
			default: '',
			placeholder: '{{ $json.contact }}',
			description:
				'The contact as the workflow has just read it, with Simplify off (Find by Phone or Email, Get). New phones and emails are merged with its values instead of reading the contact again, which saves a request per 250 contacts.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['update'] } },
	properties,
);

/** The Contact As Just Read option: the raw contact (its custom_fields_values carry the value types to keep). */
function justRead(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	let raw = (ctx.getNodeParameter('options', itemIndex, {}) as IDataObject).currentContact;
	if (raw === undefined || raw === '' || raw === null) return undefined;
	if (typeof raw === 'string') {
		try {
			raw = JSON.parse(raw);
		} catch {
			raw = undefined;
		}
	}
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || 'phones' in raw) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Contact As Just Read is not a contact as amoCRM returns it',
			{
				itemIndex,
				description:
					'Give the contact object read with Simplify off (it has custom_fields_values), e.g. {{ $json.contact }} after Find by Phone or Email.',
			},
		);
	}
	return raw as IDataObject;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	// Phones and emails are merged into what the contact has, so those contacts are read first,
	// all of them in one request per 250, unless the workflow hands the contact over as just read.
	const handedOver = new Map<number, IDataObject>();
	const unreadable = new Map<number, unknown>();
	for (let i = 0; i < items.length; i++) {
		try {
			const contact = justRead(this, i);
			if (contact) handedOver.set(i, contact);
		} catch (error) {
			unreadable.set(i, error); // reported on its own item when the body is prepared
		}
	}
	const needsCurrent = mergeTargets(
		this,
		items.length,
		(i) =>
			handedOver.has(i) ? {} : (this.getNodeParameter('updateFields', i, {}) as ContactFields),
		(i) => recordIdParameter(this, 'contactId', i),
	);
	const current = new Map<number, IDataObject>();
	for (const contact of await amoCrmGetByIds.call(
		this,
		'/api/v4/contacts',
		'contacts',
		needsCurrent,
	)) {
		current.set(Number(contact.id), contact);
	}

	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const id = recordIdParameter(this, 'contactId', i);
			const fields = this.getNodeParameter('updateFields', i, {}) as ContactFields;
			if (unreadable.has(i)) throw unreadable.get(i);
			const body = await contactBody(this, fields, i, true, handedOver.get(i) ?? current.get(id));
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
