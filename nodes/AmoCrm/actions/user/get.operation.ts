import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequest } from '../../transport';
import { idParameter } from '../common.descriptions';
import { userQuery, userWithOption } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'User Name or ID',
		name: 'userId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getUsers' },
		default: '',
		required: true,
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	userWithOption,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = idParameter(this, 'userId', i, 'a user ID');
		const user = await amoCrmApiRequest.call(
			this,
			'GET',
			`/api/v4/users/${id}`,
			undefined,
			userQuery(this, i),
		);
		if (!user)
			throw new NodeOperationError(this.getNode(), `amoCRM has no user with ID ${id}`, {
				itemIndex: i,
			});
		return withoutLinks(user);
	});
}
