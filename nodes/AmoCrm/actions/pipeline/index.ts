import type { INodeProperties } from 'n8n-workflow';

import * as addStages from './addStages.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as deleteStage from './deleteStage.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getStage from './getStage.operation';
import * as getStages from './getStages.operation';
import * as update from './update.operation';
import * as updateStage from './updateStage.operation';

export {
	addStages,
	create,
	del as delete,
	deleteStage,
	get,
	getAll,
	getStage,
	getStages,
	update,
	updateStage,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['pipeline'] } },
		options: [
			{
				name: 'Add Stages',
				value: 'addStages',
				description: 'Add the stages a pipeline does not have yet',
				action: 'Add stages to a pipeline',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a pipeline with its stages',
				action: 'Create a pipeline',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a pipeline that has no leads',
				action: 'Delete a pipeline',
			},
			{
				name: 'Delete Stage',
				value: 'deleteStage',
				description: 'Delete a stage; amoCRM moves its leads to the first stage of the pipeline',
				action: 'Delete a stage',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a pipeline with its stages',
				action: 'Get a pipeline',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many pipelines with their stages',
				action: 'Get many pipelines',
			},
			{
				name: 'Get Stage',
				value: 'getStage',
				description: 'Get one stage of a pipeline',
				action: 'Get a stage',
			},
			{
				name: 'Get Stages',
				value: 'getStages',
				description: 'Get the stages of a pipeline in order',
				action: 'Get the stages of a pipeline',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Rename or reorder a pipeline, make it main, turn its Incoming leads stage on or off',
				action: 'Update a pipeline',
			},
			{
				name: 'Update Stage',
				value: 'updateStage',
				description: 'Rename, reorder or recolour a stage',
				action: 'Update a stage',
			},
		],
		default: 'getAll',
	},
	...addStages.description,
	...create.description,
	...del.description,
	...deleteStage.description,
	...get.description,
	...getAll.description,
	...getStage.description,
	...getStages.description,
	...update.description,
	...updateStage.description,
];
