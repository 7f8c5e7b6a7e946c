import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { amoCrmApiRequest } from '../../transport';
import { idParameter, pipelineField } from '../common.descriptions';

/** Pipeline picker shared by the pipeline and stage operations. */
export const pipelineIdField: INodeProperties = { ...pipelineField, required: true };

/** One pipeline with its stages; amoCRM answers an unknown ID with 204, which becomes a clear error. */
export async function readPipeline(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter(ctx, 'pipelineId', itemIndex, 'a pipeline ID');
	const pipeline = await amoCrmApiRequest.call(ctx, 'GET', `/api/v4/leads/pipelines/${id}`);
	if (!pipeline) throw new NodeOperationError(ctx.getNode(), `amoCRM has no pipeline with ID ${id}`, { itemIndex });
	return pipeline;
}
