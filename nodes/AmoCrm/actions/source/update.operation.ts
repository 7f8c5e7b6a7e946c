import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWrite } from '../../transport/batch';
import { collection } from '../common.descriptions';
import {
	presentSource,
	sourceBody,
	sourceFieldOptions,
	sourceIdField,
	sourceIdOf,
	type SourceFields,
} from './fields';

const properties: INodeProperties[] = [
	sourceIdField,
	collection('Update Fields', 'updateFields', [
		...sourceFieldOptions.slice(0, 2),
		{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. Лендинг' },
		...sourceFieldOptions.slice(2),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['source'], operation: ['update'] } },
	properties,
);

/** Changes sources, 50 per request. The external ID cannot be changed: amoCRM keeps the one a source was made with. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: (i) => {
			const id = sourceIdOf(this, i);
			const changes = sourceBody(
				this,
				this.getNodeParameter('updateFields', i, {}) as SourceFields,
				i,
			);
			if (!Object.keys(changes).length)
				throw new NodeOperationError(this.getNode(), 'No fields to update were given', {
					itemIndex: i,
					description: 'Add at least one field under Update Fields.',
				});
			return { id, ...changes };
		},
		write: async (entries) =>
			await amoCrmBatchWrite.call(this, {
				method: 'PATCH',
				endpoint: '/api/v4/sources',
				embeddedKey: 'sources',
				entries,
				batchSize: 50,
				idempotent: true,
			}),
		present: (result) => presentSource(result),
	});
}
