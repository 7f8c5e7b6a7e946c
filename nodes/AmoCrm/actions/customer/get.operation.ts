import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import { customerLocator, simplifyField } from '../common.descriptions';
import { customersCall, customersProblem, noCustomer } from './availability';
import { customerIdParameter, simplifyCustomer, withoutHalLinks } from './fields';

const properties: INodeProperties[] = [customerLocator(), simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = customerIdParameter(this, i);
		const customer = await customersCall(
			this,
			i,
			async () => await amoCrmApiRequest.call(this, 'GET', `/api/v4/customers/${id}`),
		);
		// amoCRM answers an unknown ID with an empty 204.
		if (!customer) throw (await customersProblem(this, i)) ?? noCustomer(this, id, i);
		return this.getNodeParameter('simplify', i, true)
			? simplifyCustomer(customer)
			: withoutHalLinks(customer);
	});
}
