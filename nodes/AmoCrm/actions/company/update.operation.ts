import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { amoCrmGetByIds } from '../../transport';
import { collection, companyLocator, recordIdParameter } from '../common.descriptions';
import { addedOnUpdate, mergeTargets } from '../party';
import { companyBody, companyFieldOptions, type CompanyFields, companyLinks } from './fields';
import { writeCompanies } from './write';

const properties: INodeProperties[] = [
	companyLocator(),
	collection('Update Fields', 'updateFields', [
		...addedOnUpdate(companyFieldOptions, 'company'),
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['company'], operation: ['update'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const fieldsOf = (i: number) => this.getNodeParameter('updateFields', i, {}) as CompanyFields;
	const idOf = (i: number) => recordIdParameter(this, 'companyId', i);
	const current = new Map<number, IDataObject>();
	for (const company of await amoCrmGetByIds.call(
		this,
		'/api/v4/companies',
		'companies',
		mergeTargets(this, items.length, fieldsOf, idOf),
	)) {
		current.set(Number(company.id), company);
	}
	return await writeCompanies.call(this, items, 'PATCH', async (i) => {
		const id = idOf(i);
		const fields = fieldsOf(i);
		return {
			body: { id, ...(await companyBody(this, fields, i, true, current.get(id))) },
			links: companyLinks(this, fields, i),
		};
	});
}
