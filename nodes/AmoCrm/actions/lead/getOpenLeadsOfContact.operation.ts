import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyLead, withoutLinks } from '../../helpers/simplify';
import { amoCrmGetByIds } from '../../transport';
import { contactLocator, optionalNumber, optionsCollection, pipelineField, recordIdParameter, simplifyField } from '../common.descriptions';
import { readOne } from '../read';
import { isOpenStatus } from './fields';

const properties: INodeProperties[] = [
	contactLocator(),
	simplifyField,
	optionsCollection([{ ...pipelineField, description: 'Only open leads of this pipeline' }]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['getOpenLeadsOfContact'] } },
	properties,
);

/** Open = not won (142) and not lost (143). Most recently updated first, one item per lead. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const contactId = recordIdParameter(this, 'contactId', i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const pipeline = optionalNumber(options.pipelineId);
		const contact = await readOne(this, 'contacts', contactId, i, 'leads');
		const leadIds = (((contact._embedded as IDataObject | undefined)?.leads ?? []) as IDataObject[]).map((l) => Number(l.id));
		const leads = await amoCrmGetByIds.call(this, '/api/v4/leads', 'leads', leadIds);
		const open = leads
			.filter((lead) => isOpenStatus(lead.status_id))
			.filter((lead) => pipeline === undefined || lead.pipeline_id === pipeline)
			.sort((a, b) => Number(b.updated_at) - Number(a.updated_at) || Number(b.id) - Number(a.id));
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return open.map((lead) => ({ ...(simplify ? simplifyLead(lead) : withoutLinks(lead)), contact_id: contactId }));
	});
}
