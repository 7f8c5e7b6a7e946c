import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { limitField, readPaged, resultPage, returnAllField } from '../common';
import { fieldKindField } from '../fieldKind';

const properties: INodeProperties[] = [fieldKindField, returnAllField, limitField];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['getFields'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const type = this.getNodeParameter('fieldKind', i, 'custom') as string;
		// GET parameters travel in the query string.
		return await readPaged(this, i, 'client/getListInputs', { type }, resultPage, 50, 'GET');
	});
}
