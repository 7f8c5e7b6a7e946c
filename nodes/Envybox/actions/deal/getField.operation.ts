import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { envyboxApiRequest } from '../../transport';
import { idField, idParameter } from '../common';
import { fieldKindField } from '../fieldKind';

const properties: INodeProperties[] = [fieldKindField, idField('Field ID', 'inputId', 'e.g. 3444')];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['getField'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const qs = {
			input_id: idParameter(this, 'inputId', i, 'a field ID'),
			type: this.getNodeParameter('fieldKind', i, 'custom') as string,
		};
		return ((await envyboxApiRequest.call(this, 'GET', 'deal/getInput', undefined, qs)).result ??
			{}) as IDataObject;
	});
}
