import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { crmData } from '../../helpers/crmData';
import { numbersFromStrings } from '../../helpers/simplify';
import { envyboxApiRequest } from '../../transport';
import { dropdown, idParameter } from '../common';
import { leadIdField } from './fields';

const properties: INodeProperties[] = [
	{ ...leadIdField, description: 'Use the parent ID when the lead was merged into another' },
	{
		displayName: 'Responsible for the Deal',
		name: 'responsible',
		type: 'options',
		options: [
			{ name: 'Nobody (Open to Everyone)', value: 'nobody' },
			{ name: 'The CRM Administrator', value: 'admin' },
			{ name: 'An Employee', value: 'employee' },
		],
		default: 'nobody',
	},
	dropdown('Employee Name or ID', 'employeeId', 'getEmployees', {
		displayOptions: { show: { responsible: ['employee'] } },
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['takeIntoWork'] } },
	properties,
);

/** Taking a lead into work creates its client and deal; the answer carries their IDs. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const leadId = idParameter(this, 'leadId', i, 'a lead ID');
		const responsible = this.getNodeParameter('responsible', i, 'nobody') as string;
		// An employee needs the administrator's user_id too; both 0 leave the deal open to everyone.
		const userId = responsible === 'nobody' ? 0 : Number((await crmData(this)).user_id);
		const employeeId =
			responsible === 'employee' ? idParameter(this, 'employeeId', i, 'an employee ID') : 0;
		const answer = await envyboxApiRequest.call(this, 'POST', 'lead/start', {
			lead_id: leadId,
			user_id: userId,
			employee_id: employeeId,
		});
		return numbersFromStrings(answer.result as never);
	});
}
