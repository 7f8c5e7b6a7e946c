import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWrite, type BatchOutcome } from '../../transport/batch';
import { type CompanyLinks, linkCompanies } from './fields';

/**
 * Create or update companies in batches, then write the links each item asked for in one batched
 * request. A company that was saved but could not be linked is reported on its item with its ID,
 * so nothing is saved silently.
 */
export async function writeCompanies(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	method: 'POST' | 'PATCH',
	prepare: (itemIndex: number) => Promise<{ body: IDataObject; links: CompanyLinks }>,
): Promise<INodeExecutionData[]> {
	const linksOf = new Map<number, CompanyLinks>();
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const { body, links } = await prepare(i);
			linksOf.set(i, links);
			return body;
		},
		write: async (entries) => {
			const outcomes = await amoCrmBatchWrite.call(this, {
				method,
				endpoint: '/api/v4/companies',
				embeddedKey: 'companies',
				entries,
				idempotent: method === 'PATCH',
			});
			const saved = outcomes
				.filter((o) => o.result)
				.map((o) => ({
					itemIndex: o.itemIndex,
					companyId: Number(o.result!.id),
					links: linksOf.get(o.itemIndex)!,
				}));
			const failed = await linkCompanies(this, saved);
			return outcomes.map((outcome): BatchOutcome => {
				const reason = failed.get(outcome.itemIndex);
				if (!reason) return outcome;
				const message = `Company ${String(outcome.result!.id)} was saved, but linking it failed: ${reason}`;
				return {
					itemIndex: outcome.itemIndex,
					error: new NodeOperationError(this.getNode(), message, { itemIndex: outcome.itemIndex }),
				};
			});
		},
		present: (result, i, sent) => {
			const links = linksOf.get(i)!;
			const output: IDataObject = { id: result.id, ...sent };
			if (method === 'PATCH') output.updated_at = result.updated_at;
			if (links.contacts.length) output.linked_contact_ids = links.contacts;
			if (links.leads.length) output.linked_lead_ids = links.leads;
			return output;
		},
	});
}
