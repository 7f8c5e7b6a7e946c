import type { ILoadOptionsFunctions } from 'n8n-workflow';

/** The catalog chosen in the node's Catalog parameter, if any. */
export function chosenCatalog(ctx: ILoadOptionsFunctions): number | undefined {
	let chosen: unknown;
	try {
		chosen = ctx.getCurrentNodeParameter('catalogId');
	} catch {
		return undefined;
	}
	const id = Number(chosen);
	return Number.isInteger(id) && id > 0 ? id : undefined;
}
