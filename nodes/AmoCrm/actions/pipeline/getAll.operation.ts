import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyPipeline } from '../../helpers/simplify';
import { amoCrmApiRequest } from '../../transport';
import { optionsCollection } from '../common.descriptions';

const properties: INodeProperties[] = [
	optionsCollection([
		{
			displayName: 'Include Archived',
			name: 'includeArchived',
			type: 'boolean',
			default: true,
			description: 'Whether to include archived pipelines',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pipeline'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		// All pipelines come in one answer (an account has at most 50).
		const body = await amoCrmApiRequest.call(this, 'GET', '/api/v4/leads/pipelines');
		const pipelines = ((body?._embedded as IDataObject | undefined)?.pipelines ??
			[]) as IDataObject[];
		return pipelines
			.filter((p) => options.includeArchived !== false || !p.is_archive)
			.map(simplifyPipeline);
	});
}
