import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { amoCrmApiRequest } from '../../transport';
import { idParameter } from '../common.descriptions';

/** Pipeline picker shared by the pipeline and stage operations. */
export const pipelineIdField: INodeProperties = {
	displayName: 'Pipeline Name or ID',
	name: 'pipelineId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getPipelines' },
	default: '',
	required: true,
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

/** One pipeline with its stages; amoCRM answers an unknown ID with 204, which becomes a clear error. */
export async function readPipeline(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter(ctx, 'pipelineId', itemIndex, 'a pipeline ID');
	const pipeline = await amoCrmApiRequest.call(ctx, 'GET', `/api/v4/leads/pipelines/${id}`);
	if (!pipeline) throw new NodeOperationError(ctx.getNode(), `amoCRM has no pipeline with ID ${id}`, { itemIndex });
	return pipeline;
}
