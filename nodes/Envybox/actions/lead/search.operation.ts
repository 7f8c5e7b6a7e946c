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
import { contactSearchFields, contactSearchRequest } from '../contactSearch';

const properties: INodeProperties[] = contactSearchFields;

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['search'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const request = contactSearchRequest(this, i);
		const answer = await envyboxApiRequest.call(this, 'POST', 'lead/search', request);
		// `leads` is the one lead found (or null), despite its name.
		const lead = answer.leads as IDataObject | null;
		if (!lead) return { found: false, ...request };
		return {
			found: true,
			...(this.getNodeParameter('simplify', i, true) ? simplifyRecord(lead) : lead),
		};
	});
}
