import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { dropdown, idField, idParameter } from '../common';

const properties: INodeProperties[] = [
	{
		...idField('Report ID', 'statId', 'e.g. 1'),
		description: 'The ID of a custom report set up in the CRM',
	},
	{ ...dropdown('Pipeline Name or ID', 'pipelineId', 'getDealPipelines'), required: true },
	{ displayName: 'From Date', name: 'startDate', type: 'dateTime', default: '', required: true },
	{ displayName: 'To Date', name: 'endDate', type: 'dateTime', default: '', required: true },
	{
		displayName: 'Layout',
		name: 'showType',
		type: 'options',
		options: [
			{ name: 'Table', value: 'table' },
			{ name: 'Tree', value: 'tree' },
		],
		default: 'table',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['statistics'], operation: ['getCustom'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const day = (name: string) => {
			const value = String(this.getNodeParameter(name, i, '') ?? '');
			if (!/^\d{4}-\d{2}-\d{2}/.test(value))
				throw new NodeOperationError(this.getNode(), `"${value}" is not a date`, { itemIndex: i });
			return value.slice(0, 10);
		};
		// The document types the dates as int but its example sends "YYYY-MM-DD"; the example is followed.
		const request = {
			stat_id: idParameter(this, 'statId', i, 'a report ID'),
			pipeline_id: idParameter(this, 'pipelineId', i, 'a pipeline ID'),
			start_date: day('startDate'),
			end_date: day('endDate'),
			show_type: this.getNodeParameter('showType', i, 'table') as string,
		};
		return ((await envyboxApiRequest.call(this, 'POST', 'stat/custom', request)).result ??
			{}) as IDataObject;
	});
}
