import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyLead, withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequest, amoCrmApiRequestAllItems } from '../../transport';
import { contactLocator, entityIdParameter, optionalNumber, pipelineField, simplifyField } from '../common.descriptions';

const WON = 142;
const LOST = 143;

const properties: INodeProperties[] = [
	contactLocator(),
	simplifyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ ...pipelineField, description: 'Only open leads of this pipeline' }],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['getOpenLeadsOfContact'] } },
	properties,
);

/** Open = not won (142) and not lost (143). Most recently updated first, one item per lead. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const contactId = entityIdParameter(this, 'contactId', i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const pipeline = optionalNumber(options.pipelineId);
		const contact = await amoCrmApiRequest.call(this, 'GET', `/api/v4/contacts/${contactId}`, undefined, { with: 'leads' });
		if (!contact) throw new NodeOperationError(this.getNode(), `amoCRM has no contact with ID ${contactId}`, { itemIndex: i });
		const leadIds = (((contact._embedded as IDataObject | undefined)?.leads ?? []) as IDataObject[]).map((l) => Number(l.id));
		const leads: IDataObject[] = [];
		for (let start = 0; start < leadIds.length; start += 250) {
			leads.push(...(await amoCrmApiRequestAllItems.call(this, '/api/v4/leads', 'leads', { 'filter[id]': leadIds.slice(start, start + 250) })));
		}
		const open = leads
			.filter((lead) => lead.status_id !== WON && lead.status_id !== LOST)
			.filter((lead) => pipeline === undefined || lead.pipeline_id === pipeline)
			.sort((a, b) => Number(b.updated_at) - Number(a.updated_at) || Number(b.id) - Number(a.id));
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return open.map((lead) => ({ ...(simplify ? simplifyLead(lead) : withoutLinks(lead)), contact_id: contactId }));
	});
}
