import type { INodeProperties } from 'n8n-workflow';

import * as attach from './attach.operation';
import * as download from './download.operation';
import * as getAllOfRecord from './getAllOfRecord.operation';
import * as upload from './upload.operation';

export { attach, download, getAllOfRecord, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['file'] } },
		options: [
			{
				name: 'Attach',
				value: 'attach',
				description:
					'Attach files already in amoCRM to a lead, contact or company (many in one request)',
				action: 'Attach files to a record',
			},
			{
				name: 'Download',
				value: 'download',
				description: 'Download a file from amoCRM into a binary field',
				action: 'Download a file',
			},
			{
				name: 'Get Many of a Record',
				value: 'getAllOfRecord',
				description: 'Get the files attached to a lead, contact or company',
				action: 'Get the files of a record',
			},
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload a file from a binary field, and attach it to a record if wanted',
				action: 'Upload a file',
			},
		],
		default: 'upload',
	},
	...attach.description,
	...download.description,
	...getAllOfRecord.description,
	...upload.description,
];
