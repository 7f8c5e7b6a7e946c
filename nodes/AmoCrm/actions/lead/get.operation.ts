import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyLead, withoutLinks } from '../../helpers/simplify';
import {
	leadLocator,
	optionsCollection,
	recordIdParameter,
	simplifyField,
} from '../common.descriptions';
import { readOne } from '../read';

const properties: INodeProperties[] = [
	leadLocator(),
	simplifyField,
	optionsCollection([
		{
			displayName: 'Include Contacts',
			name: 'withContacts',
			type: 'boolean',
			default: false,
			description: 'Whether to include the IDs of the linked contacts',
		},
		{
			displayName: 'Include Products',
			name: 'withProducts',
			type: 'boolean',
			default: false,
			description:
				'Whether to include the products (catalog elements) of the lead with their quantities; Get Products adds their names and prices',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = recordIdParameter(this, 'leadId', i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const withs = [
			options.withContacts ? 'contacts' : '',
			options.withProducts ? 'catalog_elements' : '',
		].filter(Boolean);
		const lead = await readOne(this, 'leads', id, i, withs.join(',') || undefined);
		return this.getNodeParameter('simplify', i, true) ? simplifyLead(lead) : withoutLinks(lead);
	});
}
