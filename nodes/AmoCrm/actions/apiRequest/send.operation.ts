import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest, MAX_BATCH } from '../../transport';
import { limitField, returnAllField } from '../common.descriptions';

const BODY_METHODS = ['POST', 'PATCH', 'PUT', 'DELETE'];
/** amoCRM's page size when a list read names no `limit`. */
const DEFAULT_PAGE = 50;
/** amoCRM gives at most 100 events per page. */
const EVENTS_PAGE = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'DELETE', value: 'DELETE' },
			{ name: 'GET', value: 'GET' },
			{ name: 'PATCH', value: 'PATCH' },
			{ name: 'POST', value: 'POST' },
			{ name: 'PUT', value: 'PUT' },
		],
		default: 'GET',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. leads/30000001',
		description:
			'The endpoint under /api/v4/ of the account in the credential, e.g. leads/30000001 or /api/v4/leads/30000001; /api/v2/… for the salesbot endpoints. Full URLs, other prefixes and .. are refused.',
	},
	{
		displayName: 'Query Parameters',
		name: 'queryParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parameter',
		default: {},
		description: 'Sent in the query string; a name given several times sends all its values',
		options: [
			{
				name: 'parameter',
				displayName: 'Parameter',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. filter[name]',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Query Parameters (JSON)',
		name: 'queryJson',
		type: 'json',
		default: '',
		placeholder: '{ "with": "contacts", "filter": { "responsible_user_id": [5000001, 5000002] } }',
		description:
			'More query parameters as a JSON object; nested objects and lists are sent in amoCRM’s bracket form (filter[responsible_user_id][0]=…). Its keys win over the same names above.',
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'json',
		default: '',
		placeholder: '[{ "name": "Заявка с сайта", "price": 1000 }]',
		displayOptions: { show: { method: ['POST', 'PATCH', 'PUT', 'DELETE'] } },
		description:
			'The JSON body: an object, or a list of objects for amoCRM’s batch writes. Empty sends no body.',
	},
	{ ...returnAllField, displayOptions: { show: { method: ['GET'] } } },
	{ ...limitField, displayOptions: { show: { method: ['GET'], returnAll: [false] } } },
	{
		displayName: 'Split Into Items',
		name: 'splitIntoItems',
		type: 'boolean',
		default: false,
		description:
			'Whether to output one item per record when amoCRM answers with a list (the records under _embedded), instead of one item with the whole answer. Other answers stay one item; an empty list (204) gives no items.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['apiRequest'], operation: ['send'] } },
	properties,
);

const SEGMENT = /^[A-Za-z0-9_.~-]+$/;

/** The endpoint to call, `/api/v4/…` or `/api/v2/…`; anything that could leave amoCRM's API is refused. */
function apiPath(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = String(ctx.getNodeParameter('path', itemIndex, '') ?? '').trim();
	const refuse = (message: string, description: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	const hint =
		'Give the endpoint under /api/v4/, e.g. leads/30000001 or /api/v4/leads/30000001 (/api/v2/… for salesbot); the account address comes from the credential.';
	if (!raw) throw refuse('No path given', hint);
	if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('//'))
		throw refuse('Path is a full URL; only a path under /api/v4/ or /api/v2/ is sent', hint);
	const shown = raw.split(/[?#]/)[0];
	if (/[?#]/.test(raw))
		throw refuse(
			`Path "${shown}" holds a query`,
			'Give query parameters under Query Parameters, not after "?" in the path.',
		);
	let rest: string;
	let prefix = '/api/v4/';
	const versioned = /^\/?api\/(v4|v2)(\/|$)/.exec(raw);
	if (versioned) {
		prefix = `/api/${versioned[1]}/`;
		rest = raw.slice(versioned[0].length);
	} else if (raw.startsWith('/') || /^api(\/|$)/.test(raw)) {
		throw refuse(`Path "${shown}" is not under /api/v4/ or /api/v2/`, hint);
	} else {
		rest = raw;
	}
	const segments = rest.split('/').filter(Boolean);
	if (!segments.length) throw refuse(`Path "${shown}" names no endpoint`, hint);
	for (const segment of segments) {
		if (segment === '.' || segment === '..')
			throw refuse(
				`Path "${shown}" has a "${segment}" segment`,
				`Relative segments are refused, so that a request cannot leave the API. ${hint}`,
			);
		if (!SEGMENT.test(segment)) {
			throw refuse(
				`Path "${shown}" has characters amoCRM paths do not use`,
				'Path segments take letters, digits, "-", "_", "." and "~"; give query parameters under Query Parameters.',
			);
		}
	}
	return `${prefix}${segments.join('/')}`;
}

/** A JSON parameter: undefined when empty, else the parsed value; invalid JSON stops the item. */
function jsonParameter(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): unknown {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
		return undefined;
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `${label} is not valid JSON`, {
			itemIndex,
			description: `${(error as Error).message}.`,
		});
	}
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function queryOf(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const qs: IDataObject = {};
	const pairs = ((ctx.getNodeParameter('queryParameters', itemIndex, {}) as IDataObject)
		.parameter ?? []) as IDataObject[];
	for (const { name, value } of pairs) {
		const key = String(name ?? '').trim();
		if (!key) continue;
		const previous = qs[key];
		qs[key] =
			previous === undefined
				? (value as string)
				: [...(Array.isArray(previous) ? previous : [previous]), value as string];
	}
	const json = jsonParameter(ctx, 'queryJson', 'Query Parameters (JSON)', itemIndex);
	if (json === undefined) return qs;
	if (!isObject(json))
		throw new NodeOperationError(ctx.getNode(), 'Query Parameters (JSON) is not a JSON object', {
			itemIndex,
			description: 'Give an object of names and values, e.g. { "with": "contacts" }.',
		});
	return { ...qs, ...json };
}

function bodyOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
): IDataObject | IDataObject[] | undefined {
	const body = jsonParameter(ctx, 'body', 'Body', itemIndex);
	if (body === undefined) return undefined;
	if (typeof body !== 'object' || body === null) {
		throw new NodeOperationError(ctx.getNode(), 'Body is not a JSON object or list', {
			itemIndex,
			description: 'amoCRM takes an object, or a list of objects for batch writes.',
		});
	}
	return body as IDataObject | IDataObject[];
}

/** The key of the records when `body` is a HAL list: `_embedded` holds one list and the body has no `id` of its own. */
function listKeyOf(body: unknown): string | undefined {
	if (!isObject(body) || 'id' in body || !isObject(body._embedded)) return undefined;
	const keys = Object.keys(body._embedded);
	return keys.length === 1 && Array.isArray(body._embedded[keys[0]]) ? keys[0] : undefined;
}

const recordsOf = (body: IDataObject, key: string) =>
	(body._embedded as IDataObject)[key] as IDataObject[];

const asObject = (value: unknown): IDataObject =>
	isObject(value) ? value : { data: value as IDataObject };

/** amoCRM's answer as output: a 204 is `{}` (no items when split), a list is split on request, anything not an object is `{ data }`. */
function present(body: unknown, split: boolean): IDataObject | IDataObject[] {
	if (body === undefined) return split ? [] : {};
	const key = listKeyOf(body);
	if (split && key) return recordsOf(body as IDataObject, key).map(asObject);
	if (Array.isArray(body)) return split ? body.map(asObject) : { data: body };
	return asObject(body);
}

const positiveInt = (value: unknown): number | undefined => {
	const n = Number(value);
	return value !== undefined && value !== '' && Number.isInteger(n) && n > 0 ? n : undefined;
};

/**
 * A GET, as given. When amoCRM answers with a list and more records are wanted (Return All, or
 * fewer than Limit so far), the next pages are read with `page` + 1 until a short page, an empty
 * one (204), an answer without a `next` link, or the Limit. Pages are the query's `limit`, else
 * 250 for Return All (100 for events), else the Limit when above amoCRM's default of 50.
 */
async function readGet(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoint: string,
	qs: IDataObject,
	split: boolean,
): Promise<IDataObject | IDataObject[]> {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll
		? Infinity
		: (ctx.getNodeParameter('limit', itemIndex, DEFAULT_PAGE) as number);
	const largest = /^\/api\/v4\/events(\/|$)/.test(endpoint) ? EVENTS_PAGE : MAX_BATCH;
	const asked = positiveInt(qs.limit);
	const added =
		asked !== undefined
			? undefined
			: returnAll
				? largest
				: limit > DEFAULT_PAGE
					? Math.min(limit, largest)
					: undefined;
	const query = added === undefined ? qs : { ...qs, limit: added };
	const pageSize = asked ?? added ?? DEFAULT_PAGE;
	const first = await amoCrmApiRequest.call(ctx, 'GET', endpoint, undefined, query);
	const key = listKeyOf(first);
	if (!first || !key) return present(first, split);
	const records = [...recordsOf(first, key)];
	let last: IDataObject = first;
	let page = positiveInt(qs.page) ?? 1;
	let pages = 1;
	for (;;) {
		const got = recordsOf(last, key);
		const next = (last._links as IDataObject | undefined)?.next;
		if (records.length >= limit || got.length < pageSize || !next) break;
		page++;
		const body = await amoCrmApiRequest.call(ctx, 'GET', endpoint, undefined, { ...query, page });
		pages++;
		if (listKeyOf(body) !== key) break;
		const more = recordsOf(body!, key);
		// An endpoint that ignores `page` answers the same records again: the list has been read.
		if (more.length && JSON.stringify(more[0]) === JSON.stringify(got[0])) break;
		records.push(...more);
		last = body!;
	}
	const kept = records.slice(0, limit);
	if (split) return kept.map(asObject);
	if (pages === 1 && kept.length === records.length) return first;
	const combined: IDataObject = {
		...first,
		_embedded: { ...(first._embedded as IDataObject), [key]: kept },
	};
	delete combined._page;
	delete combined._links;
	return combined;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const method = this.getNodeParameter('method', i) as IHttpRequestMethods;
		const endpoint = apiPath(this, i);
		const qs = queryOf(this, i);
		const split = this.getNodeParameter('splitIntoItems', i, false) as boolean;
		if (method === 'GET') return await readGet(this, i, endpoint, qs, split);
		const body = BODY_METHODS.includes(method) ? bodyOf(this, i) : undefined;
		return present(await amoCrmApiRequest.call(this, method, endpoint, body, qs), split);
	});
}
