import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as company from './actions/company';
import * as contact from './actions/contact';
import * as lead from './actions/lead';
import * as link from './actions/link';
import * as note from './actions/note';
import { router } from './actions/router';
import * as task from './actions/task';
import { listSearch, loadOptions } from './methods';

export class AmoCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'amoCRM',
		name: 'amoCrm',
		icon: { light: 'file:amocrm.svg', dark: 'file:amocrm.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Work with contacts, leads, notes, tasks and links in amoCRM (Kommo)',
		defaults: { name: 'amoCRM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'amoCrmApi', required: true, displayOptions: { show: { authentication: ['accessToken'] } } },
			{ name: 'amoCrmOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Long-Lived Token', value: 'accessToken' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'accessToken',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Company', value: 'company' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'Link', value: 'link' },
					{ name: 'Note', value: 'note' },
					{ name: 'Task', value: 'task' },
				],
				default: 'contact',
			},
			...company.description,
			...contact.description,
			...lead.description,
			...link.description,
			...note.description,
			...task.description,
		],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
