import type { INodeProperties } from 'n8n-workflow';

import * as run from './run.operation';
import * as stop from './stop.operation';

export { run, stop };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['salesbot'] } },
		options: [
			{
				name: 'Run',
				value: 'run',
				description: 'Start a salesbot on a lead or contact (many in one request)',
				action: 'Run a salesbot',
			},
			{
				name: 'Stop',
				value: 'stop',
				description: 'Stop a salesbot running on a lead',
				action: 'Stop a salesbot',
			},
		],
		default: 'run',
	},
	...run.description,
	...stop.description,
];
