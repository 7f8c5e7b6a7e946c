import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { dropdown, idParameter, optionalId } from '../common';
import { dealIdField } from './fields';

const properties: INodeProperties[] = [
	dealIdField,
	{
		...dropdown('Stage Name or ID', 'stageId', 'getDealStages'),
		required: true,
		description:
			'A stage of the deal’s pipeline; the pipeline must allow changing stages manually. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		...dropdown('On Behalf of Employee Name or ID', 'employeeId', 'getEmployees'),
		description:
			'Who makes the change; the administrator when empty. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['updateStage'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const request: IDataObject = {
			deal_id: idParameter(this, 'dealId', i, 'a deal ID'),
			stage_id: idParameter(this, 'stageId', i, 'a stage ID'),
		};
		const employee = optionalId(this.getNodeParameter('employeeId', i, ''));
		if (employee) request.employee_id = employee;
		const answer = await envyboxApiRequest
			.call(this, 'POST', 'deal/updateDealStage', request)
			.catch((error: NodeApiError) => error);
		if (answer instanceof Error) {
			// Envybox refuses to move a deal to the stage it is on (HTTP 400), and a lost answer leaves the
			// move unknown: a deal found on the stage asked for is what the caller wanted either way.
			if ((await currentStage(this, request.deal_id)) !== Number(request.stage_id)) throw answer;
			return { deal_id: request.deal_id, stage_id: Number(request.stage_id), alreadyOnStage: true };
		}
		return {
			deal_id: request.deal_id,
			stage_id: Number((answer.result as IDataObject | undefined)?.stage_id ?? request.stage_id),
			alreadyOnStage: false,
		};
	});
}

async function currentStage(
	ctx: IExecuteFunctions,
	dealId: IDataObject[string],
): Promise<number | null> {
	try {
		const deal = await envyboxApiRequest.call(ctx, 'POST', 'deal/get', { deal_id: dealId });
		return Number((deal.result as IDataObject | undefined)?.stage_id);
	} catch {
		return null;
	}
}
