import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { amoCrmApiRequest, amoCrmApiRequestAllItems } from '../transport';
import {
	limitField,
	optionalNumber,
	returnAllField,
	simplifyField,
	unixSeconds,
} from './common.descriptions';

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
function addIdList(qs: IDataObject, key: string, text: unknown) {
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
	maxPageSize?: number,
): Promise<IDataObject[]> {
	const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', i, 50) as number);
	return await amoCrmApiRequestAllItems.call(
		ctx,
		endpoint,
		embeddedKey,
		qs,
		limit,
		keepGoing,
		maxPageSize,
	);
}

/** `order[<field>]=<direction>` from a Sort By value such as `updated_at:desc`. */
function addSort(qs: IDataObject, sort: unknown) {
	const [field, direction] = String(sort ?? 'id:asc').split(':');
	qs[`order[${field}]`] = direction;
}

export const SINGULAR = { contacts: 'contact', leads: 'lead', companies: 'company' } as const;

/** One contact, lead or company; amoCRM answers an unknown ID with an empty 204, which becomes a clear error. */
export async function readOne(
	ctx: IExecuteFunctions,
	entity: keyof typeof SINGULAR,
	id: number,
	itemIndex: number,
	embed?: string,
): Promise<IDataObject> {
	const record = await amoCrmApiRequest.call(
		ctx,
		'GET',
		`/api/v4/${entity}/${id}`,
		undefined,
		embed ? { with: embed } : {},
	);
	if (!record)
		throw new NodeOperationError(ctx.getNode(), `amoCRM has no ${SINGULAR[entity]} with ID ${id}`, {
			itemIndex,
		});
	return record;
}

/**
 * The query of a contact, lead or company list from the filters and options they share: query, IDs,
 * responsible user, created/updated ranges, embedded links and sort order.
 */
export function entityListQuery(
	filters: IDataObject,
	options: IDataObject,
	embeds: Array<{ option: string; value: string }>,
): IDataObject {
	const qs: IDataObject = {};
	if (filters.query) qs.query = filters.query;
	addIdList(qs, 'id', filters.ids);
	const responsible = optionalNumber(filters.responsibleUserId);
	if (responsible !== undefined) qs['filter[responsible_user_id]'] = responsible;
	addRange(qs, 'created_at', filters.createdFrom, filters.createdTo);
	addRange(qs, 'updated_at', filters.updatedFrom, filters.updatedTo);
	const withs = embeds.filter((embed) => options[embed.option]).map((embed) => embed.value);
	if (withs.length) qs.with = withs.join(',');
	addSort(qs, options.sort);
	return qs;
}
