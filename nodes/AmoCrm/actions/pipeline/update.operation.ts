import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyPipeline } from '../../helpers/simplify';
import { amoCrmApiRequest } from '../../transport';
import { collection, idParameter } from '../common.descriptions';
import { nameValue, pipelineIdField, readPipeline, refusal, sortValue } from './pipelines';

const properties: INodeProperties[] = [
	pipelineIdField,
	collection('Update Fields', 'updateFields', [
		{
			displayName: 'Incoming Leads Stage',
			name: 'unsortedOn',
			type: 'boolean',
			default: true,
			description:
				'Whether the pipeline has an Incoming leads (Неразобранное) stage first; turning it off removes that stage',
		},
		{
			displayName: 'Main Pipeline',
			name: 'isMain',
			type: 'boolean',
			default: true,
			description:
				'Whether this is the main pipeline of the account, where new leads go when no pipeline is given',
		},
		{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. Продажи' },
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'number',
			default: 100,
			description: 'Position among the pipelines',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pipeline'], operation: ['update'] } },
	properties,
);

/** One PATCH per pipeline: amoCRM has no batch form for changing pipelines. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = idParameter(this, 'pipelineId', i, 'a pipeline ID');
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const body: IDataObject = {};
		if (fields.name !== undefined) body.name = nameValue(this, fields.name, i, 'pipeline');
		if (fields.sort !== undefined) body.sort = sortValue(this, fields.sort, i);
		if (fields.isMain !== undefined) body.is_main = fields.isMain === true;
		if (fields.unsortedOn !== undefined) body.is_unsorted_on = fields.unsortedOn === true;
		if (!Object.keys(body).length)
			throw new NodeOperationError(this.getNode(), 'Choose at least one field to update', {
				itemIndex: i,
			});
		const pipeline = await readPipeline(this, i);
		let answer: IDataObject | undefined;
		try {
			answer = await amoCrmApiRequest.call(
				this,
				'PATCH',
				`/api/v4/leads/pipelines/${id}`,
				body,
				undefined,
				true,
			);
		} catch (error) {
			const advice =
				body.is_unsorted_on === false && pipeline.is_unsorted_on
					? 'If unsorted leads still wait in its Incoming leads stage, accept or decline them first (Unsorted → Accept or Decline), then turn the stage off.'
					: 'A pipeline needs a name that is not empty and a whole-number sort.';
			throw refusal(
				this,
				error,
				i,
				`amoCRM did not change pipeline ${id} ("${String(pipeline.name)}")`,
				advice,
			);
		}
		const changed = simplifyPipeline(answer ?? {});
		delete changed.request_id;
		return changed;
	});
}
