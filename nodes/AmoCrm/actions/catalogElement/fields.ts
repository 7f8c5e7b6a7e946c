import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildCustomFieldValues, type CustomFieldInput } from '../../helpers/customFields';
import { customFieldsField, idParameter, recordLocator } from '../common.descriptions';

/**
 * A catalog element: picked from the elements of the catalog chosen in Catalog (searched by name,
 * SKU or any filled field), or given by ID. amoCRM documents no web address of one element, so there
 * is no By URL mode. Saved workflows may hold a plain ID or expression here; it is read as an ID.
 */
export const elementLocator = (displayName: string, description: string): INodeProperties => ({
	...recordLocator('elementId', displayName, 'searchCatalogElements', undefined, 'e.g. 90000001'),
	// A different catalog clears the pick: an element belongs to one catalog.
	typeOptions: { loadOptionsDependsOn: ['catalogId'] },
	description,
	hint: 'The list shows the elements of the catalog chosen above, and stays empty until one is chosen',
});

export const elementField = elementLocator(
	'Element',
	'The catalog element: search it by name or SKU, or give its ID',
);

/** The element ID of a locator, or of a plain ID or expression as older workflows hold it. */
export const elementIdParameter = (ctx: IExecuteFunctions, itemIndex: number) =>
	idParameter(
		ctx,
		'elementId',
		itemIndex,
		'an element ID',
		'Pick the element from the list, or give its numeric ID.',
	);

export const elementCustomFieldsField = customFieldsField('catalogs');

/** The custom field values of an element from the Custom Fields rows, shaped by the catalog's field types. */
export async function elementCustomFields(
	ctx: IExecuteFunctions,
	catalogId: number,
	fields: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const rows = ((fields.customFields as IDataObject | undefined)?.field ??
		[]) as CustomFieldInput[];
	const values = await buildCustomFieldValues(ctx, `catalogs/${catalogId}`, rows, itemIndex);
	return values.length ? { custom_fields_values: values } : {};
}
