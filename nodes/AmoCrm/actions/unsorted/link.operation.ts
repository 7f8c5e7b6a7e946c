import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import { leadLocator, recordIdParameter } from '../common.descriptions';
import { uidField, uidParameter } from './fields';

const properties: INodeProperties[] = [
	{
		...uidField,
		description: 'The UID of an incoming chat; amoCRM links only chats, and only for admins',
	},
	leadLocator('leadId', 'Lead'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['unsorted'], operation: ['link'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const uid = uidParameter(this, i);
		const leadId = recordIdParameter(this, 'leadId', i);
		await amoCrmApiRequest.call(this, 'POST', `/api/v4/leads/unsorted/${uid}/link`, {
			link: { entity_id: leadId, entity_type: 'leads' },
		});
		return { uid, linked: true, lead_id: leadId };
	});
}
