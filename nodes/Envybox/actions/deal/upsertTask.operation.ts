import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { dropdown, idParameter, optionalId, optionsCollection } from '../common';
import { dealIdField } from './fields';

const properties: INodeProperties[] = [
	dealIdField,
	{
		displayName: 'Time',
		name: 'time',
		type: 'dateTime',
		default: '',
		description: 'When the task is due; give this or the comment, or both',
	},
	{
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		default: '',
		placeholder: 'e.g. Связаться с клиентом',
	},
	optionsCollection([
		{
			displayName: 'Department ID',
			name: 'departmentId',
			type: 'string',
			default: '',
			description: 'Set the task for this department',
		},
		{
			...dropdown('Employee Name or ID', 'employeeId', 'getEmployees'),
			description:
				'Set the task for this participant of the deal; the deal’s responsible when empty. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['upsertTask'] } },
	properties,
);

/** Envybox changes the deal's task, or creates one when the deal has none (deal/updatetask). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const request: IDataObject = { deal_id: idParameter(this, 'dealId', i, 'a deal ID') };
		const time = this.getNodeParameter('time', i, '') as string;
		const comment = String(this.getNodeParameter('comment', i, '') ?? '').trim();
		if (time) {
			const ms = Date.parse(time);
			if (Number.isNaN(ms))
				throw new NodeOperationError(this.getNode(), `"${time}" is not a date`, { itemIndex: i });
			request.time = Math.floor(ms / 1000);
		}
		if (comment) request.comment = comment;
		if (!time && !comment)
			throw new NodeOperationError(this.getNode(), 'Give the task a time or a comment', {
				itemIndex: i,
			});
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const employee = optionalId(options.employeeId);
		const department = optionalId(options.departmentId);
		if (employee) request.employee_id = employee;
		if (department) request.department_id = department;
		const answer = await envyboxApiRequest.call(this, 'POST', 'deal/updatetask', request);
		return ((answer.result as IDataObject | undefined)?.task ?? {}) as IDataObject;
	});
}
