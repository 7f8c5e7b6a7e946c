import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { accountBaseUrlOf, amoCrmApiRequest } from '../transport';
import { chosenCatalog } from './chosenCatalog';

const PAGE_SIZE = 50;

async function search(
	ctx: ILoadOptionsFunctions,
	entity: 'contacts' | 'leads' | 'companies' | 'customers',
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1) || 1;
	const qs: IDataObject = { page, limit: PAGE_SIZE, 'order[updated_at]': 'desc' };
	if (filter) qs.query = filter;
	const body = await amoCrmApiRequest.call(ctx, 'GET', `/api/v4/${entity}`, undefined, qs);
	const records = ((body?._embedded as IDataObject | undefined)?.[entity] ?? []) as IDataObject[];
	const base = await accountBaseUrlOf(ctx);
	return {
		results: records.map((r) => ({
			name: String(r.name || `#${String(r.id)}`),
			value: String(r.id),
			url: `${base}/${entity}/detail/${String(r.id)}`,
		})),
		paginationToken: records.length === PAGE_SIZE ? String(page + 1) : undefined,
	};
}

export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) {
	return await search(this, 'contacts', filter, paginationToken);
}

export async function searchLeads(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) {
	return await search(this, 'leads', filter, paginationToken);
}

export async function searchCompanies(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) {
	return await search(this, 'companies', filter, paginationToken);
}

export async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) {
	return await search(this, 'customers', filter, paginationToken);
}

/** The SKU of a catalog element (the products catalog's SKU field), if it has one. */
function skuOf(element: IDataObject): string | undefined {
	const values = (element.custom_fields_values ?? []) as IDataObject[];
	const sku = (values.find((f) => f.field_code === 'SKU')?.values as IDataObject[] | undefined)?.[0]
		?.value;
	return sku === undefined || sku === null || sku === '' ? undefined : String(sku);
}

/**
 * Elements of the catalog chosen in Catalog, found by amoCRM's full-text search (name, SKU and the
 * other filled fields), named with their SKU where they have one. None until a catalog is chosen.
 */
export async function searchCatalogElements(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const catalog = chosenCatalog(this);
	if (catalog === undefined) return { results: [] };
	const page = Number(paginationToken ?? 1) || 1;
	const qs: IDataObject = { page, limit: PAGE_SIZE };
	if (filter) qs.query = filter;
	const body = await amoCrmApiRequest.call(
		this,
		'GET',
		`/api/v4/catalogs/${catalog}/elements`,
		undefined,
		qs,
	);
	const elements = ((body?._embedded as IDataObject | undefined)?.elements ?? []) as IDataObject[];
	return {
		results: elements.map((e) => {
			const name = String(e.name || `#${String(e.id)}`);
			const sku = skuOf(e);
			return { name: sku ? `${name} (${sku})` : name, value: String(e.id) };
		}),
		paginationToken: elements.length === PAGE_SIZE ? String(page + 1) : undefined,
	};
}
