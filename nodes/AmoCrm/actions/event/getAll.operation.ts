import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import {
	filtersCollection,
	limitField,
	optionalNumber,
	responsibleUserField,
	returnAllField,
} from '../common.descriptions';
import { addRange, dateRangeFilters, readList } from '../read';

const EVENT_TYPES = [
	'common_note_added',
	'company_added',
	'contact_added',
	'custom_field_value_changed',
	'entity_linked',
	'entity_merged',
	'entity_responsible_changed',
	'entity_tag_added',
	'entity_tag_deleted',
	'entity_unlinked',
	'incoming_call',
	'incoming_chat_message',
	'lead_added',
	'lead_deleted',
	'lead_restored',
	'lead_status_changed',
	'name_field_changed',
	'outgoing_call',
	'sale_field_changed',
	'service_note_added',
	'task_added',
	'task_completed',
];

/** amoCRM gives at most 100 events per page. */
const EVENTS_PAGE = 100;

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	filtersCollection([
		{ ...responsibleUserField, displayName: 'Created By Name or ID', name: 'createdBy' },
		...dateRangeFilters('Created', 'created'),
		{
			displayName: 'Entity',
			name: 'entity',
			type: 'options',
			options: [
				{ name: 'Company', value: 'company' },
				{ name: 'Contact', value: 'contact' },
				{ name: 'Lead', value: 'lead' },
				{ name: 'Task', value: 'task' },
			],
			default: 'lead',
		},
		{
			displayName: 'Entity IDs',
			name: 'entityIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 30000001, 30000002',
			description: 'Comma-separated IDs, at most 10; needs the Entity filter',
		},
		{
			displayName: 'Types',
			name: 'types',
			type: 'multiOptions',
			options: EVENT_TYPES.map((value) => ({ name: value, value })),
			default: [],
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['event'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = {};
		const types = (filters.types ?? []) as string[];
		if (types.length) qs['filter[type]'] = types.join(',');
		if (filters.entity) qs['filter[entity]'] = filters.entity;
		const ids = String(filters.entityIds ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		if (ids.length) {
			if (!filters.entity)
				throw new NodeOperationError(
					this.getNode(),
					'Filtering by entity IDs needs the Entity filter too',
					{ itemIndex: i },
				);
			if (ids.length > 10)
				throw new NodeOperationError(
					this.getNode(),
					'amoCRM filters events by at most 10 entity IDs',
					{ itemIndex: i },
				);
			if (ids.some((id) => !/^\d+$/.test(id)))
				throw new NodeOperationError(
					this.getNode(),
					`"${filters.entityIds}" is not a list of IDs`,
					{ itemIndex: i },
				);
			qs['filter[entity_id]'] = ids.join(',');
		}
		const createdBy = optionalNumber(filters.createdBy);
		if (createdBy !== undefined) qs['filter[created_by]'] = createdBy;
		addRange(qs, 'created_at', filters.createdFrom, filters.createdTo);
		return (await readList(this, i, '/api/v4/events', 'events', qs, undefined, EVENTS_PAGE)).map(
			withoutLinks,
		);
	});
}
