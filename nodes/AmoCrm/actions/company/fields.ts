import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { CustomFieldInput } from '../../helpers/customFields';
import { amoCrmBatchWrite } from '../../transport/batch';
import {
	customFieldsField,
	emailsField,
	phonesField,
	recordIds,
	responsibleUserField,
	tagsField,
} from '../common.descriptions';
import { partyBody, type PartyFields } from '../party';

const idList = (what: string): Partial<INodeProperties> => ({
	type: 'string',
	default: '',
	placeholder: 'e.g. 20000001, 20000002',
	description: `Comma-separated IDs of existing ${what} to link to the company`,
});

/** Fields of a company as a user sets them (create and update). */
export const companyFieldOptions: INodeProperties[] = [
	{
		displayName: 'Address',
		name: 'address',
		type: 'string',
		default: '',
		description: 'Written to the ADDRESS field',
	},
	customFieldsField('companies'),
	emailsField,
	{ displayName: 'Link Contact IDs', name: 'contactIds', ...idList('contacts') } as INodeProperties,
	{ displayName: 'Link Lead IDs', name: 'leadIds', ...idList('leads') } as INodeProperties,
	phonesField,
	responsibleUserField,
	tagsField,
	{
		displayName: 'Website',
		name: 'web',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com',
		description: 'Written to the WEB field',
	},
];

export interface CompanyFields extends PartyFields {
	address?: string;
	web?: string;
	contactIds?: string;
	leadIds?: string;
}

/** The amoCRM company body for create and update; links are written separately (see `linkCompanies`). */
export async function companyBody(
	ctx: IExecuteFunctions,
	fields: CompanyFields,
	itemIndex: number,
	isUpdate: boolean,
	current?: IDataObject,
): Promise<IDataObject> {
	const extra: CustomFieldInput[] = [];
	if (fields.web) extra.push({ fieldId: 'WEB', value: fields.web });
	if (fields.address) extra.push({ fieldId: 'ADDRESS', value: fields.address });
	return await partyBody(ctx, 'companies', fields, itemIndex, isUpdate, current, extra);
}

export interface CompanyLinks {
	contacts: number[];
	leads: number[];
}

export function companyLinks(
	ctx: IExecuteFunctions,
	fields: CompanyFields,
	itemIndex: number,
): CompanyLinks {
	const ids = (text: unknown, what: string) =>
		recordIds(ctx, itemIndex, text, (part) => `"${part}" is not ${what} ID`);
	return { contacts: ids(fields.contactIds, 'a contact'), leads: ids(fields.leadIds, 'a lead') };
}

/**
 * Links companies to contacts and leads: every link of every item in one batched request per 250
 * (`POST /api/v4/companies/link`). Returns, per item index, the reason its links failed.
 */
export async function linkCompanies(
	ctx: IExecuteFunctions,
	wanted: Array<{ itemIndex: number; companyId: number; links: CompanyLinks }>,
): Promise<Map<number, string>> {
	const entries = wanted.flatMap(({ itemIndex, companyId, links }) => [
		...links.contacts.map((id) => ({
			itemIndex,
			body: { entity_id: companyId, to_entity_type: 'contacts', to_entity_id: id },
		})),
		...links.leads.map((id) => ({
			itemIndex,
			body: { entity_id: companyId, to_entity_type: 'leads', to_entity_id: id },
		})),
	]);
	const failed = new Map<number, string>();
	if (!entries.length) return failed;
	// amoCrmBatchWrite keys outcomes by item index; links of one item are several entries, so each gets its own key.
	const keyed = entries.map((entry, key) => ({ itemIndex: key, body: entry.body }));
	const outcomes = await amoCrmBatchWrite.call(ctx, {
		method: 'POST',
		endpoint: '/api/v4/companies/link',
		embeddedKey: 'links',
		entries: keyed,
		idempotent: true,
		omitRequestId: true,
	});
	for (const outcome of outcomes) {
		if (!outcome.error) continue;
		const entry = entries[outcome.itemIndex];
		const reason = `${String(entry.body.to_entity_type)} ${String(entry.body.to_entity_id)}: ${outcome.error.message}`;
		const previous = failed.get(entry.itemIndex);
		failed.set(entry.itemIndex, previous ? `${previous}; ${reason}` : reason);
	}
	return failed;
}
