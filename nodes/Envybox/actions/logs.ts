import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { dropdown } from './common';

const isCall = { show: { logType: ['call'] } };

/** A call or comment log entry, as leads (types 9/10) and deals (2009/2010) take them. */
export const logFields: INodeProperties[] = [
	{
		displayName: 'Log Type',
		name: 'logType',
		type: 'options',
		options: [
			{ name: 'Call', value: 'call' },
			{ name: 'Comment', value: 'comment' },
		],
		default: 'comment',
	},
	{
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Required for a comment; optional for a call',
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Incoming', value: 1 },
			{ name: 'Outgoing', value: 2 },
			{ name: 'Callback', value: 3 },
		],
		default: 1,
		displayOptions: isCall,
	},
	{
		displayName: 'Call Status',
		name: 'callStatus',
		type: 'options',
		options: [
			{ name: 'Answered', value: 1 },
			{ name: 'Busy', value: 2 },
			{ name: 'Dropped', value: 4 },
			{ name: 'Error', value: 6 },
			{ name: 'Missed', value: 7 },
			{ name: 'No Answer', value: 3 },
			{ name: 'No Status', value: 0 },
			{ name: 'Unavailable', value: 5 },
		],
		default: 1,
		displayOptions: isCall,
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '',
		placeholder: 'e.g. 79875034433',
		displayOptions: isCall,
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		placeholder: 'e.g. 79875034434',
		displayOptions: isCall,
	},
	{
		displayName: 'Duration',
		name: 'duration',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		displayOptions: isCall,
	},
	{
		displayName: 'Recording URL',
		name: 'recordLink',
		type: 'string',
		default: '',
		displayOptions: isCall,
	},
	{
		...dropdown('Employee Name or ID', 'employeeId', 'getEmployees'),
		description:
			'Who the entry is written for; empty for the administrator. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

/** `type_id`, `employee_id` and `data` of a log entry; `types` are the call and comment type IDs. */
export function logRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	types: { call: number; comment: number },
): IDataObject {
	const param = (name: string) => ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const comment = String(param('comment') ?? '').trim();
	const request: IDataObject = {};
	const employee = Number(param('employeeId'));
	if (Number.isInteger(employee) && employee > 0) request.employee_id = employee;
	if (param('logType') === 'call') {
		const from = String(param('from') ?? '').trim();
		const to = String(param('to') ?? '').trim();
		if (!from || !to)
			throw new NodeOperationError(ctx.getNode(), 'A call log needs both numbers (From and To)', {
				itemIndex,
			});
		const data: IDataObject = {
			direction: Number(param('direction')),
			status: Number(param('callStatus')),
			from,
			to,
		};
		if (param('recordLink')) data.record_link = String(param('recordLink'));
		if (comment) data.comment = comment;
		const duration = Number(param('duration'));
		if (duration > 0) data.duration_bill = Math.round(duration);
		return { ...request, type_id: types.call, data };
	}
	if (!comment) throw new NodeOperationError(ctx.getNode(), 'The comment is empty', { itemIndex });
	return { ...request, type_id: types.comment, data: { comment } };
}
