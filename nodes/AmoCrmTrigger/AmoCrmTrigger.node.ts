import { createHmac } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { eventCodes, otherEventsField, WEBHOOK_EVENTS } from '../AmoCrm/actions/webhook/events';
import { amoCrmCredentials, authenticationProperty } from '../AmoCrm/authentication';
import { getPipelines, getStatuses } from '../AmoCrm/methods/loadOptions';
import { amoCrmApiRequest } from '../AmoCrm/transport';
import { secretForm } from '../shared/webhookRequest';
import { webhookItems } from './payload';

type Context = IHookFunctions | IWebhookFunctions;

/**
 * amoCRM signs nothing, so the trigger registers its URL with a token only the workflow can
 * compute (an HMAC of the URL keyed by the credential's secret) and refuses requests without it.
 */
async function webhookToken(ctx: Context): Promise<string> {
	const oauth = ctx.getNodeParameter('authentication', 'accessToken') === 'oAuth2';
	const credentials = await ctx.getCredentials(oauth ? 'amoCrmOAuth2Api' : 'amoCrmApi');
	const secret = String(oauth ? credentials.clientSecret : credentials.accessToken);
	return createHmac('sha256', secret)
		.update(ctx.getNodeWebhookUrl('default') ?? '')
		.digest('hex')
		.slice(0, 40);
}

async function destination(ctx: Context): Promise<string> {
	return `${ctx.getNodeWebhookUrl('default')}?token=${await webhookToken(ctx)}`;
}

function chosenCodes(ctx: IHookFunctions): string[] {
	try {
		return eventCodes(
			ctx.getNodeParameter('events', []) as string[],
			String(ctx.getNodeParameter('otherEvents', '')),
		);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message);
	}
}

const sameSettings = (a: unknown, b: string[]) =>
	Array.isArray(a) && a.length === b.length && b.every((code) => a.includes(code));

export class AmoCrmTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'amoCRM Trigger',
		name: 'amoCrmTrigger',
		icon: { light: 'file:amocrm.svg', dark: 'file:amocrm.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{[...$parameter["events"], $parameter["otherEvents"]].filter(e => e).join(", ")}}',
		description:
			'Starts the workflow when leads, contacts, companies, tasks or incoming leads change in amoCRM (Kommo)',
		defaults: { name: 'amoCRM Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: amoCrmCredentials,
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			authenticationProperty,
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: WEBHOOK_EVENTS,
				default: [],
				description:
					'Subscribing needs an amoCRM admin token; amoCRM then posts these events to this workflow',
			},
			otherEventsField,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Only Pipeline Names or IDs',
						name: 'pipelineIds',
						type: 'multiOptions',
						typeOptions: { loadOptionsMethod: 'getPipelines' },
						default: [],
						description:
							'Leads outside these pipelines are ignored. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Only Stage Names or IDs',
						name: 'statusIds',
						type: 'multiOptions',
						typeOptions: { loadOptionsMethod: 'getStatuses' },
						default: [],
						description:
							'Leads in other stages are ignored. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
				],
			},
		],
	};

	methods = { loadOptions: { getPipelines, getStatuses } };

	webhookMethods = {
		default: {
			/** False also when amoCRM switched the subscription off or its events differ: `create` saves it again. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const answer = await amoCrmApiRequest.call(this, 'GET', '/api/v4/webhooks', undefined, {
					'filter[destination]': await destination(this),
				});
				const hook = (
					(answer?._embedded as IDataObject | undefined)?.webhooks as IDataObject[] | undefined
				)?.[0];
				return Boolean(hook && !hook.disabled && sameSettings(hook.settings, chosenCodes(this)));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const settings = chosenCodes(this);
				if (!settings.length)
					throw new NodeOperationError(this.getNode(), 'Choose at least one event');
				const hook = await amoCrmApiRequest.call(this, 'POST', '/api/v4/webhooks', {
					destination: await destination(this),
					settings,
					sort: 10,
				});
				this.getWorkflowStaticData('node').webhookId = hook?.id;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				try {
					await amoCrmApiRequest.call(
						this,
						'DELETE',
						'/api/v4/webhooks',
						{ destination: await destination(this) },
						undefined,
						true,
					);
				} catch (error) {
					if ((error as { httpCode?: string }).httpCode !== '404') return false;
				}
				delete this.getWorkflowStaticData('node').webhookId;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const payload = secretForm(
			this,
			'token',
			await webhookToken(this),
			'This webhook takes requests only from the amoCRM subscription it registered',
		);
		if (!payload) return { noWebhookResponse: true };
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const pipelines = ((options.pipelineIds ?? []) as unknown[]).map(Number);
		const statuses = ((options.statusIds ?? []) as unknown[]).map(Number);
		const items = webhookItems(payload).filter(
			(item) =>
				(!pipelines.length ||
					item.pipeline_id === undefined ||
					pipelines.includes(Number(item.pipeline_id))) &&
				(!statuses.length ||
					item.status_id === undefined ||
					statuses.includes(Number(item.status_id))),
		);
		if (!items.length) return { noWebhookResponse: false, webhookResponse: { received: 0 } };
		return { workflowData: [this.helpers.returnJsonArray(items)] };
	}
}
