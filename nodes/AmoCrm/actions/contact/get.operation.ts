import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyContact, withoutLinks } from '../../helpers/simplify';
import {
	contactLocator,
	optionsCollection,
	recordIdParameter,
	simplifyField,
} from '../common.descriptions';
import { readOne } from '../read';

const properties: INodeProperties[] = [
	contactLocator(),
	simplifyField,
	optionsCollection([
		{
			displayName: 'Include Leads',
			name: 'withLeads',
			type: 'boolean',
			default: false,
			description: 'Whether to include the IDs of the leads linked to the contact',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = recordIdParameter(this, 'contactId', i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const contact = await readOne(this, 'contacts', id, i, options.withLeads ? 'leads' : undefined);
		return this.getNodeParameter('simplify', i, true)
			? simplifyContact(contact)
			: withoutLinks(contact);
	});
}
