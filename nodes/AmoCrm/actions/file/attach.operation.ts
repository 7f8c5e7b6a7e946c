import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { errorItem, withItemIndex } from '../../../shared/items';
import { type AttachRequest, attachFiles } from './drive';
import { fileUuidsParameter, recordLocators, recordParameter, recordTypeOptions } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'File UUIDs',
		name: 'fileUuids',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 367b9f38-5f01-4cea-947e-dfab47aea522',
		description:
			'Files already on amoCRM’s file storage: one UUID, or several separated by commas (Upload outputs it as uuid)',
	},
	{
		displayName: 'Attach To',
		name: 'entityType',
		type: 'options',
		options: recordTypeOptions,
		default: 'leads',
		description: 'What kind of record gets the files',
	},
	...recordLocators('attach', 'entityType'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['attach'] } },
	properties,
);

/** Attaches files to records: the files of all items for one record in one request. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const requests: AttachRequest[] = [];
	const failures = new Map<number, Error>();
	for (let i = 0; i < items.length; i++) {
		try {
			requests.push({
				itemIndex: i,
				...recordParameter(this, 'entityType', i),
				uuids: fileUuidsParameter(this, 'fileUuids', i),
			});
		} catch (error) {
			if (!this.continueOnFail()) throw withItemIndex(this, error, i);
			failures.set(i, withItemIndex(this, error, i));
		}
	}
	for (const [i, error] of await attachFiles(this, requests)) failures.set(i, error);
	const byItem = new Map(requests.map((request) => [request.itemIndex, request]));
	return items.map((_, i) => {
		const failure = failures.get(i);
		if (failure) {
			if (!this.continueOnFail()) throw withItemIndex(this, failure, i);
			return errorItem(this, failure, i);
		}
		const { entityType, entityId, uuids } = byItem.get(i)!;
		return {
			json: { entity_type: entityType, entity_id: entityId, file_uuids: uuids, attached: true },
			pairedItem: { item: i },
		};
	});
}
