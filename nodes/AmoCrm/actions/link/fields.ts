import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { entityTypeOptions, idParameter } from '../common.descriptions';

export const linkFields: INodeProperties[] = [
	{
		displayName: 'From Entity Type',
		name: 'fromEntityType',
		type: 'options',
		options: entityTypeOptions,
		default: 'leads',
	},
	{
		displayName: 'From Entity ID',
		name: 'fromEntityId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 30000001',
	},
	{
		displayName: 'To Entity Type',
		name: 'toEntityType',
		type: 'options',
		options: entityTypeOptions,
		default: 'contacts',
	},
	{
		displayName: 'To Entity ID',
		name: 'toEntityId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 20000001',
	},
];

// Pairs amoCRM links (each is also readable from the other side).
const ALLOWED: Record<string, string[]> = {
	leads: ['contacts', 'companies'],
	contacts: ['companies', 'leads'],
	companies: ['contacts', 'leads'],
};

export function linkEntry(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { fromType: string; body: IDataObject } {
	const fromType = ctx.getNodeParameter('fromEntityType', itemIndex) as string;
	const toType = ctx.getNodeParameter('toEntityType', itemIndex) as string;
	const id = (name: string) => idParameter(ctx, name, itemIndex);
	if (!ALLOWED[fromType]?.includes(toType)) {
		throw new NodeOperationError(ctx.getNode(), `amoCRM does not link ${fromType} to ${toType}`, {
			itemIndex,
			description:
				'Leads link to contacts and companies; contacts and companies link to each other and to leads.',
		});
	}
	// amoCRM keeps a lead's contacts on the lead side: link from the lead so the main-contact flag applies.
	if (toType === 'leads') {
		return {
			fromType: 'leads',
			body: {
				entity_id: id('toEntityId'),
				to_entity_id: id('fromEntityId'),
				to_entity_type: fromType,
			},
		};
	}
	return {
		fromType,
		body: { entity_id: id('fromEntityId'), to_entity_id: id('toEntityId'), to_entity_type: toType },
	};
}
