import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { filtersCollection, recordIds } from '../common.descriptions';
import { listFields, readList } from '../read';
import { customersCall, customersProblem } from './availability';
import { simplifyCustomer, withoutHalLinks } from './fields';

const properties: INodeProperties[] = [
	...listFields,
	filtersCollection([
		{
			displayName: 'IDs',
			name: 'ids',
			type: 'string',
			default: '',
			placeholder: 'e.g. 90000001, 90000002',
			description: 'Comma-separated customer IDs',
		},
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			default: '',
			description: 'Full-text search over the customer name and field values',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = {};
		const ids = recordIds(
			this,
			i,
			filters.ids,
			(part) => `IDs takes customer IDs separated by commas; "${part}" is not one`,
		);
		if (ids.length) qs['filter[id]'] = ids;
		if (String(filters.query ?? '').trim()) qs.query = String(filters.query).trim();
		const customers = await customersCall(
			this,
			i,
			async () => await readList(this, i, '/api/v4/customers', 'customers', qs),
		);
		if (!customers.length) {
			const problem = await customersProblem(this, i);
			if (problem) throw problem;
		}
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return customers.map((customer) =>
			simplify ? simplifyCustomer(customer) : withoutHalLinks(customer),
		);
	});
}
