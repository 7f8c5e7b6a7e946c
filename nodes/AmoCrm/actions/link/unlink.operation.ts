import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { linkFields } from './fields';
import { linkBatches } from './write';

const properties: INodeProperties[] = [...linkFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['link'], operation: ['unlink'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await linkBatches.call(this, items, 'unlink');
}
