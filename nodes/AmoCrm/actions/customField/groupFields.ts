import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText } from '../../../shared/text';

export const groupIdField: INodeProperties = {
	displayName: 'Group Name or ID',
	name: 'groupId',
	type: 'options',
	typeOptions: {
		loadOptionsMethod: 'getCustomFieldGroups',
		loadOptionsDependsOn: ['entityType', 'catalogId'],
	},
	required: true,
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

/** Group IDs are strings in amoCRM: `default`, `statistic`, or `leads_29741591099841` for a group a user made. */
export function groupIdParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	const id = asText(ctx.getNodeParameter('groupId', itemIndex, '')).trim();
	if (!id || /[\s/?#]/.test(id)) {
		throw new NodeOperationError(ctx.getNode(), `"${id}" is not a field group ID`, {
			itemIndex,
			description: 'Pick the group from the list, or give its ID from Custom Field → Get Groups.',
		});
	}
	return id;
}
