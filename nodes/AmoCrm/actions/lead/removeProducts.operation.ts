import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { writeLinks } from '../link/write';
import { productFields, productLink, productOf } from './products';

const properties: INodeProperties[] = [...productFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['removeProducts'] } },
	properties,
);

/** Unlinks catalog elements from leads: one `POST /api/v4/leads/unlink` per batch. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await writeLinks.call(
		this,
		items,
		'unlink',
		async (i) => await productLink(this, i),
		(sent) => ({ ...productOf(sent), removed: true }),
	);
}
