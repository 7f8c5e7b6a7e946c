import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmBatchWriteByGroup } from '../../transport/batch';
import { FIELD_ENTITY_OPTIONS } from './fields';

const properties: INodeProperties[] = [
	{ displayName: 'Entity Type', name: 'entityType', type: 'options', options: FIELD_ENTITY_OPTIONS, default: 'leads', description: 'Whose cards get the new tab' },
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, placeholder: 'e.g. Доставка' },
	{ displayName: 'Sort', name: 'sort', type: 'number', default: 10, description: 'Position among the tabs' },
];

export const description = updateDisplayOptions({ show: { resource: ['customField'], operation: ['createGroup'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const entityOf = new Map<number, string>();
	return await batchItems.call(this, items, {
		prepare: (i) => {
			const name = String(this.getNodeParameter('name', i, '')).trim();
			if (!name) throw new NodeOperationError(this.getNode(), 'The group needs a name', { itemIndex: i, description: 'Name is empty in this item.' });
			const sort = Number(this.getNodeParameter('sort', i, 10));
			if (!Number.isInteger(sort)) throw new NodeOperationError(this.getNode(), `Sort must be a whole number, not ${sort}`, { itemIndex: i });
			entityOf.set(i, this.getNodeParameter('entityType', i) as string);
			return { name, sort };
		},
		write: async (entries) =>
			await amoCrmBatchWriteByGroup.call(this, entries, (entry) => entityOf.get(entry.itemIndex)!, (entity) => ({
				method: 'POST',
				endpoint: `/api/v4/${entity}/custom_fields/groups`,
				embeddedKey: 'custom_field_groups',
			})),
		present: (result) => withoutLinks(result),
	});
}
