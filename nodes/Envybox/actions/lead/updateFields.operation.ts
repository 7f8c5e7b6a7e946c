import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { idParameter } from '../common';
import { leadIdField } from './fields';

/** Service fields of a lead with the input IDs Envybox gives them. */
const SERVICE_FIELDS: Array<[string, number]> = [
	['Name', 1],
	['Phone', 2],
	['Email', 3],
	['Comment', 4],
	['UTM Source', 5],
	['UTM Medium', 6],
	['UTM Campaign', 7],
	['UTM Content', 8],
	['UTM Term', 9],
];

const properties: INodeProperties[] = [
	leadIdField,
	{
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
					{ displayName: 'Field', name: 'inputId', type: 'options', options: SERVICE_FIELDS.map(([name, value]) => ({ name, value })), default: 1 },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
			{
				name: 'custom',
				displayName: 'Custom Field',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'inputId',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getLeadCustomFields' },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['updateFields'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const leadId = idParameter(this, 'leadId', i, 'a lead ID');
		const chosen = this.getNodeParameter('fields', i, {}) as { service?: IDataObject[]; custom?: IDataObject[] };
		// value_type_id: 1 = service field, 2 = custom field (reference §9).
		const fields = [
			...(chosen.service ?? []).map((f) => ({ input_id: Number(f.inputId), value: String(f.value ?? ''), value_type_id: 1 })),
			...(chosen.custom ?? []).map((f) => ({ input_id: Number(f.inputId), value: String(f.value ?? ''), value_type_id: 2 })),
		];
		if (!fields.length) throw new NodeOperationError(this.getNode(), 'Choose at least one field to update', { itemIndex: i });
		await envyboxApiRequest.call(this, 'POST', 'lead/updateLeadValue', { lead_id: leadId, fields });
		return { lead_id: leadId, updated: fields };
	});
}
