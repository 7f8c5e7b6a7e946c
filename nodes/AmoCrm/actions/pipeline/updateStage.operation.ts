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
import { collection, idParameter } from '../common.descriptions';
import {
	nameValue,
	nearestStageColor,
	pipelineIdField,
	readPipeline,
	refusal,
	sortValue,
	STAGE_COLORS,
	stageIdField,
	stageOf,
	systemStageName,
} from './pipelines';

const properties: INodeProperties[] = [
	pipelineIdField,
	stageIdField,
	collection('Update Fields', 'updateFields', [
		{
			displayName: 'Color',
			name: 'color',
			type: 'options',
			options: [...STAGE_COLORS].sort().map((color) => ({ name: color, value: color })),
			default: '#fffeb2',
			description:
				'One of the stage colours amoCRM allows. From an expression any hex colour is matched to the closest of them.',
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. Переговоры',
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'number',
			default: 10,
			description: 'Position among the stages of the pipeline',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pipeline'], operation: ['updateStage'] } },
	properties,
);

/** One PATCH per stage: amoCRM has no batch form for changing stages. The pipeline is read first to name the stage. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const pipelineId = idParameter(this, 'pipelineId', i, 'a pipeline ID');
		const statusId = idParameter(this, 'statusId', i, 'a stage ID');
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const body: IDataObject = {};
		if (fields.name !== undefined) body.name = nameValue(this, fields.name, i, 'stage');
		if (fields.sort !== undefined) body.sort = sortValue(this, fields.sort, i);
		if (fields.color !== undefined) {
			body.color = nearestStageColor(fields.color);
			if (!body.color) {
				throw new NodeOperationError(this.getNode(), `"${String(fields.color)}" is not a colour`, {
					itemIndex: i,
					description: `Give a hex colour such as #98cbff; amoCRM takes only ${STAGE_COLORS.join(', ')}, and any other hex colour is matched to the closest of them.`,
				});
			}
		}
		if (!Object.keys(body).length)
			throw new NodeOperationError(this.getNode(), 'Choose at least one field to update', {
				itemIndex: i,
			});
		const stage = stageOf(this, await readPipeline(this, i), statusId, i);
		let answer: IDataObject | undefined;
		try {
			answer = await amoCrmApiRequest.call(
				this,
				'PATCH',
				`/api/v4/leads/pipelines/${pipelineId}/statuses/${statusId}`,
				body,
				undefined,
				true,
			);
		} catch (error) {
			const refused = `amoCRM did not change stage ${statusId} ("${String(stage.name)}")`;
			const system = systemStageName(stage);
			if (system) {
				throw refusal(
					this,
					error,
					i,
					`${refused}: it is ${system}, which amoCRM keeps as it is`,
					'amoCRM does not rename, move or recolour the Incoming leads, Won (142) and Lost (143) stages; Won and Lost can be named only when a pipeline is created.',
				);
			}
			throw refusal(
				this,
				error,
				i,
				refused,
				"A stage needs a name that is not empty, a whole-number sort and one of amoCRM's stage colours.",
			);
		}
		const changed = withoutLinks(answer ?? {});
		delete changed.request_id;
		return changed;
	});
}
