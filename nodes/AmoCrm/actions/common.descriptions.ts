import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { idParameter as sharedIdParameter } from '../../shared/ids';
import { ADDRESS_SUBTYPES, EMAIL_TYPES, PHONE_TYPES } from '../helpers/customFields';

const idOnly = {
	type: 'regex' as const,
	properties: { regex: '^[0-9]+$', errorMessage: 'An amoCRM ID is a number' },
};

/**
 * A record picker: From List (searched with the `methods.listSearch` function named), By ID, and,
 * where amoCRM has a web page of the record at `/<urlPath>/detail/<id>`, By URL.
 */
export function recordLocator(
	name: string,
	displayName: string,
	searchMethod: string,
	urlPath?: string,
	idPlaceholder = 'e.g. 20000001',
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: searchMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: idPlaceholder,
				validation: [idOnly],
			},
			...(urlPath === undefined
				? []
				: [
						{
							displayName: 'By URL',
							name: 'url',
							type: 'string' as const,
							placeholder: `e.g. https://mycompany.amocrm.ru/${urlPath}/detail/20000001`,
							extractValue: { type: 'regex' as const, regex: `/${urlPath}/detail/([0-9]+)` },
							validation: [
								{
									type: 'regex' as const,
									properties: {
										regex: `.*/${urlPath}/detail/[0-9]+.*`,
										errorMessage: `Not an amoCRM ${urlPath} URL`,
									},
								},
							],
						},
					]),
		],
	};
}

export const contactLocator = (name = 'contactId', displayName = 'Contact') =>
	recordLocator(name, displayName, 'searchContacts', 'contacts');
export const leadLocator = (name = 'leadId', displayName = 'Lead') =>
	recordLocator(name, displayName, 'searchLeads', 'leads');
export const companyLocator = (name = 'companyId', displayName = 'Company') =>
	recordLocator(name, displayName, 'searchCompanies', 'companies');
export const customerLocator = (name = 'customerId', displayName = 'Customer') =>
	recordLocator(name, displayName, 'searchCustomers', 'customers');

/** An amoCRM ID parameter (a resource locator or a plain value) as a positive integer, or a clear error. */
export const idParameter = (
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	what = 'an amoCRM ID',
	description?: string,
) => sharedIdParameter(ctx, name, itemIndex, what, description);

/** The ID chosen in a contact, lead or company resource locator (from the list, by ID or by URL). */
export const recordIdParameter = (ctx: IExecuteFunctions, name: string, itemIndex: number) =>
	idParameter(
		ctx,
		name,
		itemIndex,
		'an amoCRM ID',
		'Pick the record from the list, or give its numeric ID or its amoCRM address.',
	);

export { collection, filtersCollection, optionsCollection } from '../../shared/collections';

export const sortOption: INodeProperties = {
	displayName: 'Sort By',
	name: 'sort',
	type: 'options',
	options: [
		{ name: 'Created (Newest First)', value: 'created_at:desc' },
		{ name: 'ID (Oldest First)', value: 'id:asc' },
		{ name: 'Updated (Newest First)', value: 'updated_at:desc' },
	],
	default: 'id:asc',
};

export const responsibleUserField: INodeProperties = {
	displayName: 'Responsible User Name or ID',
	name: 'responsibleUserId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getUsers' },
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

export const pipelineField: INodeProperties = {
	displayName: 'Pipeline Name or ID',
	name: 'pipelineId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getPipelines' },
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

/** Where a Pipeline parameter can sit; the stage dropdown follows whichever is set. */
export const PIPELINE_PARAMETERS = [
	'pipelineId',
	'additionalFields.pipelineId',
	'updateFields.pipelineId',
	'filters.pipelineId',
	'options.pipelineId',
	'newRecords.pipelineId',
];

export const statusField: INodeProperties = {
	displayName: 'Stage Name or ID',
	name: 'statusId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getStatuses', loadOptionsDependsOn: PIPELINE_PARAMETERS },
	default: '',
	description:
		'Stage (status) of the lead. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const tagsField: INodeProperties = {
	displayName: 'Tags',
	name: 'tags',
	type: 'string',
	default: '',
	placeholder: 'e.g. сайт, повторная заявка',
	description:
		'Comma-separated tag names; tags that do not exist yet are created. Existing tags are kept.',
};

const ADDRESS_PART_NAMES: Record<string, string> = {
	address_line_1: 'Address Line 1',
	address_line_2: 'Address Line 2',
	city: 'City',
	state: 'Region',
	zip: 'Postal Code',
	country: 'Country',
};

const CUSTOM_FIELD_METHODS = {
	contacts: 'getContactCustomFields',
	leads: 'getLeadCustomFields',
	companies: 'getCompanyCustomFields',
	catalogs: 'getCatalogCustomFields',
	customers: 'getCustomerCustomFields',
} as const;

/**
 * The custom-field editor of create and update: pick a field, give a value, and the node shapes
 * it by the field's type (numbers, true/false, dates, list options by name, phone/email type
 * codes, address parts). Clear removes the field's values. For `catalogs` the fields are those of
 * the catalog chosen in `catalogId`, which has no phone, email or address fields.
 */
