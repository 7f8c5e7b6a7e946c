import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as account from './account';
import * as call from './call';
import * as company from './company';
import * as contact from './contact';
import * as customField from './customField';
import * as event from './event';
import * as lead from './lead';
import * as link from './link';
import * as note from './note';
import * as pipeline from './pipeline';
import * as tag from './tag';
import * as task from './task';
import * as unsorted from './unsorted';
import * as user from './user';
import * as webhook from './webhook';

type Operation = { execute: (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, unknown>> = {
	account,
	call,
	company,
	contact,
	customField,
	event,
	lead,
	link,
	note,
	pipeline,
	tag,
	task,
	unsorted,
	user,
	webhook,
};

/** Resource + operation → the operation's `execute`, which gets all input items at once (writes are batched). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation] as Operation | undefined;
	if (!handler || typeof handler.execute !== 'function') {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await handler.execute.call(this, items)];
}
