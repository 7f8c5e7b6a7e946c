import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { collection, customFieldRows, dropdown, envyboxPhone, optionalId } from '../common';

const CONTACT_TYPES = [
	'facebook',
	'home_phone',
	'instagram',
	'note',
	'position',
	'skype',
	'telegram',
	'viber',
	'vkontakte',
	'whatsapp',
	'work_phone',
];
const UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'];

const properties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{
				name: 'Create and Return the ID',
				value: 'workset',
				description:
					'Uses lead/workset: answers with the lead ID, and the ID of the lead it was merged into, if any',
			},
			{
				name: 'Queue (No ID, Never Duplicates)',
				value: 'set',
				description:
					'Uses lead/set: Envybox queues the lead and guarantees no duplicate, but gives no ID back',
			},
		],
		default: 'workset',
	},
	{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. Иван' },
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: 'e.g. +7 499 322-97-10',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. name@email.com',
		default: '',
	},
	{
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
	},
	collection('Additional Fields', 'additionalFields', [
		{
			displayName: 'Contact Data',
			name: 'contactData',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			options: [
				{
					name: 'entry',
					displayName: 'Entry',
					values: [
						{
							displayName: 'Extension',
							name: 'addon',
							type: 'string',
							default: '',
							description: 'For a work phone only',
							displayOptions: { show: { type: ['work_phone'] } },
						},
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							options: CONTACT_TYPES.map((value) => ({ name: value, value })),
							default: 'telegram',
						},
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		customFieldRows('getLeadCustomFields'),
		{
			...dropdown('Employee Name or ID', 'employeeId', 'getEmployees'),
			description:
				'Responsible for the deal created from the lead; without one the lead is open to everyone. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{ displayName: 'Google Client ID', name: 'google_client_id', type: 'string', default: '' },
		dropdown('Inbox Type Name or ID', 'inboxTypeId', 'getInboxTypes'),
		dropdown('Pipeline Name or ID', 'pipelineId', 'getLeadPipelines'),
		{ displayName: 'Recording URL', name: 'recordLink', type: 'string', default: '' },
		{
			displayName: 'Region',
			name: 'region',
			type: 'string',
			default: '',
			placeholder: 'e.g. Москва',
			description: 'Region in Russian, e.g. Москва, Свердловская область',
		},
		{
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			placeholder: 'e.g. сайт, акция',
		},
		{
			displayName: 'Time Zone',
			name: 'timezone',
			type: 'string',
			default: '',
			placeholder: 'e.g. UTC+03:00',
			description: 'UTC-12:00 … UTC+12:00; Moscow time when empty',
		},
		...UTM.map(
			(name): INodeProperties => ({
				displayName: name
					.replace('utm_', 'UTM ')
					.replace(/^UTM (.)/, (_m, c: string) => `UTM ${c.toUpperCase()}`),
				name,
				type: 'string',
				default: '',
			}),
		),
		{
			displayName: 'Visit ID',
			name: 'visitId',
			type: 'string',
			default: '',
			description:
				'The WhiteCallback_visit cookie of the visitor, if the site uses Envybox widgets',
		},
		{ displayName: 'Yandex Client ID', name: 'yandex_client_id', type: 'string', default: '' },
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const mode = this.getNodeParameter('mode', i, 'workset') as 'workset' | 'set';
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const text = (name: string) => String(this.getNodeParameter(name, i, '') ?? '').trim();
		const values: IDataObject = {};
		if (text('name')) values.name = text('name');
		const phone = envyboxPhone(this, text('phone'), i);
		if (phone) values.phone = phone;
		if (text('email')) values.email = text('email').toLowerCase();
		if (text('comment')) values.comment = text('comment');
		if (!values.name && !values.phone && !values.email) {
			throw new NodeOperationError(this.getNode(), 'A lead needs a name, a phone or an email', {
				itemIndex: i,
			});
		}
		for (const key of [...UTM, 'google_client_id', 'yandex_client_id'])
			if (extra[key]) values[key] = extra[key];
		const custom = (
			((extra.customFields as IDataObject | undefined)?.field ?? []) as IDataObject[]
		).filter((f) => f.inputId !== '');
		if (custom.length)
			values.custom = custom.map((f) => ({
				input_id: Number(f.inputId),
				value: String(f.value ?? ''),
			}));

		const request: IDataObject = { method: 'create', values };
		const pipeline = optionalId(extra.pipelineId);
		if (pipeline) request.pipeline_id = pipeline;
		const employee = optionalId(extra.employeeId);
		if (employee) request.employee_id = employee;
		const inbox = optionalId(extra.inboxTypeId);
		if (inbox) request.inbox_type_id = inbox;
		if (extra.visitId) request.visit_id = extra.visitId;
		if (extra.region) request.region = extra.region;
		if (extra.timezone) request.timezone = extra.timezone;
		if (extra.recordLink) request.record_link = extra.recordLink;
		const tags = String(extra.tags ?? '')
			.split(',')
			.map((t) => t.trim())
			.filter(Boolean);
		if (tags.length) request.tags = tags;
		// `contact_data` sits beside `values`, as the document's example and other integrations send it.
		const contactData = (
			((extra.contactData as IDataObject | undefined)?.entry ?? []) as IDataObject[]
		).filter((c) => String(c.value ?? '').trim());
		if (contactData.length) {
			request.contact_data = contactData.map((c) => ({
				type: c.type,
				value: c.value,
				...(c.type === 'work_phone' && c.addon ? { addon: c.addon } : {}),
			}));
		}

		const answer = await envyboxApiRequest.call(this, 'POST', `lead/${mode}`, request);
		if (mode === 'set') return { queued: true, ...values };
		const id = Number(answer.id);
		const parent = Number(answer.parent_id ?? 0) || null;
		// A lead with the same contact data already existed: Envybox merged this one into it, and the parent is the one to act on.
		return { id, parent_id: parent, merged: parent !== null, lead_id: parent ?? id, ...values };
	});
}
