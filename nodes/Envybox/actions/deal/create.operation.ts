import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import {
	collection,
	customFieldRows,
	dropdown,
	idField,
	idParameter,
	optionalId,
	responsibleFields,
	responsibleOf,
} from '../common';

const properties: INodeProperties[] = [
	idField('Client ID', 'clientId', 'e.g. 549342'),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. Поставка оборудования',
	},
	...responsibleFields('deal'),
	collection('Additional Fields', 'additionalFields', [
		customFieldRows('getDealCustomFields'),
		dropdown('Pipeline Name or ID', 'pipelineId', 'getDealPipelines'),
		{
			displayName: 'Task',
			name: 'task',
			type: 'fixedCollection',
			default: {},
			description: 'A task on the new deal; with no text and time Envybox creates its default task',
			options: [
				{
					name: 'task',
					displayName: 'Task',
					values: [
						{ displayName: 'Text', name: 'text', type: 'string', default: '' },
						{ displayName: 'Time', name: 'time', type: 'dateTime', default: '' },
					],
				},
			],
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const request: IDataObject = {
			client_id: idParameter(this, 'clientId', i, 'a client ID'),
			...responsibleOf(this, i),
		};
		const name = String(this.getNodeParameter('name', i, '') ?? '').trim();
		if (name) request.name = name;
		const pipeline = optionalId(extra.pipelineId);
		if (pipeline) request.pipeline_id = pipeline;
		const custom = (
			((extra.customFields as IDataObject | undefined)?.field ?? []) as IDataObject[]
		).filter((f) => f.inputId !== '');
		// type_id 2 = custom field.
		if (custom.length)
			request.values = custom.map((f) => ({
				input_id: Number(f.inputId),
				value: String(f.value ?? ''),
				type_id: 2,
			}));
		const task = (extra.task as IDataObject | undefined)?.task as IDataObject | undefined;
		if (task) {
			// The document says "timestamp" without a unit; Unix seconds is the usual reading.
			request.task = {
				...(task.text ? { text: task.text } : {}),
				...(task.time ? { time: Math.floor(Date.parse(String(task.time)) / 1000) } : {}),
			};
		}
		const answer = await envyboxApiRequest.call(this, 'POST', 'deal/create', request);
		return ((answer.result as IDataObject | undefined)?.deal ?? {}) as IDataObject;
	});
}
