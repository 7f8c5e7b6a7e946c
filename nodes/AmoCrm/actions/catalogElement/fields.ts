import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildCustomFieldValues, type CustomFieldInput } from '../../helpers/customFields';
import { customFieldsField, idParameter } from '../common.descriptions';

export const elementIdField: INodeProperties = {
	displayName: 'Element ID',
	name: 'elementId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 90000001',
	description: 'ID of the catalog element (Catalog Element → Get Many finds elements by name)',
};

export const elementIdParameter = (ctx: IExecuteFunctions, itemIndex: number) => idParameter(ctx, 'elementId', itemIndex, 'an element ID');

export const elementCustomFieldsField = customFieldsField('catalogs');

/** The custom field values of an element from the Custom Fields rows, shaped by the catalog's field types. */
export async function elementCustomFields(ctx: IExecuteFunctions, catalogId: number, fields: IDataObject, itemIndex: number): Promise<IDataObject> {
	const rows = ((fields.customFields as IDataObject | undefined)?.field ?? []) as CustomFieldInput[];
	const values = await buildCustomFieldValues(ctx, `catalogs/${catalogId}`, rows, itemIndex);
	return values.length ? { custom_fields_values: values } : {};
}
