import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation } from '../../shared/router';
import * as client from './client';
import * as crm from './crm';
import * as deal from './deal';
import * as lead from './lead';
import * as statistics from './statistics';
import * as task from './task';

const resources: Record<string, Record<string, unknown>> = {
	client,
	crm,
	deal,
	lead,
	statistics,
	task,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation.call(this, resources);
}
