import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyField } from '../common.descriptions';
import { simplifyTalk, talkIdField, talkIdOf, talkRequest } from './fields';

const properties: INodeProperties[] = [talkIdField, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['talk'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = talkIdOf(this, i);
		const talk = await talkRequest(this, 'GET', id, i);
		if (!talk)
			throw new NodeOperationError(this.getNode(), `amoCRM has no talk with ID ${id}`, {
				itemIndex: i,
			});
		return this.getNodeParameter('simplify', i, true) ? simplifyTalk(talk) : talk;
	});
}
