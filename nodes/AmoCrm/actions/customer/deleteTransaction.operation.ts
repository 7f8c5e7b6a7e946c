import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import { idParameter } from '../common.descriptions';
import { explainFailure, isRefusal } from './availability';

const properties: INodeProperties[] = [
	{
		displayName: 'Transaction ID',
		name: 'transactionId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 91000001',
		description: 'ID of the purchase, as Add Transaction or Get Transactions give it',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['deleteTransaction'] } },
	properties,
);

/** Deletes purchases one by one, the only way amoCRM deletes them; the customer's lifetime value drops by their amounts. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = idParameter(
			this,
			'transactionId',
			i,
			'a transaction ID',
			'Give the numeric ID of the purchase, as Get Transactions shows it.',
		);
		try {
			await amoCrmApiRequest.call(this, 'DELETE', `/api/v4/customers/transactions/${id}`);
		} catch (error) {
			const explained = await explainFailure(this, error as Error, i);
			if (explained !== error || !isRefusal(error)) throw explained;
			// What amoCRM answers for a transaction that does not exist is not documented: look it up.
			const found = await amoCrmApiRequest
				.call(this, 'GET', `/api/v4/customers/transactions/${id}`)
				.catch(() => null);
			if (found !== undefined) throw explained;
			throw new NodeOperationError(this.getNode(), `amoCRM has no transaction with ID ${id}`, {
				itemIndex: i,
				description:
					'It may have been deleted already; Get Transactions lists the purchases that exist.',
			});
		}
		return { id, deleted: true };
	});
}
