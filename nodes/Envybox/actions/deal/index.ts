import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as search from './search.operation';
import * as sendToInbox from './sendToInbox.operation';
import * as updateResponsible from './updateResponsible.operation';
import * as updateStage from './updateStage.operation';

export { create, get, getAll, search, sendToInbox, updateResponsible, updateStage };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deal'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a deal for an existing client', action: 'Create a deal' },
			{ name: 'Get', value: 'get', description: 'Get a deal, optionally with its parent and child deals', action: 'Get a deal' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many deals by keyword, pipeline, stage and period', action: 'Get many deals' },
			{ name: 'Search by Phone or Email', value: 'search', description: 'Find clients by phone or email, with their deals', action: 'Search deals by phone or email' },
			{ name: 'Send to Inbox', value: 'sendToInbox', description: 'Move the deal to the Inbox (Входящие) section', action: 'Send a deal to the inbox' },
			{ name: 'Update Responsible', value: 'updateResponsible', description: 'Make an employee or a department responsible for the deal', action: 'Update the responsible of a deal' },
			{ name: 'Update Stage', value: 'updateStage', description: 'Move the deal to another stage of its pipeline', action: 'Update the stage of a deal' },
		],
		default: 'get',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...search.description,
	...sendToInbox.description,
	...updateResponsible.description,
	...updateStage.description,
];
