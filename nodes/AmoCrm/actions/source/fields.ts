import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withoutLinks } from '../../helpers/simplify';
import { type AmoCrmContext, amoCrmApiRequest } from '../../transport';
import { idParameter, pipelineField } from '../common.descriptions';

export const sourceIdField: INodeProperties = {
	displayName: 'Source Name or ID',
	name: 'sourceId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getSources' },
	default: '',
	required: true,
	description:
		'One of the sources of the integration whose token the credential holds. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const sourceIdOf = (ctx: IExecuteFunctions, itemIndex: number) =>
	idParameter(ctx, 'sourceId', itemIndex, 'a source ID');

/** The fields a source has besides its name and external ID: set on create, changed on update. */
export const sourceFieldOptions: INodeProperties[] = [
	{
		displayName: 'Chat Channel Code',
		name: 'originCode',
		type: 'string',
		default: '',
		placeholder: 'e.g. amo.ext.30490163_v2',
		description:
			'Code of the main chat channel of the source, used when a conversation is started from amoCRM',
	},
	{
		displayName: 'Default',
		name: 'default',
		type: 'boolean',
		default: false,
		description: 'Whether this is the default source of the integration',
	},
	{
		...pipelineField,
		description:
			'Pipeline where incoming leads of this source land. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'WhatsApp Business API',
		name: 'waba',
		type: 'boolean',
		default: false,
		description:
			'Whether the source is WhatsApp Business API (approved message templates in Salesbot). Setting any WhatsApp field writes all of them.',
	},
	{
		displayName: 'WhatsApp List Messages',
		name: 'listMessages',
		type: 'boolean',
		default: false,
		description:
			'Whether the source supports the List Message step of Salesbot. Setting any WhatsApp field writes all of them.',
	},
	{
		displayName: 'WhatsApp Numbers',
		name: 'whatsappNumbers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Number',
		default: {},
		description:
			'Numbers offered for the WhatsApp button of the website button (CRM Plugin). Setting any WhatsApp field writes all of them.',
		options: [
			{
				name: 'number',
				displayName: 'Number',
				values: [
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: '',
						placeholder: 'e.g. Отдел продаж',
						description: 'Name shown in the list of numbers; "WhatsApp" and the number when empty',
					},
					{
						displayName: 'Phone Number',
						name: 'phone',
						type: 'string',
						default: '',
						placeholder: 'e.g. +79121234567',
						description: 'The button opens https://wa.me/ with this number',
					},
				],
			},
		],
	},
];

export interface SourceFields {
	name?: string;
	originCode?: string;
	default?: boolean;
	pipelineId?: string | number;
	waba?: boolean;
	listMessages?: boolean;
	whatsappNumbers?: { number?: Array<{ label?: string; phone?: string }> };
}

/** The body fields amoCRM takes for a source, from the fields given; only those given are sent. */
export function sourceBody(
	ctx: IExecuteFunctions,
	fields: SourceFields,
	itemIndex: number,
): IDataObject {
	const body: IDataObject = {};
	if (fields.name !== undefined) {
		const name = String(fields.name).trim();
		if (!name) throw new NodeOperationError(ctx.getNode(), 'A source needs a name', { itemIndex });
		body.name = name;
	}
	if (fields.pipelineId !== undefined && fields.pipelineId !== '') {
		const pipelineId = Number(fields.pipelineId);
		if (!Number.isInteger(pipelineId) || pipelineId <= 0) {
			throw new NodeOperationError(
				ctx.getNode(),
				`"${String(fields.pipelineId)}" is not a pipeline ID`,
				{ itemIndex },
			);
		}
		body.pipeline_id = pipelineId;
	}
	if (fields.default !== undefined) body.default = fields.default === true;
	if (fields.originCode !== undefined) body.origin_code = String(fields.originCode).trim() || null;
	const numbers = fields.whatsappNumbers?.number;
	if (fields.waba !== undefined || fields.listMessages !== undefined || numbers !== undefined) {
		const pages = (numbers ?? []).map((entry) => {
			const phone = String(entry.phone ?? '').trim();
			if (!phone)
				throw new NodeOperationError(ctx.getNode(), 'A WhatsApp number is empty', {
					itemIndex,
					description: 'Give each WhatsApp number, or remove the empty row.',
				});
			return {
				id: phone.replace(/\D/g, '') || phone,
				name: String(entry.label ?? '').trim() || `WhatsApp ${phone}`,
				link: phone,
			};
		});
		body.services = [
			{
				type: 'whatsapp',
				params: {
					waba: fields.waba === true,
					is_supports_list_message: fields.listMessages === true,
				},
				pages,
			},
		];
	}
	return body;
}

/** A source as amoCRM keeps it, without HAL links and the batch's request_id. */
export function presentSource(source: IDataObject): IDataObject {
	const rest = withoutLinks(source);
	delete rest.request_id;
	return rest;
}

/** Every source of the integration (amoCRM answers them all at once, at most 100; 204 when there are none). */
export async function readSources(
	ctx: AmoCrmContext,
	qs: IDataObject = {},
): Promise<IDataObject[]> {
	const body = await amoCrmApiRequest.call(ctx, 'GET', '/api/v4/sources', undefined, qs);
	return ((body?._embedded as IDataObject | undefined)?.sources ?? []) as IDataObject[];
}
