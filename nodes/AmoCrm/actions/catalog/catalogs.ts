import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequestAllItems, oncePerRun } from '../../transport';
import { idParameter } from '../common.descriptions';

/** Catalog picker shared by the catalog, catalog element and lead product operations. */
export const catalogIdField: INodeProperties = {
	displayName: 'Catalog Name or ID',
	name: 'catalogId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getCatalogs' },
	default: '',
	required: true,
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

/** The account's catalogs, read once per node run (an account has at most 10). */
export async function accountCatalogs(ctx: IExecuteFunctions): Promise<IDataObject[]> {
	return await oncePerRun(
		ctx,
		'catalogs',
		async () => await amoCrmApiRequestAllItems.call(ctx, '/api/v4/catalogs', 'catalogs'),
	);
}

/** The catalog chosen for an item, checked against the account's catalogs before anything is written. */
export async function knownCatalog(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const id = idParameter(ctx, 'catalogId', itemIndex, 'a catalog ID');
	const catalog = (await accountCatalogs(ctx)).find((c) => Number(c.id) === id);
	if (!catalog) {
		throw new NodeOperationError(ctx.getNode(), `amoCRM has no catalog with ID ${id}`, {
			itemIndex,
			description:
				'Choose the catalog from the list. amoCRM shows catalogs under Lists; products are the catalog of type "products".',
		});
	}
	return catalog;
}

export const catalogTypeOptions = [
	{ name: 'Invoices', value: 'invoices', description: 'Invoices and purchases (one per account)' },
	{ name: 'Products', value: 'products', description: 'The products catalog (one per account)' },
	{ name: 'Regular', value: 'regular', description: 'An ordinary list' },
];

/** The writable settings of a catalog from Options or Update Fields. */
export function catalogSettings(fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	if (fields.sort !== undefined && fields.sort !== '') body.sort = Number(fields.sort);
	if (fields.canAddElements !== undefined) body.can_add_elements = fields.canAddElements === true;
	if (fields.canLinkMultiple !== undefined)
		body.can_link_multiple = fields.canLinkMultiple === true;
	return body;
}

export const catalogSettingFields: INodeProperties[] = [
	{
		displayName: 'Can Add Elements',
		name: 'canAddElements',
		type: 'boolean',
		default: true,
		description: 'Whether users may add elements in the amoCRM interface',
	},
	{
		displayName: 'Can Link Multiple',
		name: 'canLinkMultiple',
		type: 'boolean',
		default: true,
		description: 'Whether one element may be linked to several leads',
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'number',
		default: 10,
		description: 'Position among the catalogs',
	},
];

/** A catalog as amoCRM answered a write, without HAL links and the batch's request_id. */
export function presentCatalog(result: IDataObject): IDataObject {
	const catalog = withoutLinks(result);
	delete catalog.request_id;
	return catalog;
}
