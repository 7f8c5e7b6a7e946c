import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { limitField, returnAllField } from '../common.descriptions';
import { readList } from '../read';
import { customersCall, customersProblem } from './availability';
import { withoutHalLinks } from './fields';

const properties: INodeProperties[] = [returnAllField, limitField];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['getSegments'] } },
	properties,
);

/** Segments exist when the account groups its customers by segmentation; amoCRM refuses the call otherwise. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const segments = await customersCall(
			this,
			i,
			async () => await readList(this, i, '/api/v4/customers/segments', 'segments', {}),
			'segments',
		);
		if (!segments.length) {
			const problem = await customersProblem(this, i, 'segments');
			if (problem) throw problem;
		}
		return segments.map(withoutHalLinks);
	});
}
