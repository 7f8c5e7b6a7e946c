import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { errorItem, withItemIndex } from '../../../shared/items';
import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest, describeEndpoint } from '../../transport';
import {
	type AttachRequest,
	attachFiles,
	driveUrlOf,
	onDrive,
	presentFile,
	statusOf,
} from './drive';
import { type RecordType, recordLocators, recordParameter, recordTypeOptions } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file to be uploaded',
	},
	{
		displayName: 'Attach To',
		name: 'attachTo',
		type: 'options',
		options: [{ name: 'Nothing', value: 'none' }, ...recordTypeOptions],
		default: 'none',
		description:
			'Whether to attach the uploaded file to a record (it then shows in the record’s Files tab)',
	},
	...recordLocators('upload', 'attachTo'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. contract.pdf',
				description: 'Name of the file in amoCRM; the binary field’s file name when empty',
			},
			{
				displayName: 'New Version of File UUID',
				name: 'newVersionOf',
				type: 'string',
				default: '',
				placeholder: 'e.g. 367b9f38-5f01-4cea-947e-dfab47aea522',
				description:
					'Store the upload as a new version of this file, which becomes its active version',
			},
			{
				displayName: 'With Previews',
				name: 'withPreview',
				type: 'boolean',
				default: false,
				description: 'Whether amoCRM should make previews of the file (for images)',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['upload'] } },
	properties,
);

/** Files upload side by side; each one's parts go one after another. The credential's pace holds for all. */
const CONCURRENT_UPLOADS = 3;

