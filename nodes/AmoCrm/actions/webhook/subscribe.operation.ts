import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import { destinationField, destinationParameter } from './destination';
import { eventCodes, otherEventsField, WEBHOOK_EVENTS } from './events';

const properties: INodeProperties[] = [
	destinationField,
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: WEBHOOK_EVENTS,
		default: [],
	},
	otherEventsField,
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'number',
		default: 10,
		description: 'Order among the account’s webhooks',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['subscribe'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const destination = destinationParameter(this, i);
		let settings: string[];
		try {
			settings = eventCodes(
				this.getNodeParameter('events', i, []) as string[],
				String(this.getNodeParameter('otherEvents', i, '')),
			);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex: i });
		}
		if (!settings.length)
			throw new NodeOperationError(this.getNode(), 'Choose at least one event', { itemIndex: i });
		const sort = Math.round(Number(this.getNodeParameter('sort', i, 10)));
		// Subscribing the same destination again replaces its events (and switches it back on).
		return (
			(await amoCrmApiRequest.call(this, 'POST', '/api/v4/webhooks', {
				destination,
				settings,
				sort,
			})) ?? {}
		);
	});
}
