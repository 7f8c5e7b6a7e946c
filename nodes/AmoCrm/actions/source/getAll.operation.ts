import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { filtersCollection, limitField, returnAllField } from '../common.descriptions';
import { presentSource, readSources } from './fields';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	filtersCollection([
		{
			displayName: 'External IDs',
			name: 'externalIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. landing-spring, +7 912 100 00 00',
			description:
				'Only the sources with these external IDs, separated by commas; or, from an expression, a list of them',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['source'], operation: ['getAll'] } },
	properties,
);

/** The integration's own sources: amoCRM answers all of them (at most 100) in one page. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		// An external ID may itself hold a comma: a list from an expression keeps each one whole.
		const raw = filters.externalIds as unknown;
		const externalIds = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(','))
			.map((id) => id.trim())
			.filter(Boolean);
		const qs: IDataObject = externalIds.length ? { 'filter[external_id]': externalIds } : {};
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
		return (await readSources(this, qs)).slice(0, limit).map(presentSource);
	});
}
