import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as createLog from './createLog.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getLogs from './getLogs.operation';
import * as search from './search.operation';
import * as takeIntoWork from './takeIntoWork.operation';
import * as updateFields from './updateFields.operation';
import * as updateResponsible from './updateResponsible.operation';

export {
	create,
	createLog,
	get,
	getAll,
	getLogs,
	search,
	takeIntoWork,
	updateFields,
	updateResponsible,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [
			{
				name: 'Add Log Entry',
				value: 'createLog',
				description: 'Add a call or a comment to the lead’s history',
				action: 'Add a log entry to a lead',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Create a lead; one with the same contact data is merged into the existing one',
				action: 'Create a lead',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a lead with its field values and deals',
				action: 'Get a lead',
			},
			{
				name: 'Get Log',
				value: 'getLogs',
				description: 'Get the lead’s history',
				action: 'Get the log of a lead',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many leads by keyword, stage and period',
				action: 'Get many leads',
			},
			{
				name: 'Search Not Taken Into Work',
				value: 'search',
				description: 'Find the lead with this phone or email that is not taken into work yet',
				action: 'Search a lead not taken into work',
			},
			{
				name: 'Take Into Work',
				value: 'takeIntoWork',
				description: 'Take the lead into work: Envybox creates its client and deal',
				action: 'Take a lead into work',
			},
			{
				name: 'Update Fields',
				value: 'updateFields',
				description: 'Set service or custom field values of a lead',
				action: 'Update the fields of a lead',
			},
			{
				name: 'Update Responsible',
				value: 'updateResponsible',
				description: 'Make an employee or a department responsible for the lead',
				action: 'Update the responsible of a lead',
			},
		],
		default: 'create',
	},
	...create.description,
	...createLog.description,
	...get.description,
	...getAll.description,
	...getLogs.description,
	...search.description,
	...takeIntoWork.description,
	...updateFields.description,
	...updateResponsible.description,
];
