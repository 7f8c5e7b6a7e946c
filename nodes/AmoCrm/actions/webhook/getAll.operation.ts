import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Destination',
		name: 'destination',
		type: 'string',
		default: '',
		description: 'Only the subscription of this exact URL; all when empty',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const destination = String(this.getNodeParameter('destination', i, '') ?? '').trim();
		const answer = await amoCrmApiRequest.call(
			this,
			'GET',
			'/api/v4/webhooks',
			undefined,
			destination ? { 'filter[destination]': destination } : {},
		);
		return ((answer?._embedded as IDataObject | undefined)?.webhooks ?? []) as IDataObject[];
	});
}
