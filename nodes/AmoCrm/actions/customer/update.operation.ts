import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmGetByIds } from '../../transport';
import { amoCrmBatchWrite, type BatchOutcome } from '../../transport/batch';
import {
	collection,
	customerLocator,
	customFieldsField,
	responsibleUserField,
	tagsField,
} from '../common.descriptions';
import { explainFailure, explainOutcomes, noCustomer } from './availability';
import {
	customerBody,
	customerIdParameter,
	type CustomerFields,
	nextDateField,
	nextPriceField,
} from './fields';

const properties: INodeProperties[] = [
	customerLocator(),
	collection('Update Fields', 'updateFields', [
		customFieldsField('customers'),
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
		nextPriceField,
		nextDateField,
		responsibleUserField,
		{
			...tagsField,
			description: 'Comma-separated tag names to add; the customer keeps its other tags',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['update'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const id = customerIdParameter(this, i);
			const fields = this.getNodeParameter('updateFields', i, {}) as CustomerFields;
			try {
				return { id, ...(await customerBody(this, fields, i, true)) };
			} catch (error) {
				throw await explainFailure(this, error as Error, i);
			}
		},
		write: async (entries) => {
			// amoCRM's example keys this answer `leads`; `customers` is what the other customer calls use.
			const written = await explainOutcomes(
				this,
				await amoCrmBatchWrite.call(this, {
					method: 'PATCH',
					endpoint: '/api/v4/customers',
					embeddedKey: ['customers', 'leads'],
					entries,
					idempotent: true,
				}),
			);
			return await namingUnknownCustomers(
				this,
				written,
				new Map(entries.map((e) => [e.itemIndex, Number(e.body.id)])),
			);
		},
		present: (result, _i, sent) => ({ ...(sent as IDataObject), updated_at: result.updated_at }),
	});
}

/** amoCRM refuses an update of a customer that does not exist with a validation error; such items say so plainly. */
async function namingUnknownCustomers(
	ctx: IExecuteFunctions,
	outcomes: BatchOutcome[],
	idOf: Map<number, number>,
): Promise<BatchOutcome[]> {
	const refused = outcomes.filter(
		(o) => o.error && String((o.error as { httpCode?: string }).httpCode) === '400',
	);
	if (!refused.length) return outcomes;
	let existing: Set<number>;
	try {
		existing = new Set(
			(
				await amoCrmGetByIds.call(
					ctx,
					'/api/v4/customers',
					'customers',
					refused.map((o) => idOf.get(o.itemIndex)!),
				)
			).map((c) => Number(c.id)),
		);
	} catch {
		return outcomes;
	}
	return outcomes.map((o) => {
		const id = idOf.get(o.itemIndex)!;
		return refused.includes(o) && !existing.has(id)
			? { itemIndex: o.itemIndex, error: noCustomer(ctx, id, o.itemIndex) }
			: o;
	});
}
