import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { optionsCollection } from '../common.descriptions';
import { talkIdField, talkIdOf, talkRequest } from './fields';

const properties: INodeProperties[] = [
	talkIdField,
	optionsCollection([
		{
			displayName: 'Skip NPS Bot',
			name: 'forceClose',
			type: 'boolean',
			default: false,
			description:
				'Whether to close the talk at once. Otherwise amoCRM starts the NPS bot, which asks the client to rate the talk and then closes it, when the bot is on in the account settings and the plan has it.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['talk'], operation: ['close'] } },
	properties,
);

/** One request per talk: amoCRM closes talks one at a time and answers 202 without a body. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = talkIdOf(this, i);
		const forceClose = (this.getNodeParameter('options', i, {}) as IDataObject).forceClose === true;
		await talkRequest(this, 'POST', id, i, '/close', { force_close: forceClose });
		return { talk_id: id, close_requested: true, nps_bot_skipped: forceClose };
	});
}
