import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { errorItem, withItemIndex } from '../../../shared/items';
import { amoCrmApiRequest, writeBatchSizeOf } from '../../transport';
import { contactLocator, leadLocator, recordIdParameter } from '../common.descriptions';
import { botIdParameter } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Salesbot Name or ID',
		name: 'botId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSalesbots' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Run On',
		name: 'runOn',
		type: 'options',
		options: [
			{ name: 'Lead', value: 'leads' },
			{ name: 'Contact', value: 'contacts' },
		],
		default: 'leads',
		description: 'Whether the bot runs on a lead or on a contact',
	},
	{ ...leadLocator(), displayOptions: { show: { runOn: ['leads'] } } },
	{ ...contactLocator(), displayOptions: { show: { runOn: ['contacts'] } } },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['salesbot'], operation: ['run'] } },
	properties,
);

/** amoCRM's salesbot run call (API v2) takes at most 100 bots per request and numbers the record types. */
const MAX_RUNS_PER_REQUEST = 100;
const TYPE_NUMBER: Record<string, number> = { contacts: 1, leads: 2 };

/**
 * Starts bots in batches. amoCRM only queues the runs: its answer says nothing per bot, and a batch
 * with one bot that does not exist is refused whole, so every item of that batch gets the error.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const runs: Array<{ itemIndex: number; run: IDataObject }> = [];
	const results = new Map<number, IDataObject | Error>();
	for (let i = 0; i < items.length; i++) {
		try {
			const entityType = this.getNodeParameter('runOn', i, 'leads') as string;
			const entityId = recordIdParameter(
				this,
				entityType === 'contacts' ? 'contactId' : 'leadId',
				i,
			);
			runs.push({
				itemIndex: i,
				run: {
					bot_id: botIdParameter(this, i),
					entity_id: entityId,
					entity_type: TYPE_NUMBER[entityType],
				},
			});
		} catch (error) {
			if (!this.continueOnFail()) throw withItemIndex(this, error, i);
			results.set(i, withItemIndex(this, error, i));
		}
	}
	const size = Math.min(MAX_RUNS_PER_REQUEST, await writeBatchSizeOf(this));
	for (let start = 0; start < runs.length; start += size) {
		const batch = runs.slice(start, start + size);
		try {
			// Not retried after a 5xx: a bot started twice sends its messages twice.
			await amoCrmApiRequest.call(
				this,
				'POST',
				'/api/v2/salesbot/run',
				batch.map((entry) => entry.run),
				undefined,
				false,
			);
			for (const { itemIndex, run } of batch) {
				results.set(itemIndex, {
					botId: run.bot_id,
					entityType: run.entity_type === 1 ? 'contacts' : 'leads',
					entityId: run.entity_id,
					started: true,
				});
			}
		} catch (error) {
			const failure = botNotFound(
				this,
				error as Error,
				batch.map((entry) => Number(entry.run.bot_id)),
			);
			if (!this.continueOnFail()) throw withItemIndex(this, failure, batch[0].itemIndex);
			for (const { itemIndex } of batch) results.set(itemIndex, failure);
		}
	}
	return items.flatMap((_, i) => {
		const result = results.get(i)!;
		return result instanceof Error
			? [errorItem(this, result, i)]
			: [{ json: result, pairedItem: { item: i } }];
	});
}

/** amoCRM answers an unknown bot with the bare text «Бот не найден», which names no bot. */
function botNotFound(ctx: IExecuteFunctions, error: Error, botIds: number[]): Error {
	if (!/Бот не найден/i.test(error.message)) return error;
	const ids = [...new Set(botIds)];
	return new NodeApiError(
		ctx.getNode(),
		{},
		{
			message:
				ids.length === 1
					? `amoCRM has no salesbot with ID ${ids[0]}`
					: `amoCRM has no salesbot with one of the IDs ${ids.join(', ')}`,
			description:
				'amoCRM answered «Бот не найден» and started none of the bots of this request. Bot IDs are shown in amoCRM under Settings → Salesbots.',
			httpCode: String((error as NodeApiError).httpCode ?? '400'),
		},
	);
}
