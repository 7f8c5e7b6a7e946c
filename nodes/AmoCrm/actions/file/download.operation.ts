import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { errorItem, withItemIndex } from '../../../shared/items';
import { amoCrmApiDownload, amoCrmApiRequest } from '../../transport';
import { driveUrlOf, noFileError, onDrive, presentFile, statusOf } from './drive';
import { fileUuidField, fileUuidsParameter } from './fields';

const properties: INodeProperties[] = [
	fileUuidField(
		'The file on amoCRM’s file storage (Upload and Get Many of a Record output it as uuid)',
	),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['download'] } },
	properties,
);

/** Reads the file object (name, MIME type, download address), then the file's active version. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const uuids = fileUuidsParameter(this, 'fileUuid', i);
			if (uuids.length > 1)
				throw new NodeOperationError(this.getNode(), 'Download takes one file UUID per item', {
					itemIndex: i,
				});
			const field = String(this.getNodeParameter('binaryPropertyName', i, 'data')).trim();
			const drive = await driveUrlOf(this);
			let file;
			try {
				file = await amoCrmApiRequest.call(this, 'GET', `${drive}/v1.0/files/${uuids[0]}`);
			} catch (error) {
				if (statusOf(error) === 404) throw noFileError(this, uuids[0], i);
				throw withItemIndex(this, error, i);
			}
			if (!file) throw noFileError(this, uuids[0], i);
			if (file.is_trashed) throw noFileError(this, uuids[0], i);
			const link = onDrive(
				this,
				(file._links as { download?: { href?: unknown } } | undefined)?.download?.href,
				drive,
				'download address',
				i,
			);
			const { bytes, headers } = await amoCrmApiDownload.call(this, link);
			const json = presentFile(file);
			const mimeType = String(
				json.mime_type ?? headers['content-type'] ?? 'application/octet-stream',
			);
			const binary = await this.helpers.prepareBinaryData(bytes, String(file.name), mimeType);
			binary.fileName = String(file.name);
			output.push({ json, binary: { [field]: binary }, pairedItem: { item: i } });
		} catch (error) {
			if (!this.continueOnFail()) throw withItemIndex(this, error, i);
			output.push(errorItem(this, withItemIndex(this, error, i), i));
		}
	}
	return output;
}