/**
 * Uploads each item's file to amoCRM's file storage: an upload session, then the file's bytes in
 * parts of the size the session allows, each to the address the previous answer gave. Files to
 * attach are attached afterwards, the files of all items for one record in one request.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const uploaded = new Map<number, IDataObject>();
	const attachments: AttachRequest[] = [];
	const output = await forEachItem.call(
		this,
		items,
		async (i) => {
			const attachTo = this.getNodeParameter('attachTo', i, 'none') as RecordType | 'none';
			const target = attachTo === 'none' ? null : recordParameter(this, 'attachTo', i);
			const file = presentFile(await uploadItem(this, items, i));
			file.attached_to = target
				? { entity_type: target.entityType, entity_id: target.entityId }
				: null;
			uploaded.set(i, file);
			if (target) attachments.push({ itemIndex: i, ...target, uuids: [String(file.uuid)] });
			return file;
		},
		CONCURRENT_UPLOADS,
	);
	if (!attachments.length) return output;
	// Uploads finish in any order; attach in the order of the items.
	const failures = await attachFiles(
		this,
		attachments.sort((a, b) => a.itemIndex - b.itemIndex),
	);
	return output.map((item) => {
		const i = (item.pairedItem as { item: number }).item;
		const failure = failures.get(i);
		if (!failure || !uploaded.has(i)) return item;
		const file = uploaded.get(i)!;
		const error = new NodeOperationError(
			this.getNode(),
			`Uploaded "${String(file.name)}" (UUID ${String(file.uuid)}) but could not attach it: ${failure.message}`,
			{
				itemIndex: i,
				description:
					`The file is on amoCRM’s file storage; attach it with File → Attach and this UUID. ${(failure as NodeOperationError).description ?? ''}`.trim(),
			},
		);
		if (!this.continueOnFail()) throw withItemIndex(this, error, i);
		return errorItem(this, error, i);
	});
}

async function uploadItem(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	i: number,
): Promise<IDataObject> {
	const field = String(ctx.getNodeParameter('binaryPropertyName', i, 'data')).trim();
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const binary = items[i].binary?.[field];
	if (!binary) {
		const present = Object.keys(items[i].binary ?? {});
		throw new NodeOperationError(ctx.getNode(), `The item has no binary field "${field}"`, {
			itemIndex: i,
			description: present.length
				? `Its binary fields are: ${present.join(', ')}. Set Input Binary Field to the one holding the file.`
				: 'It has no binary data at all. Read the file first (for instance with Read/Write Files from Disk, or HTTP Request set to return a file).',
		});
	}
	const bytes = await ctx.helpers.getBinaryDataBuffer(i, field);
	const name = String(
		options.fileName ||
			binary.fileName ||
			`file${binary.fileExtension ? `.${binary.fileExtension}` : ''}`,
	);
	const mimeType = binary.mimeType || 'application/octet-stream';
	if (bytes.length === 0)
		throw new NodeOperationError(ctx.getNode(), `The file "${name}" is empty`, {
			itemIndex: i,
			description: 'amoCRM stores files of at least one byte.',
		});
	const drive = await driveUrlOf(ctx);
	const session = await openSession(ctx, drive, i, {
		file_name: name,
		file_size: bytes.length,
		content_type: mimeType,
		...(options.newVersionOf ? { file_uuid: String(options.newVersionOf).trim() } : {}),
		...(options.withPreview ? { with_preview: true } : {}),
	});
	const maxFileSize = Number(session.max_file_size);
	if (Number.isFinite(maxFileSize) && maxFileSize > 0 && bytes.length > maxFileSize)
		throw tooLarge(
			ctx,
			name,
			bytes.length,
			i,
			`the account allows at most ${sizeText(maxFileSize)}`,
		);
	const partSize = Number(session.max_part_size);
	if (!Number.isInteger(partSize) || partSize < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			'amoCRM’s file storage did not say how big a part of the file may be',
			{ itemIndex: i, description: 'Its answer to the upload session had no max_part_size.' },
		);
	}
	let url = onDrive(ctx, session.upload_url, drive, 'upload address', i);
	for (let offset = 0; ; ) {
		const part = bytes.subarray(offset, offset + partSize);
		let answer: IDataObject | undefined;
		try {
			// Not sent again after a 5xx or a lost connection: whether the part was taken is not known.
			answer = await amoCrmApiRequest.call(
				ctx,
				'POST',
				url,
				{ bytes: part, contentType: mimeType },
				undefined,
				false,
			);
		} catch (error) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The upload of "${name}" stopped after ${offset} of ${bytes.length} bytes: ${(error as Error).message}`,
				{
					itemIndex: i,
					description: `amoCRM’s file storage did not take the part sent to ${describeEndpoint(url)}, so nothing was stored. Upload the file again (an upload session lasts at most 24 hours).`,
				},
			);
		}
		offset += part.length;
		// The answer to the last part is the file; to the others, the address of the next part.
		if (answer?.uuid) {
			if (offset < bytes.length) throw incomplete(ctx, name, offset, bytes.length, i);
			return answer;
		}
		if (offset >= bytes.length) throw incomplete(ctx, name, offset, bytes.length, i);
		url = onDrive(ctx, answer?.next_url, drive, 'address for the next part', i);
	}
}

async function openSession(
	ctx: IExecuteFunctions,
	drive: string,
	i: number,
	body: IDataObject,
): Promise<IDataObject> {
	try {
		// An upload session holds nothing until its parts arrive, and an unused one expires: safe to open again.
		return (
			(await amoCrmApiRequest.call(ctx, 'POST', `${drive}/v1.0/sessions`, body, undefined, true)) ??
			{}
		);
	} catch (error) {
		if (statusOf(error) !== 400) throw withItemIndex(ctx, error, i);
		throw new NodeOperationError(
			ctx.getNode(),
			`amoCRM refused to store "${String(body.file_name)}" (${sizeText(Number(body.file_size))}): ${(error as Error).message}`,
			{
				itemIndex: i,
				description: `${LIMITS}${body.file_uuid ? ' As a new version, the file named in New Version of File UUID must be on the storage and not in the trash.' : ''}`,
			},
		);
	}
}

const LIMITS =
	'amoCRM’s file storage takes a file up to the size limit of the account (300 MB in amoCRM’s documentation; the storage names the limit when an upload starts) and while the account has disk space left (more can be bought under Settings → Billing). A file that is too big has to be made smaller, or kept elsewhere and linked.';

function tooLarge(
	ctx: IExecuteFunctions,
	name: string,
	size: number,
	i: number,
	reason: string,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`The file "${name}" (${sizeText(size)}) is too large for amoCRM: ${reason}`,
		{ itemIndex: i, description: LIMITS },
	);
}

function incomplete(
	ctx: IExecuteFunctions,
	name: string,
	sent: number,
	size: number,
	i: number,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`amoCRM’s file storage did not finish the upload of "${name}"`,
		{
			itemIndex: i,
			description: `After ${sent} of ${size} bytes it answered ${sent < size ? 'with a finished file' : 'without the file it stored'}. Upload the file again.`,
		},
	);
}

function sizeText(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${bytes} bytes`;
}
