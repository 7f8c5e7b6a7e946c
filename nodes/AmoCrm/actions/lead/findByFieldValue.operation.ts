import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyLead } from '../../helpers/simplify';
import { simplifyField } from '../common.descriptions';
import { findByFieldValue } from '../findByFieldValue';

const properties: INodeProperties[] = [
	{
		displayName: 'Field Name or ID',
		name: 'field',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getLeadCustomFields' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ЗК-10482',
		description:
			'The value the field must hold: compared whole, ignoring case and extra spaces (numbers as numbers, phones and emails normalised). Every lead amoCRM finds by full-text search is checked against this field.',
	},
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['findByFieldValue'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await findByFieldValue.call(this, items, 'leads', simplifyLead);
}
