import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { amoCrmGetByIds } from '../../transport';
import { amoCrmBatchWrite, type BatchEntry, type BatchOutcome } from '../../transport/batch';
import { isClosingStage } from '../../helpers/stages';

/**
 * Writes lead changes in batches. The won and lost stages (142, 143) exist in every pipeline, so
 * amoCRM needs the pipeline with them: a change that closes a lead without naming one gets the
 * lead's own pipeline, read in one request per 250 leads. A lead amoCRM does not have fails its
 * item; without Continue On Fail that stops the node before any lead is written.
 */
export async function updateLeads(
	this: IExecuteFunctions,
	entries: BatchEntry[],
): Promise<BatchOutcome[]> {
	const closing = entries.filter(
		({ body }) => isClosingStage(body.status_id) && body.pipeline_id === undefined,
	);
	const missing: BatchOutcome[] = [];
	if (closing.length) {
		const leads = await amoCrmGetByIds.call(
			this,
			'/api/v4/leads',
			'leads',
			closing.map(({ body }) => Number(body.id)),
		);
		const pipelineOf = new Map(leads.map((lead) => [Number(lead.id), lead.pipeline_id]));
		for (const { itemIndex, body } of closing) {
			if (pipelineOf.has(Number(body.id))) body.pipeline_id = pipelineOf.get(Number(body.id));
			else
				missing.push({
					itemIndex,
					error: new NodeOperationError(
						this.getNode(),
						`amoCRM has no lead with ID ${String(body.id)}`,
						{ itemIndex },
					),
				});
		}
	}
	const known = entries.filter(({ itemIndex }) => !missing.some((m) => m.itemIndex === itemIndex));
	if (!known.length || (missing.length && !this.continueOnFail())) return missing;
	return [
		...missing,
		...(await amoCrmBatchWrite.call(this, {
			method: 'PATCH',
			endpoint: '/api/v4/leads',
			embeddedKey: 'leads',
			entries: known,
			idempotent: true,
		})),
	];
}
