import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWriteByGroup, type BatchOutcome } from '../../transport/batch';
import { collection, customerLocator } from '../common.descriptions';
import { customerExists, explainOutcomes, isRefusal, noCustomer } from './availability';
import { amount, customerIdParameter, nextDateField, nextPriceField, timestamp } from './fields';

const properties: INodeProperties[] = [
	customerLocator(),
	{
		displayName: 'Amount',
		name: 'price',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		required: true,
		description: 'Amount of the purchase, a whole number; it adds to the customer’s lifetime value',
	},
	collection('Additional Fields', 'additionalFields', [
		{
			displayName: 'Comment',
			name: 'comment',
			type: 'string',
			default: '',
			placeholder: 'e.g. Заказ №1042',
		},
		{ ...nextPriceField, description: 'Sets the customer’s expected amount of the next purchase' },
		{ ...nextDateField, description: 'Sets when the customer’s next purchase is expected' },
		{
			displayName: 'Purchase Date',
			name: 'completedAt',
			type: 'dateTime',
			default: '',
			description: 'When the purchase was made; amoCRM takes the present moment when empty',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['addTransaction'] } },
	properties,
);

/**
 * Adds purchases, one request per customer (amoCRM takes the purchases of one customer per call, in
 * batches). A purchase's next amount and date become the customer's expected next purchase.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const customerOf = new Map<number, number>();
	return await batchItems.call(this, items, {
		prepare: (i) => {
			const customerId = customerIdParameter(this, i);
			const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
			const price = amount(this, this.getNodeParameter('price', i, ''), 'purchase amount', i);
			if (price === undefined)
				throw new NodeOperationError(this.getNode(), 'A transaction needs an amount', {
					itemIndex: i,
					description: 'Give the amount of the purchase, a whole number.',
				});
			const body: IDataObject = { price };
			const comment = String(fields.comment ?? '').trim();
			if (comment) body.comment = comment;
			const completedAt = timestamp(this, fields.completedAt, 'purchase date', i);
			if (completedAt !== undefined) body.completed_at = completedAt;
			const nextPrice = amount(this, fields.nextPrice, 'next purchase amount', i);
			if (nextPrice !== undefined) body.next_price = nextPrice;
			const nextDate = timestamp(this, fields.nextDate, 'next purchase date', i);
			if (nextDate !== undefined) body.next_date = nextDate;
			customerOf.set(i, customerId);
			return body;
		},
		write: async (entries) => {
			const written = await amoCrmBatchWriteByGroup.call(
				this,
				entries,
				(entry) => String(customerOf.get(entry.itemIndex)),
				// amoCRM's example keys this answer `customers`; `transactions` is what its lists use.
				(customerId) => ({
					method: 'POST',
					endpoint: `/api/v4/customers/${customerId}/transactions`,
					embeddedKey: ['transactions', 'customers'],
				}),
			);
			return await namingUnknownCustomers(this, await explainOutcomes(this, written), customerOf);
		},
		present: (result, i, sent) => ({
			id: result.id,
			customer_id: customerOf.get(i),
			...(sent as IDataObject),
		}),
	});
}

/** What amoCRM answers for purchases of a customer that does not exist is not documented: a refusal is checked against the customer. */
async function namingUnknownCustomers(
	ctx: IExecuteFunctions,
	outcomes: BatchOutcome[],
	customerOf: Map<number, number>,
): Promise<BatchOutcome[]> {
	const known = new Map<number, boolean | undefined>();
	const result: BatchOutcome[] = [];
	for (const outcome of outcomes) {
		const id = customerOf.get(outcome.itemIndex)!;
		if (!outcome.error || !isRefusal(outcome.error)) {
			result.push(outcome);
			continue;
		}
		if (!known.has(id)) known.set(id, await customerExists(ctx, id));
		result.push(
			known.get(id) === false
				? { itemIndex: outcome.itemIndex, error: noCustomer(ctx, id, outcome.itemIndex) }
				: outcome,
		);
	}
	return result;
}
