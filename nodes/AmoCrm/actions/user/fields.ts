import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export const userWithOption: INodeProperties = {
	displayName: 'Include',
	name: 'with',
	type: 'multiOptions',
	options: [
		{ name: 'Group', value: 'group' },
		{ name: 'Phone Number', value: 'phone_number' },
		{ name: 'Role', value: 'role' },
		{ name: 'UUID', value: 'uuid' },
	],
	default: [],
	description: 'Extra data to include with each user',
};

export function userQuery(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const withs = ctx.getNodeParameter('with', itemIndex, []) as string[];
	return withs.length ? { with: withs.join(',') } : {};
}
