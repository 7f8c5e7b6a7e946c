import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizePhone } from '../../shared/contactKeys';
import { idParameter } from '../../shared/ids';
import { envyboxApiRequest } from '../transport';

export const dropdown = (
	displayName: string,
	name: string,
	method: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties => ({
	displayName,
	name,
	type: 'options',
	typeOptions: { loadOptionsMethod: method },
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	...extra,
});

export const idField = (
	displayName: string,
	name: string,
	placeholder: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	required: true,
	placeholder,
});

export const optionalId = (value: unknown): number | undefined => {
	const n = Number(value);
	return value === '' || value === undefined || value === null || !Number.isInteger(n) || n <= 0
		? undefined
		: n;
};

/** Envybox stores phones as digits (`74993229710`); masks, spaces and a leading 8 are cleaned. */
export function envyboxPhone(
	ctx: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
): string | undefined {
	const text = String(raw ?? '').trim();
	if (!text) return undefined;
	const phone = normalizePhone(text);
	if (!phone)
		throw new NodeOperationError(ctx.getNode(), `"${text}" is not a usable phone number`, {
			itemIndex,
			description: 'A phone needs 10 to 15 digits.',
		});
	return phone.e164.slice(1);
}

export { collection, filtersCollection, optionsCollection } from '../../shared/collections';
export { limitField, returnAllField, simplifyField } from '../../shared/listFields';

export const dateFilters = (
	dateTypes: Array<{ name: string; value: string }>,
): INodeProperties[] => [
	{
		displayName: 'Date Type',
		name: 'dateType',
		type: 'options',
		options: dateTypes,
		default: 'created',
		description: 'Which date the period applies to',
	},
	{ displayName: 'From Date', name: 'dateStart', type: 'dateTime', default: '' },
	{ displayName: 'To Date', name: 'dateEnd', type: 'dateTime', default: '' },
];

/** A multi-select of IDs from a dropdown method. */
export const idsField = (displayName: string, name: string, method: string): INodeProperties => ({
	displayName,
	name,
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: method },
	default: [],
	description:
		'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
});

/** The request of a list method: keyword, ID lists (filter parameter → API key) and the period. */
export function listRequest(
	filters: IDataObject,
	idLists: Record<string, string> = {},
): IDataObject {
	const request: IDataObject = {};
	if (filters.keyword) request.keyword = filters.keyword;
	for (const [param, key] of Object.entries(idLists)) {
		const list = ((filters[param] ?? []) as unknown[]).map(Number);
		if (list.length) request[key] = list;
	}
	addPeriod(request, filters);
	return request;
}

/** `date_start` / `date_end` as Envybox takes them (`YYYY-MM-DD`). */
export function addPeriod(request: IDataObject, filters: IDataObject) {
	const day = (value: unknown) => (value ? String(value).slice(0, 10) : undefined);
	if (filters.dateType) request.date_type = filters.dateType;
	if (day(filters.dateStart)) request.date_start = day(filters.dateStart);
	if (day(filters.dateEnd)) request.date_end = day(filters.dateEnd);
}

/** The usual page: records under `result`, the next offset (or -1) under `offset`. */
export const resultPage = (answer: IDataObject) => ({
	items: (answer.result ?? []) as IDataObject[],
	next: Number(answer.offset ?? -1),
});

/** Rows of "custom field + value" for create operations; `method` lists the element's fields. */
export const customFieldRows = (method: string): INodeProperties => ({
	displayName: 'Custom Fields',
	name: 'customFields',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	options: [
		{
			name: 'field',
			displayName: 'Field',
			values: [
				dropdown('Field Name or ID', 'inputId', method),
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			],
		},
	],
});

/**
 * Reads an offset-paged list (`offset` = next offset, or -1 at the end) until `limit` records.
 * `pick` finds the records and the next offset in an answer.
 */
export async function readPaged(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	request: IDataObject,
	pick: (answer: IDataObject) => { items: IDataObject[]; next: number } = resultPage,
	pageSize = 50,
	method: 'GET' | 'POST' = 'POST',
): Promise<IDataObject[]> {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	const results: IDataObject[] = [];
	let offset = 0;
	while (results.length < limit) {
		const page = { ...request, limit: Math.min(pageSize, limit - results.length), offset };
		const answer =
			method === 'GET'
				? await envyboxApiRequest.call(ctx, 'GET', path, undefined, page)
				: await envyboxApiRequest.call(ctx, 'POST', path, page);
		const { items, next } = pick(answer);
		results.push(...items);
		if (next < 0 || !items.length || Number(next) <= offset) break;
		offset = Number(next);
	}
	return results.slice(0, limit);
}

export const responsibleFields = (what: string): INodeProperties[] => [
	{
		displayName: 'Responsible',
		name: 'responsibleType',
		type: 'options',
		options: [
			{ name: 'Employee', value: 'employee' },
			{ name: 'Department', value: 'department' },
		],
		default: 'employee',
		description: `Who becomes responsible for the ${what}`,
	},
	dropdown('Employee Name or ID', 'employeeId', 'getEmployees', {
		displayOptions: { show: { responsibleType: ['employee'] } },
	}),
	{
		displayName: 'Department ID',
		name: 'departmentId',
		type: 'string',
		default: '',
		displayOptions: { show: { responsibleType: ['department'] } },
	},
];

/** `employee_id` or `department_id` from the Responsible fields. */
export function responsibleOf(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	if (ctx.getNodeParameter('responsibleType', itemIndex, 'employee') === 'department') {
		return { department_id: idParameter(ctx, 'departmentId', itemIndex, 'a department ID') };
	}
	const employee = ctx.getNodeParameter('employeeId', itemIndex, '') as unknown;
	return {
		employee_id: employee === '' ? 0 : idParameter(ctx, 'employeeId', itemIndex, 'an employee ID'),
	};
}

export { idParameter };
