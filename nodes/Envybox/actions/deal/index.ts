import type { INodeProperties } from 'n8n-workflow';

import * as addTags from './addTags.operation';
import * as create from './create.operation';
import * as createComment from './createComment.operation';
import * as createLog from './createLog.operation';
import * as get from './get.operation';
import * as getActiveTask from './getActiveTask.operation';
import * as getAll from './getAll.operation';
import * as getField from './getField.operation';
import * as getFields from './getFields.operation';
import * as getLogs from './getLogs.operation';
import * as getTasks from './getTasks.operation';
import * as search from './search.operation';
import * as searchByFields from './searchByFields.operation';
import * as sendToInbox from './sendToInbox.operation';
import * as updateFields from './updateFields.operation';
import * as updateResponsible from './updateResponsible.operation';
import * as updateStage from './updateStage.operation';
import * as upsertTask from './upsertTask.operation';

export {
	addTags,
	create,
	createComment,
	createLog,
	get,
	getActiveTask,
	getAll,
	getField,
	getFields,
	getLogs,
	getTasks,
	search,
	searchByFields,
	sendToInbox,
	updateFields,
	updateResponsible,
	updateStage,
	upsertTask,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deal'] } },
		options: [
			{
				name: 'Add Comment',
				value: 'createComment',
				description: 'Add a comment to the deal',
				action: 'Add a comment to a deal',
			},
			{
				name: 'Add Log Entry',
				value: 'createLog',
				description: 'Add a call or a comment to the deal’s history',
				action: 'Add a log entry to a deal',
			},
			{
				name: 'Add Tags',
				value: 'addTags',
				description: 'Add tags to the deal',
				action: 'Add tags to a deal',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a deal for an existing client',
				action: 'Create a deal',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a deal, optionally with its parent and child deals',
				action: 'Get a deal',
			},
			{
				name: 'Get Active Task',
				value: 'getActiveTask',
				description: 'Get the active task of the deal’s responsible',
				action: 'Get the active task of a deal',
			},
			{
				name: 'Get Field',
				value: 'getField',
				description: 'Get one deal field definition',
				action: 'Get a deal field',
			},
			{
				name: 'Get Field List',
				value: 'getFields',
				description: 'Get the service or custom deal fields',
				action: 'Get the deal fields',
			},
			{
				name: 'Get Log',
				value: 'getLogs',
				description: 'Get the deal’s history',
				action: 'Get the log of a deal',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many deals by keyword, pipeline, stage and period',
				action: 'Get many deals',
			},
			{
				name: 'Get Tasks',
				value: 'getTasks',
				description: 'Get all active tasks of the deal',
				action: 'Get the tasks of a deal',
			},
			{
				name: 'Search by Field Values',
				value: 'searchByFields',
				description:
					'Find deals by pipeline, stage, responsible, tags, dates and deal or client field values',
				action: 'Search deals by field values',
			},
			{
				name: 'Search by Phone or Email',
				value: 'search',
				description: 'Find clients by phone or email, with their deals',
				action: 'Search deals by phone or email',
			},
			{
				name: 'Send to Inbox',
				value: 'sendToInbox',
				description: 'Move the deal to the Inbox (Входящие) section',
				action: 'Send a deal to the inbox',
			},
			{
				name: 'Update Fields',
				value: 'updateFields',
				description: 'Set the deal name or custom field values',
				action: 'Update the fields of a deal',
			},
			{
				name: 'Update or Create Task',
				value: 'upsertTask',
				description: 'Change the time and comment of the deal’s task, or create one',
				action: 'Update or create a deal task',
			},
			{
				name: 'Update Responsible',
				value: 'updateResponsible',
				description: 'Make an employee or a department responsible for the deal',
				action: 'Update the responsible of a deal',
			},
			{
				name: 'Update Stage',
				value: 'updateStage',
				description: 'Move the deal to another stage of its pipeline',
				action: 'Update the stage of a deal',
			},
		],
		default: 'get',
	},
	...addTags.description,
	...create.description,
	...createComment.description,
	...createLog.description,
	...get.description,
	...getActiveTask.description,
	...getAll.description,
	...getField.description,
	...getFields.description,
	...getLogs.description,
	...getTasks.description,
	...search.description,
	...searchByFields.description,
	...sendToInbox.description,
	...updateFields.description,
	...updateResponsible.description,
	...updateStage.description,
	...upsertTask.description,
];
