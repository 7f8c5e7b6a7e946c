import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyPipeline } from '../../helpers/simplify';
import { pipelineIdField, readPipeline } from './pipelines';

const properties: INodeProperties[] = [pipelineIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['pipeline'], operation: ['getStages'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(
		this,
		items,
		async (i) => simplifyPipeline(await readPipeline(this, i)).statuses as IDataObject[],
	);
}
