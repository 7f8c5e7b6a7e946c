import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Иван Петров',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const name = String(this.getNodeParameter('name', i, '') ?? '').trim();
		if (!name)
			throw new NodeOperationError(this.getNode(), 'A client needs a name', { itemIndex: i });
		const answer = await envyboxApiRequest.call(this, 'POST', 'client/create', { name });
		return { ...(((answer.result as IDataObject | undefined)?.client ?? {}) as IDataObject), name };
	});
}
