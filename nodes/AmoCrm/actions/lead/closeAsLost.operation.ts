import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import {
	idParameter,
	leadLocator,
	optionsCollection,
	recordIdParameter,
	unixSeconds,
} from '../common.descriptions';
import { existingLossReason, lossReasonField } from '../lossReason/fields';
import { updateLeads } from './closing';
import { LOST } from '../../helpers/stages';

const properties: INodeProperties[] = [
	leadLocator(),
	{
		...lossReasonField,
		description: `Why the lead was lost; none when empty. ${String(lossReasonField.description)}.`,
	},
	optionsCollection([
		{
			displayName: 'Close Date',
			name: 'closedAt',
			type: 'dateTime',
			default: '',
			description: 'When the lead was lost; amoCRM sets the time of the change when empty',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['closeAsLost'] } },
	properties,
);

/** Moves leads to the lost stage (143) of their own pipeline. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const body: IDataObject = { id: recordIdParameter(this, 'leadId', i), status_id: LOST };
			const reason = this.getNodeParameter('lossReasonId', i, '') as unknown;
			if (reason !== '' && reason !== null && reason !== undefined) {
				const reasonId = idParameter(this, 'lossReasonId', i, 'a loss reason ID');
				await existingLossReason(this, reasonId, i);
				body.loss_reason_id = reasonId;
			}
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			if (options.closedAt !== undefined && options.closedAt !== '') {
				const closedAt = unixSeconds(options.closedAt);
				if (closedAt === undefined)
					throw new NodeOperationError(
						this.getNode(),
						`"${String(options.closedAt)}" is not a date`,
						{ itemIndex: i },
					);
				body.closed_at = closedAt;
			}
			return body;
		},
		write: async (entries) => await updateLeads.call(this, entries),
		present: (result, _i, sent) => ({ ...sent, updated_at: result.updated_at }),
	});
}
