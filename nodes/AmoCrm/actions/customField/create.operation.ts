import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { asText } from '../../../shared/text';
import { batchItems } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmBatchWriteByGroup } from '../../transport/batch';
import {
	allowedFieldTypes,
	chosenOwner,
	fieldCatalogField,
	FIELD_ENTITY_OPTIONS,
	type FieldOwnerChoice,
	INVOICE_CATALOG_FIELD_TYPES,
	optionTexts,
	ownerOutput,
	refuseCatalogGroupId,
	TYPES_WITH_OPTIONS,
} from './fields';

/** What a linked_entity field can search, besides a catalog (by its ID). */
const SEARCH_IN = ['contacts', 'companies', 'contacts_and_companies'];

const properties: INodeProperties[] = [
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		options: FIELD_ENTITY_OPTIONS,
		default: 'leads',
		description: 'Whose field to create',
	},
	fieldCatalogField('create'),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Номер заказа',
	},
	{
		displayName: 'Field Type',
		name: 'fieldType',
		type: 'options',
		options: [
			{ name: 'Birthday', value: 'birthday' },
			{ name: 'Category', value: 'category' },
			{ name: 'Checkbox', value: 'checkbox' },
			{ name: 'Date', value: 'date' },
			{ name: 'Date and Time', value: 'date_time' },
			{ name: 'File', value: 'file' },
			{ name: 'Items (Invoice Lines)', value: 'items' },
			{ name: 'Legal Entity', value: 'legal_entity' },
			{ name: 'Linked Entity', value: 'linked_entity' },
			{ name: 'Long Text', value: 'textarea' },
			{ name: 'Money (Super-Fields Option)', value: 'monetary' },
			{ name: 'Multiselect', value: 'multiselect' },
			{ name: 'Number', value: 'numeric' },
			{ name: 'Payer', value: 'payer' },
			{ name: 'Price', value: 'price' },
			{ name: 'Radio Buttons', value: 'radiobutton' },
			{ name: 'Select', value: 'select' },
			{ name: 'Short Address', value: 'streetaddress' },
			{ name: 'Supplier', value: 'supplier' },
			{ name: 'Text', value: 'text' },
			{ name: 'URL', value: 'url' },
		],
		default: 'text',
		description:
			'Birthday and Legal Entity are for contacts, leads and companies; Money is not for catalogs; Category, Items, Linked Entity and Price are for catalogs only; Payer and Supplier for the invoices catalog only',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'e.g. Сайт, Звонок, Рекомендация',
		displayOptions: { show: { fieldType: [...TYPES_WITH_OPTIONS, 'category'] } },
		description:
			'The choices, one per line or separated by commas; a select, multiselect or radio field needs at least one, a category may start empty',
	},
	{
		displayName: 'Search In',
		name: 'searchIn',
		type: 'string',
		default: 'contacts_and_companies',
		placeholder: 'e.g. contacts_and_companies',
		displayOptions: { show: { fieldType: ['linked_entity'] } },
		description:
			'What the field links to: contacts, companies, contacts_and_companies, or the ID of a catalog',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'API Only',
				name: 'isApiOnly',
				type: 'boolean',
				default: false,
				description:
					'Whether the field can be changed only through the API (read-only in amoCRM). Not for customers or catalogs.',
			},
			{
				displayName: 'Code',
				name: 'code',
				type: 'string',
				default: '',
				placeholder: 'e.g. ORDER_NUMBER',
				description:
					'A code to write values by instead of the field ID; unique among the entity’s fields',
			},
			{
				displayName: 'Group ID',
				name: 'groupId',
				type: 'string',
				default: '',
				placeholder: 'e.g. leads_29741591099841',
				description:
					'The tab (field group) the field goes in; see Custom Field → Get Groups. Not for catalogs: move a catalog field with Update Group.',
			},
			{
				displayName: 'Sort',
				name: 'sort',
				type: 'number',
				default: 500,
				description: 'Position among the entity’s fields',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customField'], operation: ['create'] } },
	properties,
);

function typeRefusal(
	ctx: IExecuteFunctions,
	owner: FieldOwnerChoice,
	type: string,
	itemIndex: number,
): NodeOperationError {
	if (owner.catalog && INVOICE_CATALOG_FIELD_TYPES.includes(type)) {
		return new NodeOperationError(
			ctx.getNode(),
			`amoCRM allows a ${type} field only in the invoices catalog`,
			{
				itemIndex,
				description: `Catalog ${String(owner.catalog.id)} ("${String(owner.catalog.name)}") is of type ${String(owner.catalog.type)}.`,
			},
		);
	}
	const where = owner.catalog ? 'a catalog' : owner.entity;
	return new NodeOperationError(
		ctx.getNode(),
		`amoCRM does not allow a ${type} field on ${where}`,
		{
			itemIndex,
			description: `Types for ${owner.catalog ? 'this catalog' : owner.entity}: ${allowedFieldTypes(owner).join(', ')}.`,
		},
	);
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const ownerOf = new Map<number, FieldOwnerChoice>();
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const type = this.getNodeParameter('fieldType', i) as string;
			const name = String(this.getNodeParameter('name', i, '')).trim();
			const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
			const fail = (message: string, description: string) =>
				new NodeOperationError(this.getNode(), message, { itemIndex: i, description });
			if (!name) throw fail('The field needs a name', 'Name is empty in this item.');
			const owner = await chosenOwner(this, i);
			if (!allowedFieldTypes(owner).includes(type)) throw typeRefusal(this, owner, type, i);
			refuseCatalogGroupId(this, owner, extra.groupId, i);
			const body: IDataObject = { type, name, sort: Number(extra.sort ?? 500) };
			if (TYPES_WITH_OPTIONS.includes(type) || type === 'category') {
				const options = optionTexts(this.getNodeParameter('options', i, ''));
				if (!options.length && type !== 'category')
					throw fail(
						`A ${type} field needs options`,
						'Give the choices in Options, one per line or separated by commas.',
					);
				if (options.length)
					body[type === 'category' ? 'nested' : 'enums'] = options.map((value, index) => ({
						value,
						sort: (index + 1) * 10,
					}));
			}
			if (type === 'linked_entity') {
				const searchIn = asText(this.getNodeParameter('searchIn', i, '')).trim();
				if (!SEARCH_IN.includes(searchIn) && !/^\d+$/.test(searchIn)) {
					throw fail(
						`"${searchIn}" is not something a linked entity field can search`,
						'Search In takes contacts, companies, contacts_and_companies, or the ID of a catalog.',
					);
				}
				body.search_in = searchIn;
			}
			if (extra.code) body.code = String(extra.code).trim();
			if (extra.groupId) body.group_id = String(extra.groupId).trim();
			if (extra.isApiOnly && owner.entity !== 'customers' && !owner.catalog)
				body.is_api_only = true;
			ownerOf.set(i, owner);
			return body;
		},
		// amoCRM's answer to a field write is not documented to echo request_id: answers are matched by position.
		write: async (entries) =>
			await amoCrmBatchWriteByGroup.call(
				this,
				entries,
				(entry) => ownerOf.get(entry.itemIndex)!.path,
				(path) => ({
					method: 'POST',
					endpoint: `/api/v4/${path}/custom_fields`,
					embeddedKey: 'custom_fields',
					omitRequestId: true,
				}),
			),
		present: (result, i) => ({ ...withoutLinks(result), ...ownerOutput(ownerOf.get(i)!) }),
	});
}
