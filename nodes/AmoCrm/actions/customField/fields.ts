import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText } from '../../../shared/text';
import {
	type EntityPath,
	type FieldDefinition,
	fieldDefinitions,
	type FieldOwner,
	fieldOwnerPath,
	findField,
} from '../../helpers/customFields';
import { catalogIdField, knownCatalog } from '../catalog/catalogs';

/** Whose fields can be created and changed through the API. */
export const FIELD_ENTITY_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Catalog', value: 'catalogs' },
	{ name: 'Company', value: 'companies' },
	{ name: 'Contact', value: 'contacts' },
	{ name: 'Customer', value: 'customers' },
	{ name: 'Lead', value: 'leads' },
];

/**
 * The catalog whose fields (or field groups) the operation works on, shown when Entity Type is Catalog.
 * The operation comes before Entity Type in its display conditions: n8n shows a parameter as soon as it
 * meets a condition on a parameter that holds an expression, so an Entity Type expression would otherwise
 * show the Catalog of every operation. It is not marked required, so that an Entity Type expression
 * (which shows it) leaves no issue to fix when it resolves to an entity type.
 */
export function fieldCatalogField(operation: string): INodeProperties {
	const field: INodeProperties = {
		...catalogIdField,
		displayOptions: {
			show: { resource: ['customField'], operation: [operation], entityType: ['catalogs'] },
		},
	};
	delete field.required;
	return field;
}

const COMMON = [
	'checkbox',
	'date',
	'date_time',
	'file',
	'multiselect',
	'numeric',
	'radiobutton',
	'select',
	'streetaddress',
	'text',
	'textarea',
	'url',
];
const EVERYWHERE = [...COMMON, 'monetary'];
/** The field types amoCRM lets each entity have; `chained_list` and `monetary` also need its paid Super-fields option. */
export const ALLOWED_FIELD_TYPES: Record<string, string[]> = {
	contacts: [...EVERYWHERE, 'birthday', 'legal_entity', 'multitext', 'smart_address'],
	leads: [
		...EVERYWHERE,
		'birthday',
		'chained_list',
		'legal_entity',
		'smart_address',
		'tracking_data',
	],
	companies: [...EVERYWHERE, 'birthday', 'legal_entity', 'smart_address'],
	customers: [...EVERYWHERE, 'chained_list'],
	catalogs: [...COMMON, 'category', 'items', 'linked_entity', 'price'],
};
/** Field types only the invoices catalog (invoices and purchases) takes, besides the catalog ones. */
export const INVOICE_CATALOG_FIELD_TYPES = ['payer', 'supplier'];
/** Types whose choices are `enums`; a catalog's `category` field keeps its values in `nested` instead. */
export const TYPES_WITH_OPTIONS = ['multiselect', 'radiobutton', 'select'];

/** Whose fields an item works on: an entity type, or a catalog checked to exist in the account. */
export interface FieldOwnerChoice {
	entity: string;
	/** What goes before `/custom_fields` in the path. */
	path: FieldOwner;
	catalog?: IDataObject;
}

export async function chosenOwner(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<FieldOwnerChoice> {
	const entity = ctx.getNodeParameter('entityType', itemIndex) as string;
	if (entity !== 'catalogs') return { entity, path: fieldOwnerPath(entity as EntityPath) };
	const catalog = await knownCatalog(ctx, itemIndex);
	return { entity, path: fieldOwnerPath('catalogs', Number(catalog.id)), catalog };
}

/** How the output names whose field or group it is. */
export function ownerOutput(owner: FieldOwnerChoice): IDataObject {
	return owner.catalog
		? { entity_type: owner.entity, catalog_id: Number(owner.catalog.id) }
		: { entity_type: owner.entity };
}

/** The field types the owner may have: a catalog's depend on whether it is the invoices catalog. */
export function allowedFieldTypes(owner: FieldOwnerChoice): string[] {
	const types = ALLOWED_FIELD_TYPES[owner.entity] ?? [];
	return owner.catalog?.type === 'invoices' ? [...types, ...INVOICE_CATALOG_FIELD_TYPES] : types;
}

/** amoCRM puts catalog fields in a group through the group (Update Group), not through the field. */
export function refuseCatalogGroupId(
	ctx: IExecuteFunctions,
	owner: FieldOwnerChoice,
	groupId: unknown,
	itemIndex: number,
) {
	if (owner.catalog && groupId !== undefined) {
		throw new NodeOperationError(ctx.getNode(), 'A catalog field does not take a Group ID', {
			itemIndex,
			description:
				'Move the field into the group with Custom Field → Update Group → Move Fields Here.',
		});
	}
}

/** "Web, Phone" or one option per line → the option texts, each once. */
export function optionTexts(raw: unknown): string[] {
	const texts = (Array.isArray(raw) ? raw.map(asText) : asText(raw).split(/\r?\n|,/))
		.map((text) => text.trim())
		.filter(Boolean);
	return [...new Set(texts)];
}

/** The field chosen in the Field parameter, from the owner's definitions (read once per run). */
export async function chosenField(
	ctx: IExecuteFunctions,
	owner: FieldOwner,
	itemIndex: number,
): Promise<FieldDefinition & IDataObject> {
	const key = asText(ctx.getNodeParameter('fieldId', itemIndex, '')).trim();
	if (!key)
		throw new NodeOperationError(ctx.getNode(), 'No field is chosen', {
			itemIndex,
			description: 'Choose the custom field to change.',
		});
	return findField(
		ctx,
		owner,
		await fieldDefinitions(ctx, owner),
		key,
		itemIndex,
	) as FieldDefinition & IDataObject;
}
