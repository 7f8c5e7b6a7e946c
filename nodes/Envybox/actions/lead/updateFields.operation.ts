import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { idParameter } from '../common';
import { fieldUpdates, fieldUpdatesField } from '../fieldUpdates';
import { leadIdField } from './fields';

/** Service fields of a lead with the input IDs Envybox gives them. */
const SERVICE_FIELDS = [
	{ name: 'Name', value: 1 },
	{ name: 'Phone', value: 2 },
	{ name: 'Email', value: 3 },
	{ name: 'Comment', value: 4 },
	{ name: 'UTM Source', value: 5 },
	{ name: 'UTM Medium', value: 6 },
	{ name: 'UTM Campaign', value: 7 },
	{ name: 'UTM Content', value: 8 },
	{ name: 'UTM Term', value: 9 },
];

const properties: INodeProperties[] = [
	leadIdField,
	fieldUpdatesField(SERVICE_FIELDS, 'getLeadCustomFields'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['updateFields'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const leadId = idParameter(this, 'leadId', i, 'a lead ID');
		const fields = fieldUpdates(this, i);
		await envyboxApiRequest.call(this, 'POST', 'lead/updateLeadValue', { lead_id: leadId, fields });
		return { lead_id: leadId, updated: fields };
	});
}
