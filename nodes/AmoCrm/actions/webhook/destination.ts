import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const destinationField: INodeProperties = {
	displayName: 'Destination',
	name: 'destination',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. https://n8n.example.com/webhook/amocrm',
	description: 'The URL amoCRM posts the events to',
};

export function destinationParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	const destination = String(ctx.getNodeParameter('destination', itemIndex, '') ?? '').trim();
	if (!/^https?:\/\/\S+$/i.test(destination)) {
		throw new NodeOperationError(ctx.getNode(), `"${destination}" is not a web address`, {
			itemIndex,
			description: 'Give the full URL, starting with https://.',
		});
	}
	return destination;
}
