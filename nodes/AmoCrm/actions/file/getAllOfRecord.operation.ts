import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withItemIndex } from '../../../shared/items';
import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import { limitField, returnAllField } from '../common.descriptions';
import { filesByUuid, noRecordError, presentFile, statusOf } from './drive';
import { type RecordType, recordLocators, recordParameter, recordTypeOptions } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Record Type',
		name: 'entityType',
		type: 'options',
		options: recordTypeOptions,
		default: 'leads',
		description: 'What kind of record the files are attached to',
	},
	...recordLocators('getAllOfRecord', 'entityType'),
	returnAllField,
	limitField,
	{
		displayName: 'Include File Details',
		name: 'withDetails',
		type: 'boolean',
		default: true,
		description:
			'Whether to read each file’s name, size and type from amoCRM’s file storage (one more request per 50 files); without it, only UUIDs',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['getAllOfRecord'] } },
	properties,
);

/** amoCRM's page of a record's files; the next page is asked for with the last link's ID (`before_id`). */
const PAGE_SIZE = 50;

/** The files attached to a record (its Files tab), most recently attached first. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const { entityType, entityId } = recordParameter(this, 'entityType', i);
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
		const links = await recordFiles(this, entityType, entityId, limit, i);
		const details =
			this.getNodeParameter('withDetails', i, true) && links.length
				? await filesByUuid(
						this,
						links.map((link) => String(link.file_uuid)),
					)
				: null;
		return links.map((link) => {
			const file = details?.get(String(link.file_uuid));
			return {
				entity_type: entityType,
				entity_id: entityId,
				link_id: link.id,
				...(file ? presentFile(file) : { uuid: link.file_uuid }),
				...(details && !file ? { on_storage: false } : {}),
			};
		});
	});
}

async function recordFiles(
	ctx: IExecuteFunctions,
	entityType: RecordType,
	entityId: number,
	limit: number,
	i: number,
): Promise<IDataObject[]> {
	const links: IDataObject[] = [];
	let beforeId: number | undefined;
	while (links.length < limit) {
		const size = Math.min(PAGE_SIZE, limit - links.length);
		let answer: IDataObject | undefined;
		try {
			answer = await amoCrmApiRequest.call(
				ctx,
				'GET',
				`/api/v4/${entityType}/${entityId}/files`,
				undefined,
				{ limit: size, ...(beforeId ? { before_id: beforeId } : {}) },
			);
		} catch (error) {
			if (statusOf(error) === 404) throw noRecordError(ctx, entityType, entityId, i);
			throw withItemIndex(ctx, error, i);
		}
		const page = ((answer?._embedded as IDataObject | undefined)?.files ?? []) as IDataObject[];
		links.push(...page);
		if (page.length < size) break;
		beforeId = Number(page[page.length - 1].id);
	}
	return links.slice(0, limit);
}
