import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	entityTypeOptions,
	idParameter,
	optionalNumber,
	responsibleUserField,
	unixSeconds,
} from '../common.descriptions';

export const taskTypeField: INodeProperties = {
	displayName: 'Task Type Name or ID',
	name: 'taskTypeId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getTaskTypes' },
	default: '',
	description:
		'Follow-up (call) by default. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const taskFieldOptions: INodeProperties[] = [
	{
		displayName: 'Duration (Seconds)',
		name: 'duration',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
	},
	{
		displayName: 'Entity ID',
		name: 'entityId',
		type: 'string',
		default: '',
		description: 'The lead, contact or company the task is about',
	},
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		options: entityTypeOptions,
		default: 'leads',
	},
	responsibleUserField,
	taskTypeField,
];

export interface TaskFields {
	text?: string;
	completeTill?: string;
	entityType?: string;
	entityId?: string | number;
	responsibleUserId?: string | number;
	taskTypeId?: string | number;
	duration?: number;
}

export function taskBody(
	ctx: IExecuteFunctions,
	fields: TaskFields,
	itemIndex: number,
	isUpdate: boolean,
): IDataObject {
	const fail = (message: string) => new NodeOperationError(ctx.getNode(), message, { itemIndex });
	const body: IDataObject = {};
	if (fields.text !== undefined) {
		if (!String(fields.text).trim()) throw fail('The task text is empty');
		body.text = fields.text;
	}
	if (fields.completeTill !== undefined && fields.completeTill !== '') {
		const due = unixSeconds(fields.completeTill);
		if (due === undefined) throw fail(`"${fields.completeTill}" is not a date`);
		body.complete_till = due;
	} else if (!isUpdate) {
		throw fail('A task needs a due date');
	}
	const entityId = optionalNumber(fields.entityId);
	if (entityId !== undefined) {
		body.entity_id = entityId;
		body.entity_type = fields.entityType || 'leads';
	}
	const responsible = optionalNumber(fields.responsibleUserId);
	if (responsible !== undefined) body.responsible_user_id = responsible;
	const type = optionalNumber(fields.taskTypeId);
	if (type !== undefined) body.task_type_id = type;
	else if (!isUpdate) body.task_type_id = 1;
	if (fields.duration) body.duration = Math.round(Number(fields.duration));
	return body;
}

export const taskIdOf = (ctx: IExecuteFunctions, itemIndex: number) =>
	idParameter(ctx, 'taskId', itemIndex, 'a task ID');

export const taskIdField: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 60000001',
};
