import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { simplifyCompany, withoutLinks } from '../../helpers/simplify';
import {
	companyLocator,
	optionsCollection,
	recordIdParameter,
	simplifyField,
} from '../common.descriptions';
import { readOne } from '../read';
import { COMPANY_EMBEDS, linkedRecordOptions } from './linked';

const properties: INodeProperties[] = [
	companyLocator(),
	simplifyField,
	optionsCollection(linkedRecordOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['company'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = recordIdParameter(this, 'companyId', i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const withs = COMPANY_EMBEDS.filter((e) => options[e.option]).map((e) => e.value);
		const company = await readOne(this, 'companies', id, i, withs.join(',') || undefined);
		return this.getNodeParameter('simplify', i, true)
			? simplifyCompany(company)
			: withoutLinks(company);
	});
}
