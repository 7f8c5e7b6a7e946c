import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { MAX_BATCH } from '../../transport';
import { amoCrmBatchWrite, type BatchOutcome } from '../../transport/batch';
import { contactLocator, recordIdParameter } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/offer',
		description: 'The page the short link leads to (http or https)',
	},
	{
		...contactLocator(),
		description:
			'The contact the link is made for: amoCRM makes one link per contact and notes on the contact when the link is followed',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['shortLink'], operation: ['create'] } },
	properties,
);

const contactIdOf = (body: IDataObject) =>
	Number((body.metadata as IDataObject | undefined)?.entity_id);

/**
 * amoCRM answers the links in the order asked, without request_id, and leaves out the contacts it
 * makes no link for (unknown ones, or ones the token's user may not see): each answer is paired with
 * the next sent link of the same contact.
 */
function pairInOrder(answers: IDataObject[], sent: IDataObject[]): Array<IDataObject | undefined> {
	let next = 0;
	return sent.map((body) => {
		const answer = answers[next];
		if (!answer || contactIdOf(answer) !== contactIdOf(body)) return undefined;
		next++;
		return answer;
	});
}

function httpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/** Short links, up to 250 per request (or the credential's write batch size). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: (i) => {
			const url = String(this.getNodeParameter('url', i, '')).trim();
			if (!httpUrl(url)) {
				throw new NodeOperationError(
					this.getNode(),
					url ? `"${url}" is not a web address` : 'A short link needs a URL',
					{
						itemIndex: i,
						description: 'Give the full address of the page, starting with https:// or http://.',
					},
				);
			}
			return {
				url,
				metadata: { entity_type: 'contacts', entity_id: recordIdParameter(this, 'contactId', i) },
			};
		},
		// Making a link twice does no harm, so a batch amoCRM refused in part is sent again without the refused links.
		write: async (entries) => {
			const outcomes = await amoCrmBatchWrite.call(this, {
				method: 'POST',
				endpoint: '/api/v4/short_links',
				embeddedKey: 'short_links',
				entries,
				batchSize: MAX_BATCH,
				idempotent: true,
				omitRequestId: true,
				matchAnswers: pairInOrder,
			});
			const sent = new Map(entries.map((entry) => [entry.itemIndex, entry.body]));
			return outcomes.map((outcome): BatchOutcome => {
				if (outcome.error || outcome.result.url) return outcome;
				const contactId = contactIdOf(sent.get(outcome.itemIndex)!);
				return {
					itemIndex: outcome.itemIndex,
					error: new NodeOperationError(
						this.getNode(),
						`amoCRM made no short link for contact ${contactId}`,
						{
							itemIndex: outcome.itemIndex,
							description:
								'amoCRM makes no link for a contact that does not exist or that the user of the credential has no access to.',
						},
					),
				};
			});
		},
		present: (result, _i, sent) => ({
			short_url: result.url,
			url: sent.url,
			contact_id: contactIdOf(sent),
		}),
	});
}
