import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmBatchWriteByGroup } from '../../transport/batch';
import { ALLOWED_FIELD_TYPES, FIELD_ENTITY_OPTIONS, optionTexts, TYPES_WITH_OPTIONS } from './fields';

const properties: INodeProperties[] = [
	{ displayName: 'Entity Type', name: 'entityType', type: 'options', options: FIELD_ENTITY_OPTIONS, default: 'leads', description: 'Whose field to create' },
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, placeholder: 'e.g. Номер заказа' },
	{
		displayName: 'Field Type',
		name: 'fieldType',
		type: 'options',
		options: [
			{ name: 'Birthday', value: 'birthday' },
			{ name: 'Checkbox', value: 'checkbox' },
			{ name: 'Date', value: 'date' },
			{ name: 'Date and Time', value: 'date_time' },
			{ name: 'File', value: 'file' },
			{ name: 'Legal Entity', value: 'legal_entity' },
			{ name: 'Long Text', value: 'textarea' },
			{ name: 'Money (Super-Fields Option)', value: 'monetary' },
			{ name: 'Multiselect', value: 'multiselect' },
			{ name: 'Number', value: 'numeric' },
			{ name: 'Radio Buttons', value: 'radiobutton' },
			{ name: 'Select', value: 'select' },
			{ name: 'Short Address', value: 'streetaddress' },
			{ name: 'Text', value: 'text' },
			{ name: 'URL', value: 'url' },
		],
		default: 'text',
		description: 'Birthday and Legal Entity are for contacts, leads and companies only',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'e.g. Сайт, Звонок, Рекомендация',
		displayOptions: { show: { fieldType: TYPES_WITH_OPTIONS } },
		description: 'The choices, one per line or separated by commas; a select, multiselect or radio field needs at least one',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'API Only', name: 'isApiOnly', type: 'boolean', default: false, description: 'Whether the field can be changed only through the API (read-only in amoCRM). Not for customers.' },
			{ displayName: 'Code', name: 'code', type: 'string', default: '', placeholder: 'e.g. ORDER_NUMBER', description: 'A code to write values by instead of the field ID; unique among the entity’s fields' },
			{ displayName: 'Group ID', name: 'groupId', type: 'string', default: '', placeholder: 'e.g. leads_29741591099841', description: 'The tab (field group) the field goes in; see Custom Field → Get Groups' },
			{ displayName: 'Sort', name: 'sort', type: 'number', default: 500, description: 'Position among the entity’s fields' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['customField'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const entityOf = new Map<number, string>();
	return await batchItems.call(this, items, {
		prepare: (i) => {
			const entity = this.getNodeParameter('entityType', i) as string;
			const type = this.getNodeParameter('fieldType', i) as string;
			const name = String(this.getNodeParameter('name', i, '')).trim();
			const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
			const fail = (message: string, description: string) => new NodeOperationError(this.getNode(), message, { itemIndex: i, description });
			if (!name) throw fail('The field needs a name', 'Name is empty in this item.');
			if (!ALLOWED_FIELD_TYPES[entity]?.includes(type)) {
				throw fail(`amoCRM does not allow a ${type} field on ${entity}`, `Types for ${entity}: ${ALLOWED_FIELD_TYPES[entity]?.join(', ')}.`);
			}
			const body: IDataObject = { type, name, sort: Number(extra.sort ?? 500) };
			if (TYPES_WITH_OPTIONS.includes(type)) {
				const options = optionTexts(this.getNodeParameter('options', i, ''));
				if (!options.length) throw fail(`A ${type} field needs options`, 'Give the choices in Options, one per line or separated by commas.');
				body.enums = options.map((value, index) => ({ value, sort: (index + 1) * 10 }));
			}
			if (extra.code) body.code = String(extra.code).trim();
			if (extra.groupId) body.group_id = String(extra.groupId).trim();
			if (extra.isApiOnly && entity !== 'customers') body.is_api_only = true;
			entityOf.set(i, entity);
			return body;
		},
		// amoCRM's answer to a field write is not documented to echo request_id: answers are matched by position.
		write: async (entries) =>
			await amoCrmBatchWriteByGroup.call(this, entries, (entry) => entityOf.get(entry.itemIndex)!, (entity) => ({
				method: 'POST',
				endpoint: `/api/v4/${entity}/custom_fields`,
				embeddedKey: 'custom_fields',
				omitRequestId: true,
			})),
		present: (result, i) => ({ ...withoutLinks(result), entity_type: entityOf.get(i) }),
	});
}