export const customFieldsField = (entity: keyof typeof CUSTOM_FIELD_METHODS): INodeProperties => {
	const ofCatalog = entity === 'catalogs';
	const values: INodeProperties[] = [
		{
			displayName: 'Address Part',
			name: 'subtype',
			type: 'options',
			options: ADDRESS_SUBTYPES.map((value) => ({
				name: ADDRESS_PART_NAMES[value] ?? value,
				value,
			})),
			default: 'address_line_1',
			displayOptions: { show: { clear: [false] } },
			description:
				'For address fields: which part this row sets. Give every part in one update; amoCRM erases the parts not sent.',
		},
		{
			displayName: 'Clear',
			name: 'clear',
			type: 'boolean',
			default: false,
			description: 'Whether to remove every value of the field instead of setting one',
		},
		{
			displayName: 'Field Name or ID',
			name: 'fieldId',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: CUSTOM_FIELD_METHODS[entity],
				...(ofCatalog ? { loadOptionsDependsOn: ['catalogId'] } : {}),
			},
			default: '',
			description: `The field type is shown under each name; a field code such as ${ofCatalog ? 'SKU' : 'PHONE'} works as an ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
		},
		{
			displayName: 'Type Code',
			name: 'enumCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. WORK',
			displayOptions: { show: { clear: [false] } },
			description: 'For phone and email fields: WORK, MOB, HOME, PRIV, OTHER, …',
		},
		{
			displayName: 'Value',
			name: 'value',
			type: 'string',
			default: '',
			displayOptions: { show: { clear: [false] } },
			description: `Text or URL; a number for numeric${ofCatalog ? ' and price' : ''} fields; true/false (да/нет) for checkboxes; a date (2026-05-08 or 2026-05-08T10:00:00+03:00 or Unix seconds) for date fields; an option name or ID for lists (comma-separated for multiselect)${ofCatalog ? '; a group name or ID for category fields' : ''}. Several rows for one field add several values. Empty values are skipped.`,
		},
	];
	return {
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Field',
		default: {},
		options: [
			{
				name: 'field',
				displayName: 'Field',
				values: ofCatalog
					? values.filter((v) => v.name !== 'subtype' && v.name !== 'enumCode')
					: values,
			},
		],
	};
};

const typeOptions = (codes: string[]) => codes.map((code) => ({ name: code, value: code }));

export const phonesField: INodeProperties = {
	displayName: 'Phones',
	name: 'phones',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Phone',
	default: {},
	description: 'Written in +7XXXXXXXXXX form; masks, spaces and a leading 8 are cleaned',
	options: [
		{
			name: 'phone',
			displayName: 'Phone',
			values: [
				{
					displayName: 'Number',
					name: 'number',
					type: 'string',
					default: '',
					placeholder: 'e.g. +7 931 604-70-33',
					description: 'Several numbers may be given separated by commas',
				},
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: typeOptions(PHONE_TYPES),
					default: 'WORK',
				},
			],
		},
	],
};

export const emailsField: INodeProperties = {
	displayName: 'Emails',
	name: 'emails',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Email',
	default: {},
	options: [
		{
			name: 'email',
			displayName: 'Email',
			values: [
				{
					displayName: 'Address',
					name: 'address',
					type: 'string',
					placeholder: 'e.g. name@email.com',
					default: '',
					description: 'Several addresses may be given separated by commas',
				},
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: typeOptions(EMAIL_TYPES),
					default: 'WORK',
				},
			],
		},
	],
};

export { limitField, returnAllField, simplifyField } from '../../shared/listFields';

export const entityTypeOptions = [
	{ name: 'Company', value: 'companies' },
	{ name: 'Contact', value: 'contacts' },
	{ name: 'Lead', value: 'leads' },
];

/** "a, b, ,c" → [{name:'a'},{name:'b'},{name:'c'}] */
export function tagRefs(text: unknown): IDataObject[] {
	return String(text ?? '')
		.split(',')
		.map((t) => t.trim())
		.filter(Boolean)
		.map((name) => ({ name }));
}

/** Unix seconds from an n8n date-time parameter (ISO text, Luxon object or number). */
export function unixSeconds(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return Math.floor(value > 1e12 ? value / 1000 : value);
	const ms = Date.parse(String(value));
	return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** Record IDs from one ID or several separated by commas; anything else is refused with `refusal(part)`. */
export function recordIds(
	ctx: IExecuteFunctions,
	itemIndex: number,
	text: unknown,
	refusal: (part: string) => string,
): number[] {
	return String(text ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
		.map((part) => {
			const id = Number(part);
			if (!Number.isInteger(id) || id <= 0)
				throw new NodeOperationError(ctx.getNode(), refusal(part), { itemIndex });
			return id;
		});
}

export const entityIdRefusal = (part: string) =>
	`Entity ID takes record IDs separated by commas; "${part}" is not one`;

export function optionalNumber(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const n = Number(value);
	return Number.isFinite(n) ? n : undefined;
}
