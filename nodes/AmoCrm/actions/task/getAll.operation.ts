import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyTask, withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequestAllItems } from '../../transport';
import {
	entityIdRefusal,
	entityTypeOptions,
	filtersCollection,
	optionalNumber,
	recordIds,
	responsibleUserField,
	unixSeconds,
} from '../common.descriptions';
import { addRange, dateRangeFilters, listFields } from '../read';
import { taskTypeField } from './fields';

const properties: INodeProperties[] = [
	...listFields,
	filtersCollection([
		{
			displayName: 'Completed',
			name: 'completed',
			type: 'options',
			options: [
				{ name: 'Any', value: 'any' },
				{ name: 'Completed Only', value: 'completed' },
				{ name: 'Open Only', value: 'open' },
			],
			default: 'any',
		},
		{ displayName: 'Due After', name: 'dueFrom', type: 'dateTime', default: '' },
		{ displayName: 'Due Before', name: 'dueTo', type: 'dateTime', default: '' },
		{
			displayName: 'Entity ID',
			name: 'entityId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 30000001, 30000002',
			description:
				'Tasks of these records (one ID, or several separated by commas; set the entity type too)',
		},
		{
			displayName: 'Entity Type',
			name: 'entityType',
			type: 'options',
			options: entityTypeOptions,
			default: 'leads',
		},
		responsibleUserField,
		taskTypeField,
		...dateRangeFilters('Updated', 'updated'),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = {};
		const responsible = optionalNumber(filters.responsibleUserId);
		if (responsible !== undefined) qs['filter[responsible_user_id]'] = responsible;
		if (filters.completed === 'open') qs['filter[is_completed]'] = 0;
		if (filters.completed === 'completed') qs['filter[is_completed]'] = 1;
		const type = optionalNumber(filters.taskTypeId);
		if (type !== undefined) qs['filter[task_type]'] = type;
		const entityIds = recordIds(this, i, filters.entityId, entityIdRefusal);
		if (filters.entityType) qs['filter[entity_type]'] = filters.entityType;
		if (entityIds.length) {
			qs['filter[entity_type]'] = filters.entityType || 'leads';
			qs['filter[entity_id]'] = entityIds.length === 1 ? entityIds[0] : entityIds;
		}
		addRange(qs, 'updated_at', filters.updatedFrom, filters.updatedTo);
		const dueFrom = unixSeconds(filters.dueFrom);
		const dueTo = unixSeconds(filters.dueTo);
		if (filters.dueFrom && dueFrom === undefined)
			throw new NodeOperationError(this.getNode(), 'Due After is not a date', { itemIndex: i });
		if (filters.dueTo && dueTo === undefined)
			throw new NodeOperationError(this.getNode(), 'Due Before is not a date', { itemIndex: i });

		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
		const dueRange = dueFrom !== undefined || dueTo !== undefined;
		const inRange = (t: IDataObject) =>
			(dueFrom === undefined || Number(t.complete_till) >= dueFrom) &&
			(dueTo === undefined || Number(t.complete_till) <= dueTo);
		let tasks: IDataObject[];
		if (dueRange) {
			// amoCRM has no due-date filter: read in due order and stop once past the range or at Limit.
			qs['order[complete_till]'] = 'asc';
			let matched = 0;
			const read = await amoCrmApiRequestAllItems.call(
				this,
				'/api/v4/tasks',
				'tasks',
				qs,
				Infinity,
				(page) => {
					matched += page.filter(inRange).length;
					const last = page[page.length - 1];
					return matched < limit && (dueTo === undefined || Number(last.complete_till) <= dueTo);
				},
			);
			tasks = read.filter(inRange).slice(0, limit);
		} else {
			qs['order[id]'] = 'asc';
			tasks = await amoCrmApiRequestAllItems.call(this, '/api/v4/tasks', 'tasks', qs, limit);
		}
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return tasks.map((t) => (simplify ? simplifyTask(t) : withoutLinks(t)));
	});
}
