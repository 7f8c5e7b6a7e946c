import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { numbersFromStrings } from '../Envybox/helpers/simplify';
import { secretForm } from '../shared/webhookRequest';

const EVENTS: Record<string, { record: 'lead' | 'deal'; event: string }> = {
	create_lead: { record: 'lead', event: 'lead.new' },
	create_deal: { record: 'deal', event: 'deal.new' },
};

/** `values.main.inputs` (and `values.custom`, if sent) as `{ field: value }`, like the polling trigger's `fields`. */
function fieldsOf(values: unknown): IDataObject {
	const { main, custom } = (values ?? {}) as {
		main?: { inputs?: IDataObject };
		custom?: IDataObject;
	};
	const fields: IDataObject = {};
	for (const [key, input] of Object.entries({ ...(main?.inputs ?? {}), ...(custom ?? {}) })) {
		fields[key] =
			input && typeof input === 'object' ? ((input as IDataObject).value ?? null) : input;
	}
	return fields;
}

/** One item per record of the notification, IDs as numbers and field values flattened into `fields`. */
function itemsOf(payload: IDataObject, simplify: boolean): IDataObject[] {
	const kind = EVENTS[String(payload.event)];
	const sent = payload[kind.record];
	const records = (
		Array.isArray(sent) ? sent : sent && typeof sent === 'object' ? [sent] : []
	) as IDataObject[];
	return records.map((record) => {
		if (!simplify) return { event: kind.event, ...record };
		const { values, ...rest } = record;
		return {
			event: kind.event,
			...numbersFromStrings(rest),
			...(values === undefined ? {} : { fields: fieldsOf(values) }),
		};
	});
}

export class EnvyboxWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Envybox Webhook Trigger',
		name: 'envyboxWebhookTrigger',
		icon: { light: 'file:envybox.svg', dark: 'file:envybox.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when Envybox notifies it of a new lead or deal (set the address in the CRM’s settings)',
		defaults: { name: 'Envybox Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'envyboxApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName:
					'In the Envybox CRM settings, set the notification address to the Production URL above followed by <code>?secret=</code> and the Webhook Secret of the credential. Envybox has no API for this, so it is not set for you; the Envybox Trigger (polling) works without it.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'New Deal', value: 'create_deal' },
					{ name: 'New Lead', value: 'create_lead' },
				],
				default: ['create_lead'],
				required: true,
				description: 'Notifications of other kinds are answered and ignored',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description:
					'Whether to return a simplified version of the response instead of the raw data',
			},
		],
	};

	/**
	 * Envybox has no API to set its notification address, so there is nothing to register: activation
	 * only checks that the credential has the secret the address must carry.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const credentials = await this.getCredentials('envyboxApi');
				if (!String(credentials.webhookSecret ?? '')) {
					throw new NodeOperationError(
						this.getNode(),
						'The Envybox credential has no Webhook Secret',
						{
							description:
								'Set one in the credential, then give Envybox the Production URL followed by ?secret= and that text.',
						},
					);
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await this.getCredentials('envyboxApi');
		const refusal =
			'This webhook takes requests whose address carries the Webhook Secret of its Envybox credential as ?secret=';
		const payload = secretForm(this, 'secret', String(credentials.webhookSecret ?? ''), refusal);
		if (!payload) return { noWebhookResponse: true };
		const events = this.getNodeParameter('events', []) as string[];
		const items =
			EVENTS[String(payload.event)] && events.includes(String(payload.event))
				? itemsOf(payload, this.getNodeParameter('simplify', true) as boolean)
				: [];
		if (!items.length) return { noWebhookResponse: false, webhookResponse: { received: 0 } };
		return { workflowData: [this.helpers.returnJsonArray(items)] };
	}
}
