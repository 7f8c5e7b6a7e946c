import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { limitField, returnAllField } from '../common.descriptions';
import { readList } from '../read';
import { LOSS_REASONS_ENDPOINT } from './fields';

const properties: INodeProperties[] = [returnAllField, limitField];

export const description = updateDisplayOptions(
	{ show: { resource: ['lossReason'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) =>
		(await readList(this, i, LOSS_REASONS_ENDPOINT, 'loss_reasons', {})).map(withoutLinks),
	);
}
