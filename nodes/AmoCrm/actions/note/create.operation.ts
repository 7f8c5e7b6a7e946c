import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWriteByGroup } from '../../transport/batch';
import { callDetailOptions, callDetailParams } from '../callDetails';
import { entityTypeOptions, idParameter } from '../common.descriptions';
import { fileUuidsParameter } from '../file/fields';

const callNote = { show: { noteType: ['call_in', 'call_out'] } };
// Not marked required, though they are: n8n counts a field as shown when the note type is an
// expression, and would then refuse workflows whose notes are of other types. Checked per item instead.
const fileNote = { show: { resource: ['note'], operation: ['create'], noteType: ['attachment'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		options: entityTypeOptions,
		default: 'leads',
		description: 'What the note is attached to',
	},
	{
		displayName: 'Entity ID',
		name: 'entityId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 30000001',
	},
	{
		displayName: 'Note Type',
		name: 'noteType',
		type: 'options',
		options: [
			{
				name: 'File',
				value: 'attachment',
				description:
					'A file from amoCRM’s file storage (see File → Upload), shown on the record’s feed',
			},
			{ name: 'Incoming Call', value: 'call_in' },
			{ name: 'Outgoing Call', value: 'call_out' },
			{
				name: 'Service Message',
				value: 'service_message',
				description: 'A message signed with the name of a service',
			},
			{ name: 'Text', value: 'common' },
		],
		default: 'common',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		displayOptions: { show: { noteType: ['common', 'service_message'] } },
	},
	{
		displayName: 'Service Name',
		name: 'service',
		type: 'string',
		default: 'n8n',
		displayOptions: { show: { noteType: ['service_message'] } },
	},
	{
		displayName: 'File UUID',
		name: 'fileUuid',
		type: 'string',
		default: '',
		placeholder: 'e.g. 367b9f38-5f01-4cea-947e-dfab47aea522',
		description: 'The file on amoCRM’s file storage; File → Upload outputs it as uuid',
		displayOptions: fileNote,
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'e.g. contract.pdf',
		description: 'The name the note shows; File → Upload outputs it as name',
		displayOptions: fileNote,
	},
	{
		displayName: 'Version UUID',
		name: 'versionUuid',
		type: 'string',
		default: '',
		description:
			'A version of the file to show; its active version when empty (File → Upload outputs it as version_uuid)',
		displayOptions: fileNote,
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		required: true,
		displayOptions: callNote,
	},
	{
		displayName: 'Duration (Seconds)',
		name: 'duration',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		displayOptions: callNote,
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		default: 'n8n',
		required: true,
		description: 'Name of the telephony service',
		displayOptions: callNote,
	},
	{
		displayName: 'Call ID',
		name: 'uniq',
		type: 'string',
		default: '',
		required: true,
		description: 'Unique ID of the call on the telephony side',
		displayOptions: callNote,
	},
	{
		displayName: 'Call Details',
		name: 'callDetails',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
		displayOptions: callNote,
		options: callDetailOptions,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['note'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const entityTypes = new Map<number, string>();
	return await batchItems.call(this, items, {
		prepare: (i) => {
			const entityType = this.getNodeParameter('entityType', i) as string;
			const entityId = idParameter(this, 'entityId', i);
			entityTypes.set(i, entityType);
			const noteType = this.getNodeParameter('noteType', i) as string;
			let params: IDataObject;
			if (noteType === 'call_in' || noteType === 'call_out') {
				const details = this.getNodeParameter('callDetails', i, {}) as IDataObject;
				params = {
					uniq: this.getNodeParameter('uniq', i) as string,
					duration: Math.round(Number(this.getNodeParameter('duration', i, 0))),
					source: this.getNodeParameter('source', i) as string,
					phone: this.getNodeParameter('phone', i) as string,
				};
				Object.assign(params, callDetailParams(details));
			} else if (noteType === 'attachment') {
				const [fileUuid, ...more] = fileUuidsParameter(this, 'fileUuid', i);
				if (more.length)
					throw new NodeOperationError(this.getNode(), 'A file note shows one file', {
						itemIndex: i,
						description: 'Give one file UUID per note.',
					});
				const fileName = String(this.getNodeParameter('fileName', i, '') ?? '').trim();
				if (!fileName)
					throw new NodeOperationError(this.getNode(), 'The file note has no file name', {
						itemIndex: i,
						description: 'amoCRM needs the name the note shows; File → Upload outputs it as name.',
					});
				params = { file_uuid: fileUuid, file_name: fileName };
				const versionUuid = String(this.getNodeParameter('versionUuid', i, '') ?? '').trim();
				if (versionUuid) params.version_uuid = versionUuid;
			} else {
				const text = String(this.getNodeParameter('text', i, '') ?? '');
				if (!text.trim())
					throw new NodeOperationError(this.getNode(), 'The note text is empty', { itemIndex: i });
				params = { text };
				if (noteType === 'service_message')
					params.service = this.getNodeParameter('service', i, 'n8n') as string;
			}
			return { entity_id: entityId, note_type: noteType, params };
		},
		// Notes are written per entity type (`/leads/notes`, `/contacts/notes`, …), each in batches.
		write: async (entries) =>
			await amoCrmBatchWriteByGroup.call(
				this,
				entries,
				(e) => entityTypes.get(e.itemIndex)!,
				(type) => ({
					method: 'POST',
					endpoint: `/api/v4/${type}/notes`,
					embeddedKey: 'notes',
				}),
			),
		// amoCRM's answer to a note creation carries only the ids; the rest comes from what was sent.
		present: (result, i, sent) => ({
			id: result.id,
			entity_type: entityTypes.get(i),
			...(sent as IDataObject),
		}),
	});
}
