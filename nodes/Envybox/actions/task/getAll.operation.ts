import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { filtersCollection, limitField, readPaged, resultPage, returnAllField } from '../common';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	filtersCollection([
		{
			displayName: 'Employee Name or ID',
			name: 'employeeId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getEmployeesAndAdmin' },
			default: '',
			description:
				'Whose tasks; "Administrator" for the CRM administrator’s. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{ displayName: 'From', name: 'datetimeStart', type: 'dateTime', default: '' },
		{
			displayName: 'Status',
			name: 'success',
			type: 'options',
			options: [
				{ name: 'Open', value: 0 },
				{ name: 'Closed', value: 1 },
			],
			default: 0,
		},
		{ displayName: 'To', name: 'datetimeEnd', type: 'dateTime', default: '' },
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['getAll'] } },
	properties,
);

/** `YYYY-MM-DD HH:MM:SS`, the form task/list filters take. */
const dateTime = (value: unknown) => String(value).replace('T', ' ').slice(0, 19);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const request: IDataObject = {};
		if (filters.datetimeStart) request.datetime_start = dateTime(filters.datetimeStart);
		if (filters.datetimeEnd) request.datetime_end = dateTime(filters.datetimeEnd);
		if (filters.success !== undefined) request.success = Number(filters.success);
		// 0 means the administrator.
		if (filters.employeeId !== undefined && filters.employeeId !== '')
			request.employee_id = Number(filters.employeeId);
		return await readPaged(this, i, 'task/list', request, resultPage);
	});
}
