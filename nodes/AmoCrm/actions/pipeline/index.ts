import type { INodeProperties } from 'n8n-workflow';

import * as addStages from './addStages.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getStage from './getStage.operation';
import * as getStages from './getStages.operation';

export { addStages, create, get, getAll, getStage, getStages };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['pipeline'] } },
		options: [
			{ name: 'Add Stages', value: 'addStages', description: 'Add the stages a pipeline does not have yet', action: 'Add stages to a pipeline' },
			{ name: 'Create', value: 'create', description: 'Create a pipeline with its stages', action: 'Create a pipeline' },
			{ name: 'Get', value: 'get', description: 'Get a pipeline with its stages', action: 'Get a pipeline' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many pipelines with their stages', action: 'Get many pipelines' },
			{ name: 'Get Stage', value: 'getStage', description: 'Get one stage of a pipeline', action: 'Get a stage' },
			{ name: 'Get Stages', value: 'getStages', description: 'Get the stages of a pipeline in order', action: 'Get the stages of a pipeline' },
		],
		default: 'getAll',
	},
	...addStages.description,
	...create.description,
	...get.description,
	...getAll.description,
	...getStage.description,
	...getStages.description,
];
