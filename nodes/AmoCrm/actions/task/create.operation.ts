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
import { taskBody, taskFieldOptions, type TaskFields } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Обработать заявку от клиента',
	},
	{
		displayName: 'Due',
		name: 'completeTill',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'When the task is due, e.g. {{ $now.plus(15, "minutes") }}',
	},
	collection('Additional Fields', 'additionalFields', taskFieldOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: (i) => {
			const fields: TaskFields = {
				text: this.getNodeParameter('text', i, '') as string,
				completeTill: this.getNodeParameter('completeTill', i, '') as string,
				...(this.getNodeParameter('additionalFields', i, {}) as TaskFields),
			};
			return taskBody(this, fields, i, false);
		},
		write: async (entries) =>
			await amoCrmBatchWrite.call(this, {
				method: 'POST',
				endpoint: '/api/v4/tasks',
				embeddedKey: 'tasks',
				entries,
			}),
		present: (result, _i, sent) => ({ id: result.id, ...(sent as IDataObject) }),
	});
}
