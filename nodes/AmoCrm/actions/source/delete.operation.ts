import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWrite, type BatchOutcome } from '../../transport/batch';
import { readSources, sourceIdField, sourceIdOf } from './fields';

const properties: INodeProperties[] = [sourceIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['source'], operation: ['delete'] } },
	properties,
);

/**
 * Deletes sources, 50 per request. amoCRM refuses a whole batch that names a source it does not
 * have, so the integration's sources are read first (one request): an unknown ID fails its own
 * item (with Continue On Fail; otherwise it stops the node before anything is deleted).
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: (i) => ({ id: sourceIdOf(this, i) }),
		write: async (entries) => {
			let existing: Set<number>;
			try {
				existing = new Set((await readSources(this)).map((source) => Number(source.id)));
			} catch (error) {
				return entries.map(
					(entry): BatchOutcome => ({ itemIndex: entry.itemIndex, error: error as Error }),
				);
			}
			const unknown = entries.filter((entry) => !existing.has(Number(entry.body.id)));
			const known = entries.filter((entry) => existing.has(Number(entry.body.id)));
			const missing = unknown.map(
				(entry): BatchOutcome => ({
					itemIndex: entry.itemIndex,
					error: new NodeOperationError(
						this.getNode(),
						`amoCRM has no source with ID ${String(entry.body.id)}`,
						{
							itemIndex: entry.itemIndex,
							description:
								'The integration whose token the credential holds has no such source: it was deleted, or it belongs to another integration.',
						},
					),
				}),
			);
			// Without Continue On Fail an unknown source stops the node before anything is deleted.
			if (missing.length && !this.continueOnFail()) throw missing[0].error;
			const deleted = known.length
				? await amoCrmBatchWrite.call(this, {
						method: 'DELETE',
						endpoint: '/api/v4/sources',
						embeddedKey: 'sources',
						entries: known,
						batchSize: 50,
						idempotent: true,
					})
				: [];
			return [...deleted, ...missing];
		},
		present: (_result, _i, sent) => ({ id: sent.id, deleted: true }),
	});
}
