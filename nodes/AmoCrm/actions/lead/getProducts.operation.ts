import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { customFieldMap } from '../../helpers/customFields';
import { forEachItem } from '../../helpers/items';
import { leadProducts } from '../../helpers/simplify';
import { amoCrmGetByIds } from '../../transport';
import { leadLocator, recordIdParameter } from '../common.descriptions';

const properties: INodeProperties[] = [leadLocator()];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['getProducts'] } },
	properties,
);

/** The number in a field value that amoCRM shows as text ("12", "1 500,50"); null when there is none. */
function priceOf(element: IDataObject | undefined, priceId: unknown): number | null {
	const fields = (element?.custom_fields_values ?? []) as IDataObject[];
	const field =
		priceId !== null && priceId !== undefined
			? fields.find((f) => Number(f.field_id) === Number(priceId))
			: fields.find((f) => f.field_code === 'PRICE');
	const value = ((field?.values ?? []) as IDataObject[])[0]?.value;
	if (value === undefined || value === null || value === '') return null;
	const price = Number(String(value).replace(/\s/g, '').replace(',', '.'));
	return Number.isFinite(price) ? price : null;
}

/**
 * The products of each lead, one output item per product: the leads are read with their linked
 * catalog elements (250 per request), then the elements themselves, once per catalog for all the
 * leads. `price` is the unit price from the price column the link names, else the Price field.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const leadIds = items.map((_, i) => {
		try {
			return recordIdParameter(this, 'leadId', i);
		} catch (error) {
			return error as Error;
		}
	});
	const wanted = leadIds.filter((id): id is number => typeof id === 'number');
	const leads = new Map(
		(
			await amoCrmGetByIds.call(this, '/api/v4/leads', 'leads', wanted, {
				with: 'catalog_elements',
			})
		).map((lead) => [Number(lead.id), lead]),
	);
	const byCatalog = new Map<number, number[]>();
	for (const lead of leads.values()) {
		for (const product of leadProducts(lead)) {
			const catalogId = Number(product.catalog_id);
			byCatalog.set(catalogId, [...(byCatalog.get(catalogId) ?? []), Number(product.element_id)]);
		}
	}
	const elements = new Map<string, IDataObject>();
	for (const [catalogId, ids] of byCatalog) {
		for (const element of await amoCrmGetByIds.call(
			this,
			`/api/v4/catalogs/${catalogId}/elements`,
			'elements',
			ids,
		))
			elements.set(`${catalogId}:${String(element.id)}`, element);
	}
	return await forEachItem.call(this, items, async (i) => {
		const leadId = leadIds[i];
		if (leadId instanceof Error) throw leadId;
		const lead = leads.get(leadId);
		if (!lead)
			throw new NodeOperationError(this.getNode(), `amoCRM has no lead with ID ${leadId}`, {
				itemIndex: i,
			});
		return leadProducts(lead).map((product) => {
			const element = elements.get(`${String(product.catalog_id)}:${String(product.element_id)}`);
			return {
				lead_id: leadId,
				...product,
				name: element?.name ?? null,
				price: priceOf(element, product.price_id),
				custom_fields: element ? customFieldMap(element) : {},
			};
		});
	});
}
