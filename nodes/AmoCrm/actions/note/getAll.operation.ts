import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyNote, withoutLinks } from '../../helpers/simplify';
import {
	entityIdRefusal,
	entityTypeOptions,
	filtersCollection,
	recordIds,
} from '../common.descriptions';
import { addRange, dateRangeFilters, listFields, readList } from '../read';

const properties: INodeProperties[] = [
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		options: entityTypeOptions,
		default: 'leads',
	},
	{
		displayName: 'Entity ID',
		name: 'entityId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 30000001, 30000002',
		description:
			'Notes of these records only (one ID, or several separated by commas); leave empty for notes of every record of the type',
	},
	...listFields,
	filtersCollection([
		{
			displayName: 'Note Types',
			name: 'noteTypes',
			type: 'multiOptions',
			options: [
				{ name: 'File', value: 'attachment' },
				{ name: 'Incoming Call', value: 'call_in' },
				{ name: 'Outgoing Call', value: 'call_out' },
				{ name: 'Service Message', value: 'service_message' },
				{ name: 'SMS In', value: 'sms_in' },
				{ name: 'SMS Out', value: 'sms_out' },
				{ name: 'Text', value: 'common' },
			],
			default: [],
		},
		...dateRangeFilters('Updated', 'updated'),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['note'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const entityType = this.getNodeParameter('entityType', i) as string;
		const entityIds = recordIds(this, i, this.getNodeParameter('entityId', i, ''), entityIdRefusal);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = {};
		if (Array.isArray(filters.noteTypes) && filters.noteTypes.length)
			qs['filter[note_type]'] = filters.noteTypes;
		addRange(qs, 'updated_at', filters.updatedFrom, filters.updatedTo);
		if (entityIds.length > 1) qs['filter[entity_id]'] = entityIds;
		const endpoint =
			entityIds.length === 1
				? `/api/v4/${entityType}/${entityIds[0]}/notes`
				: `/api/v4/${entityType}/notes`;
		const notes = await readList(this, i, endpoint, 'notes', qs);
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return notes.map((note) => ({
			...(simplify ? simplifyNote(note) : withoutLinks(note)),
			entity_type: entityType,
		}));
	});
}
