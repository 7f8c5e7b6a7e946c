import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { amoCrmApiRequestAllItems, oncePerRun } from '../../transport';

export const LOSS_REASONS_ENDPOINT = '/api/v4/leads/loss_reasons';

/** Loss reason picker: by name from the account's list, or an ID by expression. */
export const lossReasonField: INodeProperties = {
	displayName: 'Loss Reason Name or ID',
	name: 'lossReasonId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getLossReasons' },
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

/** The account's loss reasons, read once per node run however many items name one. */
async function lossReasonsOf(ctx: IExecuteFunctions): Promise<IDataObject[]> {
	return await oncePerRun(
		ctx,
		'lossReasons',
		async () => await amoCrmApiRequestAllItems.call(ctx, LOSS_REASONS_ENDPOINT, 'loss_reasons'),
	);
}

/**
 * The loss reason with this ID, or an error naming the item. The reasons are checked before a lead
 * is written: what amoCRM does with an ID that names no reason is not documented.
 */
export async function existingLossReason(
	ctx: IExecuteFunctions,
	id: number,
	itemIndex: number,
): Promise<IDataObject> {
	const reason = (await lossReasonsOf(ctx)).find((r) => Number(r.id) === id);
	if (!reason) {
		throw new NodeOperationError(ctx.getNode(), `amoCRM has no loss reason with ID ${id}`, {
			itemIndex,
			description:
				'Pick the reason from the list, or give the ID of one of the account’s loss reasons.',
		});
	}
	return reason;
}
