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
import { isClosingStage } from '../../helpers/stages';
import { idParameter } from '../common.descriptions';
import {
	pipelineIdField,
	readPipeline,
	stageBodies,
	stagesField,
	stagesParameter,
} from './pipelines';

// The won and lost stages sort last; new stages go after the last stage a user can edit.

const properties: INodeProperties[] = [pipelineIdField, stagesField];

export const description = updateDisplayOptions(
	{ show: { resource: ['pipeline'], operation: ['addStages'] } },
	properties,
);

/**
 * Adds the stages the pipeline does not have yet (names compared case-insensitively), after its
 * last one, and returns the pipeline with all its stages and the names that were added.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = idParameter(this, 'pipelineId', i, 'a pipeline ID');
		const wanted = stagesParameter(this, i);
		const pipeline = simplifyPipeline(await readPipeline(this, i));
		const existing = pipeline.statuses as IDataObject[];
		const known = new Set(existing.map((s) => String(s.name).trim().toLowerCase()));
		const missing = wanted.filter((stage) => !known.has(stage.name.toLowerCase()));
		if (!missing.length) return { ...pipeline, added: [] };
		const last = Math.max(
			0,
			...existing.filter((s) => !isClosingStage(s.id)).map((s) => Number(s.sort)),
		);
		const answer = await amoCrmApiRequest.call(
			this,
			'POST',
			`/api/v4/leads/pipelines/${id}/statuses`,
			stageBodies(missing, last),
		);
		const added = ((answer?._embedded as IDataObject | undefined)?.statuses ?? []) as IDataObject[];
		const statuses = [
			...existing,
			...(simplifyPipeline({ _embedded: { statuses: added } }).statuses as IDataObject[]),
		].sort((a, b) => Number(a.sort) - Number(b.sort));
		return { ...pipeline, statuses, added: missing.map((s) => s.name) };
	});
}
