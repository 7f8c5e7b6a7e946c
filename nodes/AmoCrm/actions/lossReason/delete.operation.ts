import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import { idParameter } from '../common.descriptions';
import { LOSS_REASONS_ENDPOINT, lossReasonField } from './fields';

const properties: INodeProperties[] = [{ ...lossReasonField, required: true }];

export const description = updateDisplayOptions(
	{ show: { resource: ['lossReason'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = idParameter(this, 'lossReasonId', i, 'a loss reason ID');
		// A 404 means there is no reason with this ID.
		const failure = await amoCrmApiRequest
			.call(this, 'DELETE', `${LOSS_REASONS_ENDPOINT}/${id}`)
			.then(
				() => undefined,
				(error: unknown) => error as NodeApiError,
			);
		if (failure?.httpCode === '404')
			throw new NodeOperationError(this.getNode(), `amoCRM has no loss reason with ID ${id}`, {
				itemIndex: i,
			});
		if (failure) throw failure;
		return { id, deleted: true };
	});
}
