import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWrite, type BatchEntry, type BatchOutcome } from '../../transport/batch';
import { collection, optionalNumber } from '../common.descriptions';
import { contactBody, contactFieldOptions, type ContactFields } from '../contact/fields';
import { leadBody, leadFieldOptions, type LeadFields } from './fields';

/** "Create a new / link an existing / no <party>" with the ID field of the existing one. */
function partyFields(party: 'Contact' | 'Company', defaultMode: 'new' | 'none'): INodeProperties[] {
	const mode = `${party.toLowerCase()}Mode`;
	return [
		{
			displayName: party,
			name: mode,
			type: 'options',
			options: [
				{ name: `Create a New ${party}`, value: 'new' },
				{ name: `Link an Existing ${party}`, value: 'existing' },
				{ name: `No ${party}`, value: 'none' },
			],
			default: defaultMode,
		},
		{
			displayName: `${party} ID`,
			name: `${party.toLowerCase()}Id`,
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { [mode]: ['existing'] } },
		},
	];
}

const properties: INodeProperties[] = [
	{
		displayName: 'Lead Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. Заявка с сайта от Ивана',
	},
	...partyFields('Contact', 'new'),
	collection('Contact Fields', 'contactFields', contactFieldOptions, {
		displayOptions: { show: { contactMode: ['new'] } },
	}),
	...partyFields('Company', 'none'),
	{
		displayName: 'Company Name',
		name: 'companyName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { companyMode: ['new'] } },
	},
	collection('Lead Fields', 'additionalFields', leadFieldOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['createComplex'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
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
				if (id === undefined || !Number.isInteger(id))
					throw new NodeOperationError(
						this.getNode(),
						`A ${what} ID is needed to link an existing ${what}`,
						{ itemIndex: i },
					);
				return id;
			};
			const contactMode = this.getNodeParameter('contactMode', i, 'new') as string;
			if (contactMode === 'existing') embedded.contacts = [{ id: idOf('contactId', 'contact') }];
			if (contactMode === 'new') {
				const contactFields = this.getNodeParameter('contactFields', i, {}) as ContactFields;
				embedded.contacts = [await contactBody(this, contactFields, i, false)];
			}
			const companyMode = this.getNodeParameter('companyMode', i, 'none') as string;
			if (companyMode === 'existing') embedded.companies = [{ id: idOf('companyId', 'company') }];
			if (companyMode === 'new')
				embedded.companies = [{ name: this.getNodeParameter('companyName', i, '') as string }];
			if (Object.keys(embedded).length) body._embedded = embedded;
			return body;
		},
		write: async (entries) =>
			await linkDroppedCompanies.call(
				this,
				entries,
				await amoCrmBatchWrite.call(this, {
					method: 'POST',
					endpoint: '/api/v4/leads/complex',
					entries,
					batchSize: 50,
				}),
			),
		present: (result) => ({
			id: result.id,
			contact_id: result.contact_id ?? null,
			company_id: result.company_id ?? null,
			// With duplicate control on, amoCRM may add the lead to an open one of the same client: `id` is that lead.
			merged: result.merged ?? false,
			...(result.company_link_error ? { company_link_error: result.company_link_error } : {}),
		}),
	});
}

/**
 * amoCRM has been seen to make a complex lead without the existing company it was given
 * (amocrm-api-php issue #370): where the answer does not name that company, it is linked to the
 * lead and its contact afterwards, in one request for all of them.
 */
async function linkDroppedCompanies(
	this: IExecuteFunctions,
	entries: BatchEntry[],
	outcomes: BatchOutcome[],
): Promise<BatchOutcome[]> {
	const links: BatchEntry[] = [];
	const wantedCompany = new Map<number, number>();
	for (const entry of entries) {
		const company = (
			(entry.body._embedded as IDataObject | undefined)?.companies as IDataObject[] | undefined
		)?.[0];
		if (company?.id !== undefined) wantedCompany.set(entry.itemIndex, Number(company.id));
	}
	for (const outcome of outcomes) {
		const companyId = wantedCompany.get(outcome.itemIndex);
		const result = outcome.result;
		if (
			companyId === undefined ||
			!result?.id ||
			result.merged ||
			Number(result.company_id) === companyId
		)
			continue;
		links.push({
			itemIndex: outcome.itemIndex,
			body: { entity_id: companyId, to_entity_type: 'leads', to_entity_id: result.id },
		});
		if (result.contact_id)
			links.push({
				itemIndex: outcome.itemIndex,
				body: { entity_id: companyId, to_entity_type: 'contacts', to_entity_id: result.contact_id },
			});
	}
	if (!links.length) return outcomes;
	// Outcomes are keyed by item; an item's two links get keys of their own.
	const keyed = links.map((link, key) => ({ ...link, itemIndex: key }));
	const linked = await amoCrmBatchWrite.call(this, {
		method: 'POST',
		endpoint: '/api/v4/companies/link',
		embeddedKey: 'links',
		entries: keyed,
		idempotent: true,
		omitRequestId: true,
	});
	const failed = new Map<number, Error>();
	linked.forEach((outcome, key) => {
		if (outcome.error) failed.set(links[key].itemIndex, outcome.error);
	});
	return outcomes.map((outcome) => {
		if (!wantedCompany.has(outcome.itemIndex) || !outcome.result?.id || outcome.result.merged)
			return outcome;
		// The lead exists either way: a failed link is said on the item, which must not make it again.
		const error = failed.get(outcome.itemIndex);
		const company = error
			? { company_id: null, company_link_error: error.message }
			: { company_id: wantedCompany.get(outcome.itemIndex) };
		return { itemIndex: outcome.itemIndex, result: { ...outcome.result, ...company } };
	});
}
