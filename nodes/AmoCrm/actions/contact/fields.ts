import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	customFieldsField,
	emailsField,
	phonesField,
	responsibleUserField,
	tagsField,
} from '../common.descriptions';
import { partyBody, type PartyFields } from '../party';

/** Fields of a contact as a user sets them (create, update, and the new contact of Create Complex). */
export const contactFieldOptions: INodeProperties[] = [
	customFieldsField('contacts'),
	emailsField,
	{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
	{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	phonesField,
	responsibleUserField,
	tagsField,
];

export interface ContactFields extends PartyFields {
	firstName?: string;
	lastName?: string;
}

/** The amoCRM contact body for create and update (see `partyBody` for what update merges). */
export async function contactBody(
	ctx: IExecuteFunctions,
	fields: ContactFields,
	itemIndex: number,
	isUpdate: boolean,
	current?: IDataObject,
): Promise<IDataObject> {
	const body = await partyBody(ctx, 'contacts', fields, itemIndex, isUpdate, current);
	if (fields.firstName) body.first_name = fields.firstName;
	if (fields.lastName) body.last_name = fields.lastName;
	return body;
}
