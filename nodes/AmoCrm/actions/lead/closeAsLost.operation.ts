import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmGetByIds } from '../../transport';
import { amoCrmBatchWrite, type BatchEntry, type BatchOutcome } from '../../transport/batch';
import { idParameter, leadLocator, optionsCollection, recordIdParameter, unixSeconds } from '../common.descriptions';
import { existingLossReason, lossReasonField } from '../lossReason/fields';
import { LOST } from './fields';

const properties: INodeProperties[] = [
	leadLocator(),
	{ ...lossReasonField, description: `Why the lead was lost; none when empty. ${String(lossReasonField.description)}.` },
	optionsCollection([
		{ displayName: 'Close Date', name: 'closedAt', type: 'dateTime', default: '', description: 'When the lead was lost; amoCRM sets the time of the change when empty' },
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['closeAsLost'] } }, properties);

/**
 * Moves leads to the lost stage (143) of their own pipeline: amoCRM needs the pipeline with a
 * closing stage, since 143 exists in every pipeline. The leads' pipelines are read in one request
 * per 250 leads, then the leads are written in batches.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const written = new Map<number, IDataObject>();
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const body: IDataObject = { id: recordIdParameter(this, 'leadId', i) };
			const reason = this.getNodeParameter('lossReasonId', i, '') as unknown;
			if (reason !== '' && reason !== null && reason !== undefined) {
				const reasonId = idParameter(this, 'lossReasonId', i, 'a loss reason ID');
				await existingLossReason(this, reasonId, i);
				body.loss_reason_id = reasonId;
			}
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			if (options.closedAt !== undefined && options.closedAt !== '') {
				const closedAt = unixSeconds(options.closedAt);
				if (closedAt === undefined) throw new NodeOperationError(this.getNode(), `"${String(options.closedAt)}" is not a date`, { itemIndex: i });
				body.closed_at = closedAt;
			}
			return body;
		},
		write: async (entries) => {
			const leads = await amoCrmGetByIds.call(this, '/api/v4/leads', 'leads', entries.map((e) => Number(e.body.id)));
			const pipelineOf = new Map(leads.map((lead) => [Number(lead.id), lead.pipeline_id]));
			const missing: BatchOutcome[] = [];
			const known: BatchEntry[] = [];
			for (const { itemIndex, body } of entries) {
				const { id, ...rest } = body;
				if (!pipelineOf.has(Number(id))) {
					missing.push({ itemIndex, error: new NodeOperationError(this.getNode(), `amoCRM has no lead with ID ${String(id)}`, { itemIndex }) });
					continue;
				}
				const lost = { id, status_id: LOST, pipeline_id: pipelineOf.get(Number(id)), ...rest };
				written.set(itemIndex, lost);
				known.push({ itemIndex, body: lost });
			}
			// Without Continue On Fail an unknown lead stops the node before any lead is written.
			if (!known.length || (missing.length && !this.continueOnFail())) return missing;
			return [...missing, ...(await amoCrmBatchWrite.call(this, { method: 'PATCH', endpoint: '/api/v4/leads', embeddedKey: 'leads', entries: known, idempotent: true }))];
		},
		present: (result, i) => ({ ...written.get(i), updated_at: result.updated_at }),
	});
}
