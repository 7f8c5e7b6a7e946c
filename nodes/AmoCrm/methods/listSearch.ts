import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { accountBaseUrlOf, amoCrmApiRequest } from '../transport';

async function search(
	ctx: ILoadOptionsFunctions,
	entity: 'contacts' | 'leads' | 'companies' | 'customers',
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1) || 1;
	const qs: IDataObject = { page, limit: 50, 'order[updated_at]': 'desc' };
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
		paginationToken: records.length === 50 ? String(page + 1) : undefined,
	};
}

export async function searchContacts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, 'contacts', filter, paginationToken);
}

export async function searchLeads(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, 'leads', filter, paginationToken);
}

export async function searchCompanies(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, 'companies', filter, paginationToken);
}

export async function searchCustomers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, 'customers', filter, paginationToken);
}
