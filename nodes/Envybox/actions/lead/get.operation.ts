import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { simplifyRecord } from '../../helpers/simplify';
import { envyboxApiRequest } from '../../transport';
import { idParameter, simplifyField } from '../common';
import { leadIdField } from './fields';

const properties: INodeProperties[] = [leadIdField, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const answer = await envyboxApiRequest.call(this, 'POST', 'lead/get', {
			lead_id: idParameter(this, 'leadId', i, 'a lead ID'),
		});
		const lead = answer.result as IDataObject;
		return this.getNodeParameter('simplify', i, true) ? simplifyRecord(lead) : lead;
	});
}
