import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import {
	optionalNumber,
	optionsCollection,
	responsibleUserField,
	statusField,
} from '../common.descriptions';
import { acceptedIds } from './result';
import { uidField, uidParameter } from './fields';

const properties: INodeProperties[] = [
	uidField,
	optionsCollection([
		{
			...responsibleUserField,
			displayName: 'Accepted By Name or ID',
			name: 'userId',
			description:
				'The user who accepts; becomes responsible. ' + String(responsibleUserField.description),
		},
		{
			...statusField,
			description:
				'Stage of the incoming lead’s pipeline to put the lead in; the first stage when empty. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['unsorted'], operation: ['accept'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const uid = uidParameter(this, i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const body: IDataObject = {};
		const user = optionalNumber(options.userId);
		const status = optionalNumber(options.statusId);
		if (user !== undefined) body.user_id = user;
		if (status !== undefined) body.status_id = status;
		const answer = await amoCrmApiRequest.call(
			this,
			'POST',
			`/api/v4/leads/unsorted/${uid}/accept`,
			body,
		);
		return { uid, accepted: true, ...acceptedIds(answer) };
	});
}
