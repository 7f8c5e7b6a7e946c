import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	normalizeEmail,
	normalizePhone,
	type NormalizedPhone,
	type PhoneRendering,
	phoneSearchTexts,
} from '../../../shared/contactKeys';
import { fieldTexts } from '../../helpers/customFields';
import { amoCrmApiRequestAllItems } from '../../transport';

/** Up to this many full-text candidates are re-checked; more than that means the query is too loose. */
const MAX_CANDIDATES = 1000;

export interface PhoneToFind {
	phone: NormalizedPhone;
	/** The number as it came in, for the As Given search. */
	raw: string;
}

export interface ContactSearch {
	/** Contacts that truly have the phone or email, lowest ID first. */
	matches: IDataObject[];
	matchedBy: 'phone' | 'email' | null;
	/** The texts sent to amoCRM's search, in order. */
	searches: string[];
}

async function verifiedMatches(
	ctx: IExecuteFunctions,
	query: string,
	withLeads: boolean,
	isMatch: (contact: IDataObject) => boolean,
): Promise<IDataObject[]> {
	const qs: IDataObject = { query, 'order[id]': 'asc' };
	if (withLeads) qs.with = 'leads';
	const candidates = await amoCrmApiRequestAllItems.call(
		ctx,
		'/api/v4/contacts',
		'contacts',
		qs,
		MAX_CANDIDATES,
	);
	return candidates.filter(isMatch).sort((a, b) => Number(a.id) - Number(b.id));
}

export const hasPhone = (contact: IDataObject, phone: NormalizedPhone) =>
	fieldTexts(contact, 'PHONE').some((value) => normalizePhone(value)?.matchKey === phone.matchKey);

export const hasEmail = (contact: IDataObject, email: string) =>
	fieldTexts(contact, 'EMAIL').some((value) => normalizeEmail(value) === email);

/**
 * The contacts that truly have one of these phones, else one of these emails. amoCRM's `query` is
 * full-text over every field and matches stored text as typed, so each phone is searched in the chosen
 * renderings and every candidate is checked against its own PHONE / EMAIL values after normalisation;
 * the first search with a true match ends it.
 */
export async function searchContact(
	ctx: IExecuteFunctions,
	phones: PhoneToFind[],
	emails: string[],
	renderings: readonly PhoneRendering[],
	withLeads: boolean,
): Promise<ContactSearch> {
	const searches: string[] = [];
	for (const { phone, raw } of phones) {
		for (const text of phoneSearchTexts(phone, raw, renderings)) {
			searches.push(text);
			const matches = await verifiedMatches(ctx, text, withLeads, (c) => hasPhone(c, phone));
			if (matches.length) return { matches, matchedBy: 'phone', searches };
		}
	}
	for (const email of emails) {
		searches.push(email);
		const matches = await verifiedMatches(ctx, email, withLeads, (c) => hasEmail(c, email));
		if (matches.length) return { matches, matchedBy: 'email', searches };
	}
	return { matches: [], matchedBy: null, searches };
}
