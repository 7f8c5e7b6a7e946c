import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { numbersFromStrings } from '../../helpers/simplify';
import { envyboxApiRequest } from '../../transport';
import { idParameter, responsibleFields, responsibleOf } from '../common';
import { leadIdField } from './fields';

const properties: INodeProperties[] = [leadIdField, ...responsibleFields('lead')];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['updateResponsible'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const leadId = idParameter(this, 'leadId', i, 'a lead ID');
		// The published path reads "lead/update employee"; paths join words with "_", so lead/update_employee is sent.
		const answer = await envyboxApiRequest.call(this, 'POST', 'lead/update_employee', {
			lead_id: leadId,
			...responsibleOf(this, i),
		});
		const result = { ...answer };
		delete result.status_code;
		delete result.message;
		return numbersFromStrings(result);
	});
}
