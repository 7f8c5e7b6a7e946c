import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWriteByGroup } from '../../transport/batch';
import { tagEntityTypeField } from './fields';

const COLORS = [
	'EBEBEB',
	'FFE3BA',
	'FFC8C8',
	'FF8F92',
	'D6EAFF',
	'86C0FC',
	'EBFFB1',
	'BAFC8E',
	'F3BEFF',
	'CCC8F9',
];

const properties: INodeProperties[] = [
	tagEntityTypeField,
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. VIP',
	},
	{
		displayName: 'Color',
		name: 'color',
		type: 'color',
		default: '',
		placeholder: 'e.g. FF8F92',
		description: `Six hex digits, e.g. ${COLORS.slice(0, 4).join(', ')}; amoCRM's default when empty`,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const types = new Map<number, string>();
	return await batchItems.call(this, items, {
		prepare: (i) => {
			types.set(i, this.getNodeParameter('entityType', i) as string);
			const name = String(this.getNodeParameter('name', i, '')).trim();
			if (!name)
				throw new NodeOperationError(this.getNode(), 'A tag needs a name', { itemIndex: i });
			const color = String(this.getNodeParameter('color', i, ''))
				.trim()
				.replace(/^#/, '')
				.toUpperCase();
			if (color && !/^[0-9A-F]{6}$/.test(color)) {
				throw new NodeOperationError(this.getNode(), `"${color}" is not a tag color`, {
					itemIndex: i,
					description: 'Use six hex digits, e.g. FF8F92.',
				});
			}
			const body: IDataObject = { name };
			if (color) body.color = color;
			return body;
		},
		write: async (entries) =>
			await amoCrmBatchWriteByGroup.call(
				this,
				entries,
				(e) => types.get(e.itemIndex)!,
				(type) => ({
					method: 'POST',
					endpoint: `/api/v4/${type}/tags`,
					embeddedKey: 'tags',
				}),
			),
		present: (result, i, sent) => ({
			entity_type: types.get(i),
			id: result.id,
			name: result.name ?? sent.name,
			color: sent.color ?? null,
		}),
	});
}
