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
import { dealIdField } from './fields';

const properties: INodeProperties[] = [
	dealIdField,
	{
		displayName: 'Include',
		name: 'with',
		type: 'multiOptions',
		options: [
			{ name: 'Child Deals', value: 'child_deals', description: 'Deals created from this one' },
			{
				name: 'Parent Deal',
				value: 'parent_deal',
				description: 'The deal this one was created from',
			},
		],
		default: [],
	},
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const request: IDataObject = { deal_id: idParameter(this, 'dealId', i, 'a deal ID') };
		const withs = this.getNodeParameter('with', i, []) as string[];
		if (withs.length) request.with = withs;
		const deal = (await envyboxApiRequest.call(this, 'POST', 'deal/get', request))
			.result as IDataObject;
		if (!this.getNodeParameter('simplify', i, true)) return deal;
		const simple = simplifyRecord(deal);
		if (deal.parent_deal) simple.parent_deal = simplifyRecord(deal.parent_deal as IDataObject);
		if (Array.isArray(deal.child_deals))
			simple.child_deals = (deal.child_deals as IDataObject[]).map(simplifyRecord);
		return simple;
	});
}
