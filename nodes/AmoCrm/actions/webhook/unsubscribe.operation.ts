import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import { destinationField, destinationParameter } from './destination';

const properties: INodeProperties[] = [destinationField];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['unsubscribe'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const destination = destinationParameter(this, i);
		await amoCrmApiRequest.call(
			this,
			'DELETE',
			'/api/v4/webhooks',
			{ destination },
			undefined,
			true,
		);
		return { destination, unsubscribed: true };
	});
}
