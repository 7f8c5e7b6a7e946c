import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { customerLocator, filtersCollection, recordIds } from '../common.descriptions';
import { listFields, readList } from '../read';
import { customerExists, customersProblem, isRefusal, noCustomer } from './availability';
import { customerIdParameter, simplifyTransaction, withoutHalLinks } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Of',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'All Customers', value: 'all' },
			{ name: 'One Customer', value: 'customer' },
		],
		default: 'customer',
		description: 'Whether to get the purchases of one customer or of every customer',
	},
	{ ...customerLocator(), displayOptions: { show: { scope: ['customer'] } } },
	...listFields,
	filtersCollection([
		{
			displayName: 'Transaction IDs',
			name: 'ids',
			type: 'string',
			default: '',
			placeholder: 'e.g. 91000001, 91000002',
			description: 'Comma-separated transaction IDs',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['getTransactions'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const customerId =
			this.getNodeParameter('scope', i, 'customer') === 'customer'
				? customerIdParameter(this, i)
				: undefined;
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = {};
		const ids = recordIds(
			this,
			i,
			filters.ids,
			(part) => `Transaction IDs takes IDs separated by commas; "${part}" is not one`,
		);
		if (ids.length) qs['filter[id]'] = ids;
		const endpoint =
			customerId === undefined
				? '/api/v4/customers/transactions'
				: `/api/v4/customers/${customerId}/transactions`;
		// Neither an empty list nor a refusal tells whether Customers are off or the customer is unknown: both are looked up.
		const whyNothing = async (error?: Error): Promise<Error | undefined> => {
			const problem = await customersProblem(this, i);
			if (problem) return problem;
			if (customerId !== undefined && (await customerExists(this, customerId)) === false)
				return noCustomer(this, customerId, i);
			return error;
		};
		let transactions: IDataObject[];
		try {
			transactions = await readList(this, i, endpoint, 'transactions', qs);
		} catch (error) {
			throw isRefusal(error) ? ((await whyNothing(error as Error)) ?? error) : error;
		}
		if (!transactions.length) {
			const problem = await whyNothing();
			if (problem) throw problem;
		}
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return transactions.map((t) => (simplify ? simplifyTransaction(t) : withoutHalLinks(t)));
	});
}
