import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { dropdown } from './common';

/** Rows of service fields (a fixed list) and custom fields (from the CRM) to set. */
export const fieldUpdatesField = (
	service: Array<{ name: string; value: number }>,
	customMethod: string,
): INodeProperties => {
	const serviceField: INodeProperties = {
		displayName: 'Field',
		name: 'inputId',
		type: 'options',
		options: service,
		default: 0,
	};
	serviceField.default = service[0].value;
	return {
		displayName: 'Fields',
		name: 'fields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				name: 'service',
				displayName: 'Service Field',
				values: [
					serviceField,
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
			{
				name: 'custom',
				displayName: 'Custom Field',
				values: [
					dropdown('Field Name or ID', 'inputId', customMethod),
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	};
};

/** `fields` for updateLeadValue / updateClientValue: value_type_id 1 = service, 2 = custom. */
export function fieldUpdates(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const chosen = ctx.getNodeParameter('fields', itemIndex, {}) as {
		service?: IDataObject[];
		custom?: IDataObject[];
	};
	const fields = [
		...(chosen.service ?? []).map((f) => ({
			input_id: Number(f.inputId),
			value: String(f.value ?? ''),
			value_type_id: 1,
		})),
		...(chosen.custom ?? []).map((f) => ({
			input_id: Number(f.inputId),
			value: String(f.value ?? ''),
			value_type_id: 2,
		})),
	];
	if (!fields.length)
		throw new NodeOperationError(ctx.getNode(), 'Choose at least one field to update', {
			itemIndex,
		});
	return fields;
}
