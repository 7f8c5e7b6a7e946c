import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { linkBatches } from './write';
import { linkFields } from './fields';

const properties: INodeProperties[] = [
	...linkFields,
	{
		displayName: 'Main Contact',
		name: 'isMain',
		type: 'boolean',
		default: false,
		description: 'Whether the contact becomes the main contact of the lead',
		displayOptions: { show: { fromEntityType: ['leads'], toEntityType: ['contacts'] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['link'], operation: ['link'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await linkBatches.call(this, items, 'link', (body, i) => {
		if (body.to_entity_type === 'contacts' && this.getNodeParameter('isMain', i, false)) {
			(body as IDataObject).metadata = { is_main: true };
		}
	});
}
