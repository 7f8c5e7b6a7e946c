import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as client from './actions/client';
import * as crm from './actions/crm';
import * as deal from './actions/deal';
import * as lead from './actions/lead';
import * as statistics from './actions/statistics';
import * as task from './actions/task';
import { router } from './actions/router';
import * as loadOptions from './methods/loadOptions';

export class Envybox implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Envybox',
		name: 'envybox',
		icon: { light: 'file:envybox.svg', dark: 'file:envybox.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Work with leads, deals, clients, tasks and reports in the Envybox CRM (formerly CallbackKiller)',
		defaults: { name: 'Envybox' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'envyboxApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Client', value: 'client' },
					{ name: 'CRM', value: 'crm' },
					{ name: 'Deal', value: 'deal' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'Report', value: 'statistics' },
					{ name: 'Task', value: 'task' },
				],
				default: 'lead',
			},
			...client.description,
			...crm.description,
			...deal.description,
			...lead.description,
			...statistics.description,
			...task.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
