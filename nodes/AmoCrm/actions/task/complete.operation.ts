import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWrite } from '../../transport/batch';
import { taskIdField, taskIdOf } from './fields';

const properties: INodeProperties[] = [
	taskIdField,
	{
		displayName: 'Result',
		name: 'resultText',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. Клиент перезвонит завтра',
		description: 'What came of the task; shown on the completed task in amoCRM',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['complete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: (i) => {
			const body: IDataObject = { id: taskIdOf(this, i), is_completed: true };
			const text = String(this.getNodeParameter('resultText', i, '') ?? '').trim();
			if (text) body.result = { text };
			return body;
		},
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
