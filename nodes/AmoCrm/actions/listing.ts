import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { amoCrmApiRequestAllItems } from '../transport';
import { limitField, optionalNumber, returnAllField, simplifyField, unixSeconds } from './common.descriptions';

/** Return All, Limit and Simplify, in n8n's wording. */
export const listFields: INodeProperties[] = [returnAllField, limitField, simplifyField];

export const dateRangeFilters = (what: string, name: string): INodeProperties[] => [
	{ displayName: `${what} After`, name: `${name}From`, type: 'dateTime', default: '' },
	{ displayName: `${what} Before`, name: `${name}To`, type: 'dateTime', default: '' },
];

/** Sets `filter[<key>][from|to]` from two date-time filter values. */
export function addRange(qs: IDataObject, key: string, from: unknown, to: unknown) {
	const f = unixSeconds(from);
	const t = unixSeconds(to);
	if (f !== undefined) qs[`filter[${key}][from]`] = f;
	if (t !== undefined) qs[`filter[${key}][to]`] = t;
}

/** `filter[<key>][]` for a comma-separated list of numbers. */
export function addIdList(qs: IDataObject, key: string, text: unknown) {
	const ids = String(text ?? '')
		.split(',')
		.map((s) => optionalNumber(s.trim()))
		.filter((n): n is number => n !== undefined);
	if (ids.length) qs[`filter[${key}]`] = ids;
}

/** Reads up to Limit records (or all of them) of a list endpoint for item `i`. */
export async function readList(
	ctx: IExecuteFunctions,
	i: number,
	endpoint: string,
	embeddedKey: string,
	qs: IDataObject,
	keepGoing?: (page: IDataObject[]) => boolean,
): Promise<IDataObject[]> {
	const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', i, 50) as number);
	return await amoCrmApiRequestAllItems.call(ctx, endpoint, embeddedKey, qs, limit, keepGoing);
}
