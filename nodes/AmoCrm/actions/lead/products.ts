import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { catalogIdField, knownCatalog } from '../catalog/catalogs';
import { elementIdParameter, elementLocator } from '../catalogElement/fields';
import { leadLocator, recordIdParameter } from '../common.descriptions';
import type { LinkEntry } from '../link/write';

/** Lead, catalog and element: which product of which lead. */
export const productFields: INodeProperties[] = [
	leadLocator(),
	catalogIdField,
	elementLocator(
		'Product',
		'The product (catalog element): search it by name or SKU, or give its ID',
	),
];

/**
 * One product of a lead as amoCRM links it: lead → catalog element, with the catalog in the
 * metadata (amoCRM needs it to link and to unlink) and, when linking, quantity and price column.
 */
export async function productLink(
	ctx: IExecuteFunctions,
	itemIndex: number,
	metadata: IDataObject = {},
): Promise<LinkEntry> {
	const leadId = recordIdParameter(ctx, 'leadId', itemIndex);
	const catalogId = Number((await knownCatalog(ctx, itemIndex)).id);
	const elementId = elementIdParameter(ctx, itemIndex);
	return {
		fromType: 'leads',
		body: {
			entity_id: leadId,
			to_entity_id: elementId,
			to_entity_type: 'catalog_elements',
			metadata: { catalog_id: catalogId, ...metadata },
		},
	};
}

/** A quantity above 0; fractions are allowed (services by the hour, goods by weight). */
export function quantityParameter(ctx: IExecuteFunctions, itemIndex: number): number {
	const raw = ctx.getNodeParameter('quantity', itemIndex, 1) as unknown;
	const quantity =
		typeof raw === 'number'
			? raw
			: Number(
					String(raw ?? '')
						.trim()
						.replace(',', '.'),
				);
	if (raw === '' || !Number.isFinite(quantity) || quantity <= 0) {
		throw new NodeOperationError(ctx.getNode(), `"${String(raw ?? '')}" is not a usable quantity`, {
			itemIndex,
			description: 'A quantity is a number above 0; fractions such as 1.5 are allowed.',
		});
	}
	return quantity;
}

/** What the output says about one product of a lead: the lead, the element and its catalog. */
export const productOf = (sent: IDataObject): IDataObject => {
	const metadata = sent.metadata as IDataObject;
	return {
		lead_id: sent.entity_id,
		catalog_id: metadata.catalog_id,
		element_id: sent.to_entity_id,
	};
};
