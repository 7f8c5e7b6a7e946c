import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { limitField, returnAllField } from '../common.descriptions';
import { readList } from '../read';
import { chosenOwner, fieldCatalogField, FIELD_ENTITY_OPTIONS } from './fields';

const FIELD_TYPES = [
	'birthday',
	'category',
	'chained_list',
	'checkbox',
	'date',
	'date_time',
	'file',
	'items',
	'legal_entity',
	'linked_entity',
	'monetary',
	'multiselect',
	'multitext',
	'numeric',
	'payer',
	'price',
	'radiobutton',
	'select',
	'smart_address',
	'streetaddress',
	'supplier',
	'text',
	'textarea',
	'tracking_data',
	'url',
];

/** Get Many reads the fields of leads, contacts, companies and catalogs. */
const LISTED_ENTITY_OPTIONS = FIELD_ENTITY_OPTIONS.filter((option) => option.value !== 'customers');

const properties: INodeProperties[] = [
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		options: LISTED_ENTITY_OPTIONS,
		default: 'leads',
		description: 'Whose fields to list',
	},
	fieldCatalogField('getAll'),
	returnAllField,
	limitField,
	{
		displayName: 'Field Types',
		name: 'types',
		type: 'multiOptions',
		options: FIELD_TYPES.map((value) => ({ name: value, value })),
		default: [],
		description: 'Only fields of these types; all when empty',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customField'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const owner = await chosenOwner(this, i);
		const types = this.getNodeParameter('types', i, []) as string[];
		const qs: IDataObject = { 'order[sort]': 'asc' };
		if (types.length) qs['filter[type]'] = types;
		return (
			await readList(this, i, `/api/v4/${owner.path}/custom_fields`, 'custom_fields', qs)
		).map(withoutLinks);
	});
}
