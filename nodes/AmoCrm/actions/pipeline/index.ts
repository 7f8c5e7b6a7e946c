import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getStage from './getStage.operation';
import * as getStages from './getStages.operation';

export { get, getAll, getStage, getStages };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['pipeline'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a pipeline with its stages', action: 'Get a pipeline' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many pipelines with their stages', action: 'Get many pipelines' },
			{ name: 'Get Stage', value: 'getStage', description: 'Get one stage of a pipeline', action: 'Get a stage' },
			{ name: 'Get Stages', value: 'getStages', description: 'Get the stages of a pipeline in order', action: 'Get the stages of a pipeline' },
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...getStage.description,
	...getStages.description,
];
