import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import { optionalNumber, optionsCollection, responsibleUserField } from '../common.descriptions';
import { uidField, uidParameter } from './fields';

const properties: INodeProperties[] = [
	uidField,
	optionsCollection([
		{
			...responsibleUserField,
			displayName: 'Declined By Name or ID',
			name: 'userId',
			description: 'The user who declines. ' + String(responsibleUserField.description),
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['unsorted'], operation: ['decline'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const uid = uidParameter(this, i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const user = optionalNumber(options.userId);
		await amoCrmApiRequest.call(
			this,
			'DELETE',
			`/api/v4/leads/unsorted/${uid}/decline`,
			user !== undefined ? { user_id: user } : {},
		);
		return { uid, declined: true };
	});
}
