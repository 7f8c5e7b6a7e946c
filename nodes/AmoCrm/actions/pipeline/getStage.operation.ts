import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequest } from '../../transport';
import { idParameter } from '../common.descriptions';
import { pipelineIdField, stageIdField } from './pipelines';

const properties: INodeProperties[] = [
	pipelineIdField,
	stageIdField,
	{
		displayName: 'Include Descriptions',
		name: 'withDescriptions',
		type: 'boolean',
		default: false,
		description: 'Whether to include the stage descriptions managers see in amoCRM',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pipeline'], operation: ['getStage'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const pipelineId = idParameter(this, 'pipelineId', i, 'a pipeline ID');
		const statusId = idParameter(this, 'statusId', i, 'a stage ID');
		const qs: IDataObject = this.getNodeParameter('withDescriptions', i, false)
			? { with: 'descriptions' }
			: {};
		const status = await amoCrmApiRequest.call(
			this,
			'GET',
			`/api/v4/leads/pipelines/${pipelineId}/statuses/${statusId}`,
			undefined,
			qs,
		);
		if (!status)
			throw new NodeOperationError(
				this.getNode(),
				`Pipeline ${pipelineId} has no stage with ID ${statusId}`,
				{ itemIndex: i },
			);
		return withoutLinks(status);
	});
}
