import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWrite } from '../../transport/batch';
import { collection } from '../common.descriptions';
import { taskBody, taskFieldOptions, taskIdField, taskIdOf, type TaskFields } from './fields';

const properties: INodeProperties[] = [
	taskIdField,
	collection('Update Fields', 'updateFields', [
		{ displayName: 'Due', name: 'completeTill', type: 'dateTime', default: '' },
		...taskFieldOptions,
		{ displayName: 'Text', name: 'text', type: 'string', default: '' },
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['update'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: (i) => ({
			id: taskIdOf(this, i),
			...taskBody(this, this.getNodeParameter('updateFields', i, {}) as TaskFields, i, true),
		}),
		write: async (entries) =>
			await amoCrmBatchWrite.call(this, {
				method: 'PATCH',
				endpoint: '/api/v4/tasks',
				embeddedKey: 'tasks',
				entries,
				idempotent: true,
			}),
		present: (result, _i, sent) => ({ ...(sent as IDataObject), updated_at: result.updated_at }),
	});
}
