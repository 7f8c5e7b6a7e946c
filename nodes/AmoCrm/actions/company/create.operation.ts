import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collection } from '../common.descriptions';
import { companyBody, companyFieldOptions, type CompanyFields, companyLinks } from './fields';
import { writeCompanies } from './write';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ООО «Ромашка»',
	},
	collection('Additional Fields', 'additionalFields', companyFieldOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['company'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await writeCompanies.call(this, items, 'POST', async (i) => {
		const fields: CompanyFields = {
			name: this.getNodeParameter('name', i, '') as string,
			...(this.getNodeParameter('additionalFields', i, {}) as CompanyFields),
		};
		return {
			body: await companyBody(this, fields, i, false),
			links: companyLinks(this, fields, i),
		};
	});
}
