import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { numbersFromStrings } from '../../helpers/simplify';
import { envyboxApiRequest } from '../../transport';
import { dropdown, idField, idParameter } from '../common';
import { dealIdField } from './fields';

const properties: INodeProperties[] = [
	dealIdField,
	{
		...idField('Client ID', 'clientId', 'e.g. 549342'),
		description: 'The deal’s client; Envybox refuses the change when it does not match',
	},
	{
		displayName: 'Deal Name',
		name: 'dealName',
		type: 'string',
		default: '',
		description: 'New name of the deal (its service field); empty keeps it',
	},
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				name: 'field',
				displayName: 'Field',
				values: [
					dropdown('Field Name or ID', 'inputId', 'getDealCustomFields'),
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['updateFields'] } },
	properties,
);

/** Deal name is service field 2001; value_type_id 1 = service, 2 = custom. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const fields: IDataObject[] = [];
		const name = String(this.getNodeParameter('dealName', i, '') ?? '').trim();
		if (name) fields.push({ input_id: 2001, value: name, value_type_id: 1 });
		for (const f of ((this.getNodeParameter('customFields', i, {}) as IDataObject).field ??
			[]) as IDataObject[]) {
			fields.push({ input_id: Number(f.inputId), value: String(f.value ?? ''), value_type_id: 2 });
		}
		if (!fields.length)
			throw new NodeOperationError(this.getNode(), 'Choose at least one field to update', {
				itemIndex: i,
			});
		const request = {
			deal_id: idParameter(this, 'dealId', i, 'a deal ID'),
			client_id: idParameter(this, 'clientId', i, 'a client ID'),
			fields,
		};
		const result = (await envyboxApiRequest.call(this, 'POST', 'deal/updateDealValue', request))
			.result as IDataObject;
		return numbersFromStrings(result ?? request);
	});
}
