import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Include',
		name: 'with',
		type: 'multiOptions',
		options: [
			{ name: 'Chat Account ID', value: 'amojo_id' },
			{ name: 'Chat Rights', value: 'amojo_rights' },
			{ name: 'Date and Time Settings', value: 'datetime_settings' },
			{ name: 'Entity Names', value: 'entity_names' },
			{ name: 'File Storage Address', value: 'drive_url' },
			{ name: 'Task Types', value: 'task_types' },
			{ name: 'User Groups', value: 'users_groups' },
			{ name: 'Version', value: 'version' },
			{
				name: 'Whether API Filters Work',
				value: 'is_api_filter_enabled',
				description:
					'API filtering is a paid amoCRM add-on; without it the nodes read whole lists and keep what matches',
			},
		],
		default: [],
		description: 'Extra account data to include',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const withs = this.getNodeParameter('with', i, []) as string[];
		const account = await amoCrmApiRequest.call(
			this,
			'GET',
			'/api/v4/account',
			undefined,
			withs.length ? { with: withs.join(',') } : {},
		);
		return withoutLinks(account ?? {});
	});
}
