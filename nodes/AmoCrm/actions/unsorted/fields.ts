import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWrite } from '../../transport/batch';
import {
	collection,
	emailsField,
	optionalNumber,
	phonesField,
	pipelineField,
	tagRefs,
	tagsField,
} from '../common.descriptions';
import { partyBody, type PartyFields } from '../party';

export const uidField: INodeProperties = {
	displayName: 'Unsorted UID',
	name: 'uid',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 5b1f3a2c-…',
	description: 'The UID of the incoming lead, as Get Many or the trigger gives it',
};

export function uidParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	const uid = String(ctx.getNodeParameter('uid', itemIndex, '') ?? '').trim();
	if (!uid) throw new NodeOperationError(ctx.getNode(), 'The unsorted UID is empty', { itemIndex });
	if (!/^[\w-]+$/.test(uid))
		throw new NodeOperationError(ctx.getNode(), `"${uid}" is not an unsorted UID`, { itemIndex });
	return uid;
}

/** Source, lead, contact and company of a new incoming lead — the part forms and calls share. */
export const incomingLeadFields: INodeProperties[] = [
	{
		displayName: 'Source Name',
		name: 'sourceName',
		type: 'string',
		default: 'n8n',
		required: true,
		description: 'Shown in amoCRM as where the lead came from',
	},
	{
		displayName: 'Source UID',
		name: 'sourceUid',
		type: 'string',
		default: 'n8n',
		required: true,
		description: 'Your ID of the source; amoCRM refuses the same data from the same source twice',
	},
	collection(
		'Lead',
		'lead',
		[
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			pipelineField,
			{ displayName: 'Price', name: 'price', type: 'number', default: 0 },
			tagsField,
		],
		{ placeholder: 'Add Lead Field' },
	),
	collection(
		'Contact',
		'contact',
		[emailsField, { displayName: 'Name', name: 'name', type: 'string', default: '' }, phonesField],
		{ placeholder: 'Add Contact Field' },
	),
	{ displayName: 'Company Name', name: 'companyName', type: 'string', default: '' },
];

/** The part of an unsorted body built from `incomingLeadFields`. */
export async function incomingLeadBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const lead = ctx.getNodeParameter('lead', itemIndex, {}) as IDataObject;
	const contact = ctx.getNodeParameter('contact', itemIndex, {}) as PartyFields;
	const companyName = String(ctx.getNodeParameter('companyName', itemIndex, '') ?? '').trim();
	const body: IDataObject = {
		source_name: String(ctx.getNodeParameter('sourceName', itemIndex, '')).trim(),
		source_uid: String(ctx.getNodeParameter('sourceUid', itemIndex, '')).trim(),
	};
	if (!body.source_name || !body.source_uid)
		throw new NodeOperationError(
			ctx.getNode(),
			'The source name and source UID must not be empty',
			{ itemIndex },
		);
	const pipeline = optionalNumber(lead.pipelineId);
	if (pipeline !== undefined) body.pipeline_id = pipeline;
	const embedded: IDataObject = {};
	const leadBody: IDataObject = {};
	if (lead.name) leadBody.name = lead.name;
	if (lead.price) leadBody.price = Math.round(Number(lead.price));
	const tags = tagRefs(lead.tags);
	if (tags.length) leadBody._embedded = { tags };
	if (Object.keys(leadBody).length) embedded.leads = [leadBody];
	const contactBody = await partyBody(ctx, 'contacts', contact, itemIndex, false);
	if (Object.keys(contactBody).length) embedded.contacts = [contactBody];
	if (companyName) embedded.companies = [{ name: companyName }];
	body._embedded = embedded;
	return body;
}

/** Writes incoming leads of one category (`forms` or `sip`) in batches of 250. */
export async function createIncoming(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	category: 'forms' | 'sip',
	metadata: (itemIndex: number) => IDataObject,
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: async (i) => ({ ...(await incomingLeadBody(this, i)), metadata: metadata(i) }),
		write: async (entries) =>
			await amoCrmBatchWrite.call(this, {
				method: 'POST',
				endpoint: `/api/v4/leads/unsorted/${category}`,
				embeddedKey: 'unsorted',
				entries,
			}),
		present: (result, _i, sent) => ({ uid: result.uid, category, ...sent }),
	});
}
