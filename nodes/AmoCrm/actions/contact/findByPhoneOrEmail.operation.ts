import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	DEFAULT_PHONE_RENDERINGS,
	normalizeEmail,
	normalizePhone,
	type PhoneRendering,
} from '../../../shared/contactKeys';
import { forEachItem } from '../../helpers/items';
import { matchKeys, simplifyContact, withoutLinks } from '../../helpers/simplify';
import { optionsCollection, simplifyField } from '../common.descriptions';
import { searchContact } from './search';

const properties: INodeProperties[] = [
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: 'e.g. +7 (931) 604-70-33',
		description:
			'Any formatting: masks, spaces, a leading 8 or a bare 10-digit number all find the same contact, however its phone was saved',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. name@email.com',
		default: '',
		description: 'Searched when the phone finds nobody (or is empty)',
	},
	simplifyField,
	optionsCollection([
		{
			displayName: 'Include Leads',
			name: 'withLeads',
			type: 'boolean',
			default: true,
			description: 'Whether to include the IDs of the leads linked to the contact that was found',
		},
		{
			displayName: 'Search Phone As',
			name: 'phoneRenderings',
			type: 'multiOptions',
			options: [
				{
					name: 'As Given',
					value: 'asGiven',
					description: 'The phone exactly as the input has it (searched last)',
				},
				{
					name: 'Last 10 Digits (9316047033)',
					value: 'digits',
					description: 'Finds +79316047033, 89316047033, 9316047033 (searched first)',
				},
				{
					name: 'Last 7 Digits (6047033)',
					value: 'last7',
					description: 'Finds +7 (931) 6047033 and every form of the last 10 digits',
				},
				{
					name: 'Last 7 With Dashes (604-70-33)',
					value: 'dashes',
					description: 'Finds +7 (931) 604-70-33, 8-931-604-70-33, 931-604-70-33',
				},
				{
					name: 'Last 7 With Spaces (604 70 33)',
					value: 'spaces',
					description: 'Finds +7 931 604 70 33',
				},
			],
			default: [...DEFAULT_PHONE_RENDERINGS],
			description:
				"The forms the number is searched in: amoCRM's search matches a stored phone as it was typed. One request per form, in the order digits, dashes, spaces, last 7, as given, until one finds a contact whose phone is the same number. Keep only the forms your account uses to save requests.",
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['findByPhoneOrEmail'] } },
	properties,
);

/**
 * amoCRM's search takes one query per request, so items are searched side by side: with answers
 * taking 150–300 ms, one at a time would stay under the 7 requests a second the account allows.
 */
const SEARCHES_IN_FLIGHT = 4;

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(
		this,
		items,
		async (i) => {
			const rawPhone = String(this.getNodeParameter('phone', i, '') ?? '');
			const rawEmail = String(this.getNodeParameter('email', i, '') ?? '');
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const withLeads = options.withLeads !== false;
			const renderings = (options.phoneRenderings ?? DEFAULT_PHONE_RENDERINGS) as PhoneRendering[];
			const simplify = this.getNodeParameter('simplify', i, true) as boolean;

			const phone = normalizePhone(rawPhone);
			const email = normalizeEmail(rawEmail);
			const inputProblems: string[] = [];
			if (rawPhone.trim() && !phone)
				inputProblems.push(`"${rawPhone}" is not a usable phone number (it needs 10 to 15 digits)`);
			if (rawEmail.trim() && !email)
				inputProblems.push(`"${rawEmail}" is not a usable email address`);
			if (phone && !renderings.length)
				inputProblems.push('Search Phone As is empty, so the phone was not searched');

			const { matches, matchedBy, searches } = await searchContact(
				this,
				phone && renderings.length ? [{ phone, raw: rawPhone }] : [],
				email ? [email] : [],
				renderings,
				withLeads,
			);
			const picked = matches[0];
			const result: IDataObject = {
				found: matches.length > 0,
				matchCount: matches.length,
				pickedBy:
					matches.length > 1
						? 'oldest id (lowest ID among several true matches of one search)'
						: matches.length
							? 'only match'
							: null,
				matchedBy,
				matchIds: matches.map((m) => m.id),
				phone: phone?.e164 ?? null,
				email,
				searches,
				contact: picked ? (simplify ? simplifyContact(picked) : withoutLinks(picked)) : null,
				// The contact's phones and emails as they are compared, also when it is not simplified.
				contactKeys: picked ? matchKeys(picked) : null,
			};
			if (!phone && !email)
				inputProblems.push(
					'Neither a usable phone nor a usable email was given, so nothing was searched',
				);
			if (inputProblems.length) result.inputProblems = inputProblems;
			return result;
		},
		SEARCHES_IN_FLIGHT,
	);
}
