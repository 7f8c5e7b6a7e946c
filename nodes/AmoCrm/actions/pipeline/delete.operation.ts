import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import { idParameter } from '../common.descriptions';
import { pipelineIdField, refusal } from './pipelines';

const properties: INodeProperties[] = [pipelineIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['pipeline'], operation: ['delete'] } },
	properties,
);

/**
 * Deletes a pipeline that has no leads. The pipelines are read first: an unknown ID is a clear error,
 * and what is known of the pipeline says why amoCRM refused, when it does.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = idParameter(this, 'pipelineId', i, 'a pipeline ID');
		const list = await amoCrmApiRequest.call(this, 'GET', '/api/v4/leads/pipelines');
		const pipelines = ((list?._embedded as IDataObject | undefined)?.pipelines ??
			[]) as IDataObject[];
		const pipeline = pipelines.find((p) => Number(p.id) === id);
		if (!pipeline)
			throw new NodeOperationError(this.getNode(), `amoCRM has no pipeline with ID ${id}`, {
				itemIndex: i,
			});
		const name = String(pipeline.name);
		try {
			await amoCrmApiRequest.call(
				this,
				'DELETE',
				`/api/v4/leads/pipelines/${id}`,
				undefined,
				undefined,
				true,
			);
		} catch (error) {
			const refused = `amoCRM did not delete pipeline ${id} ("${name}")`;
			if (pipelines.length === 1)
				throw refusal(
					this,
					error,
					i,
					`${refused}: it is the account's only pipeline`,
					'An amoCRM account always keeps at least one pipeline.',
				);
			if (pipeline.is_main) {
				throw refusal(
					this,
					error,
					i,
					`${refused}: it is the main pipeline`,
					"amoCRM keeps its main pipeline, where new leads go by default, and deletes only a pipeline without leads. Make another pipeline main first (Pipeline → Update → Main Pipeline) and move this one's leads to another pipeline.",
				);
			}
			throw refusal(
				this,
				error,
				i,
				`${refused}: it still has leads`,
				'amoCRM deletes only a pipeline without leads. Move its leads, open and closed, to another pipeline first (Lead → Update with another pipeline), and accept or decline unsorted leads waiting in its Incoming leads.',
			);
		}
		return { id, name, deleted: true };
	});
}
