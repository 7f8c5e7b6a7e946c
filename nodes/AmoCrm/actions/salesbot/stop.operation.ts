import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import { leadLocator, recordIdParameter } from '../common.descriptions';
import { botIdParameter } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Salesbot Name or ID',
		name: 'botId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSalesbots' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	leadLocator(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['salesbot'], operation: ['stop'] } },
	properties,
);

/** amoCRM stops a bot on a lead only, one bot and lead per request. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const botId = botIdParameter(this, i);
		const leadId = recordIdParameter(this, 'leadId', i);
		await amoCrmApiRequest.call(
			this,
			'POST',
			`/api/v4/bots/${botId}/stop`,
			{ entity_id: leadId, entity_type: 'leads' },
			undefined,
			true,
		);
		return { botId, leadId, stopped: true };
	});
}
