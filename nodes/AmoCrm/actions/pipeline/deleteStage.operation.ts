import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import { idParameter } from '../common.descriptions';
import {
	pipelineIdField,
	readPipeline,
	refusal,
	stageIdField,
	stageOf,
	systemStageName,
} from './pipelines';

const properties: INodeProperties[] = [pipelineIdField, stageIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['pipeline'], operation: ['deleteStage'] } },
	properties,
);

/**
 * Deletes a stage; amoCRM moves its leads to the first stage of the pipeline. The pipeline is read
 * first: an unknown ID is a clear error, and the stage's place says why amoCRM refused, when it does.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const pipelineId = idParameter(this, 'pipelineId', i, 'a pipeline ID');
		const statusId = idParameter(this, 'statusId', i, 'a stage ID');
		const pipeline = await readPipeline(this, i);
		const stage = stageOf(this, pipeline, statusId, i);
		const name = String(stage.name);
		try {
			await amoCrmApiRequest.call(
				this,
				'DELETE',
				`/api/v4/leads/pipelines/${pipelineId}/statuses/${statusId}`,
				undefined,
				undefined,
				true,
			);
		} catch (error) {
			const refused = `amoCRM did not delete stage ${statusId} ("${name}")`;
			const system = systemStageName(stage);
			if (Number(stage.type) === 1) {
				throw refusal(
					this,
					error,
					i,
					`${refused}: it is the Incoming leads stage`,
					'amoCRM does not delete a system stage. To remove Incoming leads, turn it off on the pipeline (Pipeline → Update → Incoming Leads Stage).',
				);
			}
			if (system)
				throw refusal(
					this,
					error,
					i,
					`${refused}: it is ${system}`,
					'Every pipeline keeps its Won (142) and Lost (143) stages; amoCRM does not delete them.',
				);
			const others = ((pipeline._embedded as IDataObject).statuses as IDataObject[]).filter(
				(s) => s.id !== stage.id && !systemStageName(s),
			);
			if (!others.length) {
				throw refusal(
					this,
					error,
					i,
					`${refused}: it is the only stage of pipeline ${pipelineId} besides the system ones`,
					'A pipeline keeps at least one stage besides Incoming leads, Won and Lost: the leads of a deleted stage move to the first of them. Add another stage first (Pipeline → Add Stages), then delete this one.',
				);
			}
			throw refusal(this, error, i, refused, "The reason is in amoCRM's answer.");
		}
		return { id: statusId, name, pipeline_id: pipelineId, deleted: true };
	});
}
