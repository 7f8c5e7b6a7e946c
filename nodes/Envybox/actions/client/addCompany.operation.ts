import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { idParameter } from '../common';
import { clientIdField } from './fields';

const OPTIONAL: Array<[string, string]> = [
	['Bank Name', 'bank_name'],
	['BIK', 'bik'],
	['Correspondent Account', 'correspondent_account'],
	['Full Name', 'full_name'],
	['General Manager', 'general_manager'],
	['KPP', 'kpp'],
	['Legal Address', 'legal_address'],
	['OGRN', 'ogrn'],
	['Payment Account', 'payment_account'],
	['Postal Address', 'postal_address'],
];

const properties: INodeProperties[] = [
	clientIdField,
	{
		displayName: 'Short Name',
		name: 'shortName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Империя',
	},
	{
		displayName: 'INN',
		name: 'inn',
		type: 'string',
		default: '',
		required: true,
		description: 'Taxpayer number: 10 digits for a company, 12 for a sole proprietor',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: OPTIONAL.map(
			([displayName, name]): INodeProperties => ({
				displayName,
				name,
				type: 'string',
				default: '',
			}),
		),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['addCompany'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const clientId = idParameter(this, 'clientId', i, 'a client ID');
		const shortName = String(this.getNodeParameter('shortName', i, '') ?? '').trim();
		const inn = String(this.getNodeParameter('inn', i, '') ?? '').replace(/\s/g, '');
		if (!shortName)
			throw new NodeOperationError(this.getNode(), 'A company needs a short name', {
				itemIndex: i,
			});
		if (!/^(\d{10}|\d{12})$/.test(inn))
			throw new NodeOperationError(this.getNode(), `"${inn}" is not an INN`, {
				itemIndex: i,
				description: 'An INN has 10 digits (company) or 12 (sole proprietor).',
			});
		const request: IDataObject = { short_name: shortName, inn: Number(inn) };
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		for (const [, key] of OPTIONAL) if (extra[key]) request[key] = String(extra[key]);
		const answer = await envyboxApiRequest.call(
			this,
			'POST',
			`client/${clientId}/addCompany`,
			request,
		);
		return (answer.result ?? {}) as IDataObject;
	});
}
