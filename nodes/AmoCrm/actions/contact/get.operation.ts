import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyContact, withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequest } from '../../transport';
import { contactLocator, entityIdParameter, simplifyField } from '../common.descriptions';

const properties: INodeProperties[] = [
	contactLocator(),
	simplifyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Leads',
				name: 'withLeads',
				type: 'boolean',
				default: false,
				description: 'Whether to include the IDs of the leads linked to the contact',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = entityIdParameter(this, 'contactId', i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const contact = await amoCrmApiRequest.call(this, 'GET', `/api/v4/contacts/${id}`, undefined, options.withLeads ? { with: 'leads' } : {});
		if (!contact) throw new NodeOperationError(this.getNode(), `amoCRM has no contact with ID ${id}`, { itemIndex: i });
		return this.getNodeParameter('simplify', i, true) ? simplifyContact(contact) : withoutLinks(contact);
	});
}
