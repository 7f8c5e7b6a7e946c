import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { samePhone } from '../../shared/contactKeys';
import {
	buildCustomFieldValues,
	type CustomFieldInput,
	emailValues,
	type EmailInput,
	type PhoneInput,
	phoneValues,
} from '../helpers/customFields';
import { optionalNumber, tagRefs } from './common.descriptions';

/** What contacts and companies share: name, responsible user, phones, emails, tags, custom fields. */
export interface PartyFields {
	name?: string;
	responsibleUserId?: string | number;
	phones?: { phone?: PhoneInput[] };
	emails?: { email?: EmailInput[] };
	tags?: string;
	customFields?: { field?: CustomFieldInput[] };
}

/** Update Fields of a contact or company say that phones, emails and tags are added, not replaced. */
export function addedOnUpdate(
	options: INodeProperties[],
	record: 'contact' | 'company',
): INodeProperties[] {
	const added: Record<string, string> = {
		emails: `Added to the ${record}; existing addresses are kept`,
		phones: `Added to the ${record}; existing numbers are kept, the same number is not added twice`,
		tags: `Comma-separated tag names to add; the ${record} keeps its other tags`,
	};
	return options.map((option) =>
		added[option.name] ? { ...option, description: added[option.name] } : option,
	);
}

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The body shared by contacts and companies for create and update. On update, phones and emails
 * are added to the ones the record already has (`current`; amoCRM's PATCH replaces a multitext
 * field's whole value list) and tags are added without dropping the others.
 */
export async function partyBody(
	ctx: IExecuteFunctions,
	entity: 'contacts' | 'companies',
	fields: PartyFields,
	itemIndex: number,
	isUpdate: boolean,
	current?: IDataObject,
	extraCustomFields: CustomFieldInput[] = [],
): Promise<IDataObject> {
	const body: IDataObject = {};
	if (fields.name !== undefined && fields.name !== '') body.name = fields.name;
	const responsible = optionalNumber(fields.responsibleUserId);
	if (responsible !== undefined) body.responsible_user_id = responsible;

	const values: IDataObject[] = [];
	const merged = (code: string, added: IDataObject[], same: (a: string, b: string) => boolean) => {
		if (!added.length) return;
		const existing = ((current?.custom_fields_values ?? []) as IDataObject[]).find(
			(f) => f.field_code === code,
		);
		const kept = ((existing?.values ?? []) as IDataObject[]).map((v) => ({
			value: v.value,
			enum_id: v.enum_id,
		}));
		const fresh = added.filter((a) => !kept.some((k) => same(String(k.value), String(a.value))));
		values.push({ field_code: code, values: [...kept, ...fresh] });
	};
	merged('PHONE', phoneValues(ctx, fields.phones?.phone ?? [], itemIndex), samePhone);
	merged('EMAIL', emailValues(ctx, fields.emails?.email ?? [], itemIndex), sameEmail);
	const custom = [...extraCustomFields, ...(fields.customFields?.field ?? [])];
	values.push(...(await buildCustomFieldValues(ctx, entity, custom, itemIndex)));
	if (values.length) body.custom_fields_values = values;

	const tags = tagRefs(fields.tags);
	if (tags.length) {
		if (isUpdate) body.tags_to_add = tags;
		else body._embedded = { tags };
	}
	return body;
}

/** IDs of records whose phones or emails are about to be merged, to read them in one request per 250. */
export function mergeTargets(
	ctx: IExecuteFunctions,
	count: number,
	readFields: (i: number) => PartyFields,
	readId: (i: number) => number,
): number[] {
	const ids = new Set<number>();
	for (let i = 0; i < count; i++) {
		try {
			const fields = readFields(i);
			if (fields.phones?.phone?.length || fields.emails?.email?.length) ids.add(readId(i));
		} catch {
			// a bad ID or parameter is reported on its own item when the body is prepared
		}
	}
	return [...ids];
}
