import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account';
import * as apiRequest from './actions/apiRequest';
import * as call from './actions/call';
import * as catalog from './actions/catalog';
import * as catalogElement from './actions/catalogElement';
import * as company from './actions/company';
import * as contact from './actions/contact';
import * as customField from './actions/customField';
import * as customer from './actions/customer';
import * as event from './actions/event';
import * as file from './actions/file';
import * as lead from './actions/lead';
import * as link from './actions/link';
import * as lossReason from './actions/lossReason';
import * as note from './actions/note';
import * as pipeline from './actions/pipeline';
import { router } from './actions/router';
import * as salesbot from './actions/salesbot';
import * as shortLink from './actions/shortLink';
import * as source from './actions/source';
import * as tag from './actions/tag';
import * as talk from './actions/talk';
import * as task from './actions/task';
import * as unsorted from './actions/unsorted';
import * as user from './actions/user';
import * as webhook from './actions/webhook';
import { amoCrmCredentials, authenticationProperty } from './authentication';
import { listSearch, loadOptions } from './methods';

export class AmoCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'amoCRM',
		name: 'amoCrm',
		icon: { light: 'file:amocrm.svg', dark: 'file:amocrm.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Work with leads, contacts, companies, customers, products, calls, tasks, notes and more in amoCRM (Kommo)',
		defaults: { name: 'amoCRM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: amoCrmCredentials,
		properties: [
			authenticationProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'API Request', value: 'apiRequest' },
					{ name: 'Call', value: 'call' },
					{ name: 'Catalog', value: 'catalog' },
					{ name: 'Catalog Element', value: 'catalogElement' },
					{ name: 'Company', value: 'company' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Custom Field', value: 'customField' },
					{ name: 'Customer', value: 'customer' },
					{ name: 'Event', value: 'event' },
					{ name: 'File', value: 'file' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'Link', value: 'link' },
					{ name: 'Loss Reason', value: 'lossReason' },
					{ name: 'Note', value: 'note' },
					{ name: 'Pipeline', value: 'pipeline' },
					{ name: 'Salesbot', value: 'salesbot' },
					{ name: 'Short Link', value: 'shortLink' },
					{ name: 'Source', value: 'source' },
					{ name: 'Tag', value: 'tag' },
					{ name: 'Talk', value: 'talk' },
					{ name: 'Task', value: 'task' },
					{ name: 'Unsorted (Incoming Lead)', value: 'unsorted' },
					{ name: 'User', value: 'user' },
					{ name: 'Webhook', value: 'webhook' },
				],
				default: 'contact',
			},
			...account.description,
			...apiRequest.description,
			...call.description,
			...catalog.description,
			...catalogElement.description,
			...company.description,
			...contact.description,
			...customField.description,
			...customer.description,
			...event.description,
			...file.description,
			...lead.description,
			...link.description,
			...lossReason.description,
			...note.description,
			...pipeline.description,
			...salesbot.description,
			...shortLink.description,
			...source.description,
			...tag.description,
			...talk.description,
			...task.description,
			...unsorted.description,
			...user.description,
			...webhook.description,
		],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
