import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	buildCustomFieldValues,
	customFieldMap,
	type CustomFieldInput,
} from '../../helpers/customFields';
import { withoutLinks } from '../../helpers/simplify';
import {
	customFieldsField,
	optionalNumber,
	recordIdParameter,
	responsibleUserField,
	tagRefs,
	tagsField,
	unixSeconds,
} from '../common.descriptions';

export const nextDateField: INodeProperties = {
	displayName: 'Next Purchase Date',
	name: 'nextDate',
	type: 'dateTime',
	default: '',
	description:
		'When the next purchase is expected; amoCRM requires it for a new customer when the account tracks periodic purchases',
};

export const nextPriceField: INodeProperties = {
	displayName: 'Next Purchase Amount',
	name: 'nextPrice',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description: 'Expected amount of the next purchase, a whole number',
};

/** Fields of a customer as a user sets them (create and update). */
export const customerFieldOptions: INodeProperties[] = [
	customFieldsField('customers'),
	nextPriceField,
	nextDateField,
	responsibleUserField,
	tagsField,
];

export interface CustomerFields {
	name?: string;
	nextPrice?: number | string;
	nextDate?: string | number;
	responsibleUserId?: string | number;
	tags?: string;
	customFields?: { field?: CustomFieldInput[] };
}

export const customerIdParameter = (ctx: IExecuteFunctions, itemIndex: number) =>
	recordIdParameter(ctx, 'customerId', itemIndex);

/** A whole, non-negative amount of money, or the error that names it. */
export function amount(
	ctx: IExecuteFunctions,
	value: unknown,
	what: string,
	itemIndex: number,
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) {
		throw new NodeOperationError(ctx.getNode(), `"${String(value)}" is not a usable ${what}`, {
			itemIndex,
			description: 'amoCRM takes a whole, non-negative number.',
		});
	}
	return Math.round(n);
}

/** Unix seconds of a date parameter, or the error that names it. */
export function timestamp(
	ctx: IExecuteFunctions,
	value: unknown,
	what: string,
	itemIndex: number,
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const seconds = unixSeconds(value);
	if (seconds === undefined) {
		throw new NodeOperationError(ctx.getNode(), `"${String(value)}" is not a usable ${what}`, {
			itemIndex,
			description: 'Give a date such as 2026-05-08 or 2026-05-08T10:00:00+03:00.',
		});
	}
	return seconds;
}

/** The amoCRM customer body for create and update; custom fields are checked against the account's customer fields. */
export async function customerBody(
	ctx: IExecuteFunctions,
	fields: CustomerFields,
	itemIndex: number,
	isUpdate: boolean,
): Promise<IDataObject> {
	const body: IDataObject = {};
	const name = String(fields.name ?? '').trim();
	if (name) body.name = name;
	else if (!isUpdate)
		throw new NodeOperationError(ctx.getNode(), 'A customer needs a name', {
			itemIndex,
			description: 'Give the customer a name that is not blank.',
		});
	const nextPrice = amount(ctx, fields.nextPrice, 'purchase amount', itemIndex);
	if (nextPrice !== undefined) body.next_price = nextPrice;
	const nextDate = timestamp(ctx, fields.nextDate, 'next purchase date', itemIndex);
	if (nextDate !== undefined) body.next_date = nextDate;
	const responsible = optionalNumber(fields.responsibleUserId);
	if (responsible !== undefined) body.responsible_user_id = responsible;
	const custom = await buildCustomFieldValues(
		ctx,
		'customers',
		fields.customFields?.field ?? [],
		itemIndex,
	);
	if (custom.length) body.custom_fields_values = custom;
	const tags = tagRefs(fields.tags);
	if (tags.length) {
		if (isUpdate) body.tags_to_add = tags;
		else body._embedded = { tags };
	}
	return body;
}

const embeddedOf = (record: IDataObject, key: string) =>
	((record._embedded as IDataObject | undefined)?.[key] ?? []) as IDataObject[];

export function simplifyCustomer(customer: IDataObject): IDataObject {
	return {
		id: customer.id,
		name: customer.name,
		next_price: customer.next_price,
		next_date: customer.next_date,
		responsible_user_id: customer.responsible_user_id,
		status_id: customer.status_id ?? null,
		periodicity: customer.periodicity ?? null,
		ltv: customer.ltv,
		purchases_count: customer.purchases_count,
		average_check: customer.average_check,
		created_at: customer.created_at,
		updated_at: customer.updated_at,
		closest_task_at: customer.closest_task_at ?? null,
		tags: embeddedOf(customer, 'tags').map((t) => String(t.name)),
		segment_ids: embeddedOf(customer, 'segments').map((s) => Number(s.id)),
		custom_fields: customFieldMap(customer),
	};
}

export function simplifyTransaction(transaction: IDataObject): IDataObject {
	return {
		id: transaction.id,
		customer_id:
			transaction.customer_id ??
			((transaction._embedded as IDataObject | undefined)?.customer as IDataObject | undefined)
				?.id ??
			null,
		price: transaction.price,
		comment: transaction.comment ?? null,
		completed_at: transaction.completed_at,
		created_by: transaction.created_by,
		created_at: transaction.created_at,
	};
}

/** A record as amoCRM gives it, without its HAL links and those of its `_embedded` entries. */
export function withoutHalLinks(record: IDataObject): IDataObject {
	const { _embedded: embedded, ...rest } = withoutLinks(record);
	if (!embedded || typeof embedded !== 'object') return rest;
	const cleaned: IDataObject = {};
	for (const [key, value] of Object.entries(embedded as IDataObject)) {
		const strip = (entry: unknown) =>
			entry && typeof entry === 'object' && !Array.isArray(entry)
				? withoutLinks(entry as IDataObject)
				: entry;
		cleaned[key] = (Array.isArray(value) ? value.map(strip) : strip(value)) as IDataObject;
	}
	return { ...rest, _embedded: cleaned };
}
