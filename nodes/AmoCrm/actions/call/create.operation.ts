import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { normalizePhone } from '../../../shared/contactKeys';
import { batchItems } from '../../helpers/items';
import { amoCrmBatchWrite, type BatchEntry, type BatchOutcome } from '../../transport/batch';
import { callDetailOptions, callDetailParams } from '../callDetails';
import {
	collection,
	optionalNumber,
	pipelineField,
	responsibleUserField,
	statusField,
	tagRefs,
	tagsField,
	unixSeconds,
} from '../common.descriptions';

const createsRecords = { show: { unknownPhone: ['createContact', 'createContactAndLead'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Inbound', value: 'inbound' },
			{ name: 'Outbound', value: 'outbound' },
		],
		default: 'inbound',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. +7 931 604-70-33',
		description:
			'The client’s number; amoCRM files the call on the contact or company with the same last 10 digits',
	},
	{
		displayName: 'Duration (Seconds)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		default: 'n8n',
		required: true,
		description: 'Name of the telephony service',
	},
	{
		displayName: 'If No Contact Has the Phone',
		name: 'unknownPhone',
		type: 'options',
		options: [
			{
				name: 'Report It on the Item',
				value: 'report',
				description: 'Output the item with added = false and the reason; nothing is created',
			},
			{
				name: 'Fail the Item',
				value: 'error',
				description: 'Stop with an error (or an error item with Continue On Fail)',
			},
			{ name: 'Create a Contact, Then Add the Call', value: 'createContact' },
			{
				name: 'Create a Contact and a Lead, Then Add the Call',
				value: 'createContactAndLead',
				description: 'The call then lands on the new lead',
			},
		],
		default: 'report',
		description:
			'What to do when no contact or company has the number: amoCRM then refuses the call (and the other calls sent with it, which the node sends again)',
	},
	{
		displayName: 'New Records',
		name: 'newRecords',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: createsRecords,
		options: [
			{
				displayName: 'Contact Name',
				name: 'contactName',
				type: 'string',
				default: '',
				description: 'Empty: the phone number',
			},
			{
				displayName: 'Lead Name',
				name: 'leadName',
				type: 'string',
				default: '',
				description: 'Empty: amoCRM names the lead',
				displayOptions: { show: { '/unknownPhone': ['createContactAndLead'] } },
			},
			pipelineField,
			responsibleUserField,
			statusField,
			tagsField,
		],
	},
	collection('Additional Fields', 'additionalFields', [
		{
			displayName: 'Call Responsible',
			name: 'callResponsible',
			type: 'string',
			default: '',
			description: 'Inbound: who took the call; outbound: who called — a user ID, phone or name',
		},
		{
			displayName: 'Call ID',
			name: 'uniq',
			type: 'string',
			default: '',
			description: 'Unique ID of the call on the telephony side',
		},
		{ displayName: 'Created At', name: 'createdAt', type: 'dateTime', default: '' },
		...callDetailOptions,
		{
			...responsibleUserField,
			description: 'Who is responsible for the call. ' + String(responsibleUserField.description),
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['create'] } },
	properties,
);

const notFiled = (phone: string) =>
	`No contact or company in amoCRM has the phone ${phone}, so amoCRM did not add the call`;

/**
 * Adds calls in batches, every item matched by its request ID. A call amoCRM cannot file (no
 * contact or company has the number) is reported, failed, or — when asked — its contact (and lead)
 * is created in one batched request per distinct number and the call is sent again.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const created = new Map<number, IDataObject>();
	// amoCRM refuses the whole batch (400 `Entity not found`) when one number belongs to nobody, without
	// saying which (amocrm-api-php issue #52): the batch writer splits it until that call is alone.
	const sendCalls = async (entries: BatchEntry[]) =>
		await amoCrmBatchWrite.call(this, {
			method: 'POST',
			endpoint: '/api/v4/calls',
			embeddedKey: 'calls',
			entries,
			strictRequestId: true,
			refusesOneOf: (error) =>
				((error.context?.errorTitles ?? []) as string[]).includes('Entity not found'),
		});
	const mode = (i: number) => this.getNodeParameter('unknownPhone', i, 'report') as string;

	return await batchItems.call(this, items, {
		prepare: (i) => {
			const raw = String(this.getNodeParameter('phone', i, '') ?? '');
			const phone = normalizePhone(raw);
			if (!phone) {
				throw new NodeOperationError(this.getNode(), `"${raw}" is not a usable phone number`, {
					itemIndex: i,
					description: 'A phone needs 10 to 15 digits, e.g. +7 931 604-70-33 or 89316047033.',
				});
			}
			const duration = Number(this.getNodeParameter('duration', i, 0));
			if (!Number.isFinite(duration) || duration < 0)
				throw new NodeOperationError(
					this.getNode(),
					`"${duration}" is not a call duration in seconds`,
					{ itemIndex: i },
				);
			const source = String(this.getNodeParameter('source', i, '') ?? '').trim();
			if (!source)
				throw new NodeOperationError(
					this.getNode(),
					'The call needs a source (the telephony name)',
					{ itemIndex: i },
				);
			const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
			const body: IDataObject = {
				direction: this.getNodeParameter('direction', i) as string,
				phone: phone.e164,
				duration: Math.round(duration),
				source,
				...callDetailParams(extra),
			};
			if (extra.uniq) body.uniq = extra.uniq;
			if (extra.callResponsible) body.call_responsible = extra.callResponsible;
			const responsible = optionalNumber(extra.responsibleUserId);
			if (responsible !== undefined) body.responsible_user_id = responsible;
			const createdAt = unixSeconds(extra.createdAt);
			if (createdAt !== undefined) body.created_at = createdAt;
			return body;
		},
		write: async (entries) => {
			const outcomes = new Map((await sendCalls(entries)).map((o) => [o.itemIndex, o]));
			const unfiled = entries.filter(
				(e) => outcomes.get(e.itemIndex)?.result && !outcomes.get(e.itemIndex)!.result!.id,
			);
			const toCreate = unfiled.filter((e) => mode(e.itemIndex).startsWith('create'));
			if (toCreate.length) {
				const owners = await createOwners.call(this, toCreate, mode);
				const retry: BatchEntry[] = [];
				for (const entry of toCreate) {
					const owner = owners.get(String(entry.body.phone));
					if (owner?.error)
						outcomes.set(entry.itemIndex, { itemIndex: entry.itemIndex, error: owner.error });
					else if (owner?.result) {
						created.set(entry.itemIndex, owner.result);
						retry.push(entry);
					}
				}
				for (const outcome of retry.length ? await sendCalls(retry) : [])
					outcomes.set(outcome.itemIndex, outcome);
			}
			return entries.map((entry): BatchOutcome => {
				const outcome = outcomes.get(entry.itemIndex)!;
				if (outcome.result && !outcome.result.id && mode(entry.itemIndex) === 'error') {
					return {
						itemIndex: entry.itemIndex,
						error: new NodeOperationError(this.getNode(), notFiled(String(entry.body.phone)), {
							itemIndex: entry.itemIndex,
						}),
					};
				}
				return outcome;
			});
		},
		present: (result, i, sent) => {
			const output: IDataObject = { added: Boolean(result.id), ...sent };
			if (result.id)
				Object.assign(output, {
					note_id: result.id,
					entity_type: result.entity_type,
					entity_id: result.entity_id,
				});
			else output.reason = notFiled(String(sent.phone));
			const owner = created.get(i);
			if (owner) Object.assign(output, owner);
			return output;
		},
	});
}

/**
 * One new contact (and lead) per distinct number among the unfiled calls: `/leads/complex` when a
 * lead is wanted (50 per request), `/contacts` otherwise (250 per request).
 */
async function createOwners(
	this: IExecuteFunctions,
	entries: BatchEntry[],
	mode: (i: number) => string,
): Promise<Map<string, BatchOutcome>> {
	const firstByPhone = new Map<string, BatchEntry>();
	for (const entry of entries)
		if (!firstByPhone.has(String(entry.body.phone)))
			firstByPhone.set(String(entry.body.phone), entry);
	const withLead: BatchEntry[] = [];
	const contactOnly: BatchEntry[] = [];
	for (const [phone, entry] of firstByPhone) {
		const options = this.getNodeParameter('newRecords', entry.itemIndex, {}) as IDataObject;
		const responsible = optionalNumber(options.responsibleUserId);
		const tags = tagRefs(options.tags);
		const contact: IDataObject = {
			name: String(options.contactName || phone),
			custom_fields_values: [
				{ field_code: 'PHONE', values: [{ value: phone, enum_code: 'WORK' }] },
			],
		};
		if (responsible !== undefined) contact.responsible_user_id = responsible;
		if (mode(entry.itemIndex) === 'createContactAndLead') {
			const lead: IDataObject = {
				_embedded: { contacts: [contact], ...(tags.length ? { tags } : {}) },
			};
			if (options.leadName) lead.name = options.leadName;
			const pipeline = optionalNumber(options.pipelineId);
			const status = optionalNumber(options.statusId);
			if (pipeline !== undefined) lead.pipeline_id = pipeline;
			if (status !== undefined) lead.status_id = status;
			if (responsible !== undefined) lead.responsible_user_id = responsible;
			withLead.push({ itemIndex: entry.itemIndex, body: lead });
		} else {
			if (tags.length) contact._embedded = { tags };
			contactOnly.push({ itemIndex: entry.itemIndex, body: contact });
		}
	}
	const outcomes = [
		...(withLead.length
			? await amoCrmBatchWrite.call(this, {
					method: 'POST',
					endpoint: '/api/v4/leads/complex',
					entries: withLead,
					batchSize: 50,
				})
			: []),
		...(contactOnly.length
			? await amoCrmBatchWrite.call(this, {
					method: 'POST',
					endpoint: '/api/v4/contacts',
					embeddedKey: 'contacts',
					entries: contactOnly,
				})
			: []),
	];
	const byPhone = new Map<string, BatchOutcome>();
	for (const outcome of outcomes) {
		const phone = [...firstByPhone.entries()].find(
			([, e]) => e.itemIndex === outcome.itemIndex,
		)![0];
		if (outcome.error) byPhone.set(phone, outcome);
		else {
			const r = outcome.result;
			const ids: IDataObject =
				r.contact_id !== undefined
					? { created_contact_id: r.contact_id, created_lead_id: r.id }
					: { created_contact_id: r.id };
			byPhone.set(phone, { itemIndex: outcome.itemIndex, result: ids });
		}
	}
	return byPhone;
}
