import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { changeTags, tagChangeFields } from './fields';

const properties: INodeProperties[] = tagChangeFields('remove');

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['remove'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await changeTags.call(this, items, 'remove');
}
