import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyLead, withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequest } from '../../transport';
import { entityIdParameter, leadLocator, simplifyField } from '../common.descriptions';

const properties: INodeProperties[] = [
	leadLocator(),
	simplifyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Include Contacts', name: 'withContacts', type: 'boolean', default: false, description: 'Whether to include the IDs of the linked contacts' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = entityIdParameter(this, 'leadId', i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const lead = await amoCrmApiRequest.call(this, 'GET', `/api/v4/leads/${id}`, undefined, options.withContacts ? { with: 'contacts' } : {});
		if (!lead) throw new NodeOperationError(this.getNode(), `amoCRM has no lead with ID ${id}`, { itemIndex: i });
		return this.getNodeParameter('simplify', i, true) ? simplifyLead(lead) : withoutLinks(lead);
	});
}
