import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	buildCustomFieldValues,
	emailValues,
	type CustomFieldInput,
	type EmailInput,
	type PhoneInput,
	phoneValues,
} from '../../helpers/customFields';
import { samePhone } from '../../../shared/contactKeys';
import {
	customFieldsField,
	emailsField,
	optionalNumber,
	phonesField,
	responsibleUserField,
	tagRefs,
	tagsField,
} from '../common.descriptions';

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

export interface ContactFields {
	name?: string;
	firstName?: string;
	lastName?: string;
	responsibleUserId?: string | number;
	phones?: { phone?: PhoneInput[] };
	emails?: { email?: EmailInput[] };
	tags?: string;
	customFields?: { field?: CustomFieldInput[] };
}

/**
 * The amoCRM contact body for create and update. On update, phones and emails are added to the
 * ones the contact already has (`current`; amoCRM's PATCH replaces a multitext field's whole value
 * list), tags are added, and an empty custom field value clears the field.
 */
export async function contactBody(
	ctx: IExecuteFunctions,
	fields: ContactFields,
	itemIndex: number,
	isUpdate: boolean,
	current?: IDataObject,
): Promise<IDataObject> {
	const body: IDataObject = {};
	if (fields.name !== undefined && fields.name !== '') body.name = fields.name;
	if (fields.firstName) body.first_name = fields.firstName;
	if (fields.lastName) body.last_name = fields.lastName;
	const responsible = optionalNumber(fields.responsibleUserId);
	if (responsible !== undefined) body.responsible_user_id = responsible;

	const values: IDataObject[] = [];
	const phones = phoneValues(ctx, fields.phones?.phone ?? [], itemIndex);
	const emails = emailValues(ctx, fields.emails?.email ?? [], itemIndex);
	const merged = (code: string, added: IDataObject[], same: (a: string, b: string) => boolean) => {
		if (!added.length) return;
		const existing = ((current?.custom_fields_values ?? []) as IDataObject[]).find((f) => f.field_code === code);
		const kept = ((existing?.values ?? []) as IDataObject[]).map((v) => ({ value: v.value, enum_id: v.enum_id }));
		const fresh = added.filter((a) => !kept.some((k) => same(String(k.value), String(a.value))));
		values.push({ field_code: code, values: [...kept, ...fresh] });
	};
	merged('PHONE', phones, samePhone);
	merged('EMAIL', emails, (a, b) => a.trim().toLowerCase() === b.trim().toLowerCase());
	values.push(...(await buildCustomFieldValues(ctx, 'contacts', fields.customFields?.field ?? [], itemIndex, isUpdate)));
	if (values.length) body.custom_fields_values = values;

	const tags = tagRefs(fields.tags);
	if (tags.length) {
		if (isUpdate) body.tags_to_add = tags;
		else body._embedded = { tags };
	}
	return body;
}
