import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeProperties,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withItemIndex } from '../../../shared/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmApiRequest } from '../../transport';
import { idParameter } from '../common.descriptions';

export const talkIdField: INodeProperties = {
	displayName: 'Talk ID',
	name: 'talkId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 117',
	description:
		'The talk (conversation in a chat) to use. amoCRM has no list of talks: the ID comes from its talk webhooks (add_talk, update_talk) or from the chat in amoCRM.',
};

export const talkIdOf = (ctx: IExecuteFunctions, itemIndex: number) =>
	idParameter(ctx, 'talkId', itemIndex, 'a talk ID');

/**
 * A request about one talk. amoCRM answers 404 for a talk it does not have (or whose contact the
 * token's user may not see) and 422 to closing a talk that is closed or being closed.
 */
export async function talkRequest(
	ctx: IExecuteFunctions,
	method: IHttpRequestMethods,
	id: number,
	itemIndex: number,
	action = '',
	body?: IDataObject,
): Promise<IDataObject | undefined> {
	try {
		return await amoCrmApiRequest.call(ctx, method, `/api/v4/talks/${id}${action}`, body);
	} catch (error) {
		const status = (error as NodeApiError).httpCode;
		if (status === '404') {
			throw new NodeOperationError(ctx.getNode(), `amoCRM has no talk with ID ${id}`, {
				itemIndex,
				description:
					'Check the talk ID; amoCRM answers the same when the user of the credential has no access to the contact of the talk.',
			});
		}
		if (status === '422' && action === '/close') {
			throw new NodeOperationError(ctx.getNode(), `Talk ${id} is already closed or being closed`, {
				itemIndex,
				description: 'amoCRM closes a talk once; while the NPS bot runs, the talk is being closed.',
			});
		}
		throw withItemIndex(ctx, error, itemIndex);
	}
}

/** A talk without HAL links and without `_embedded`, which only repeats contact_id and entity_id. */
export function simplifyTalk(talk: IDataObject): IDataObject {
	const simple = withoutLinks(talk);
	delete simple._embedded;
	return simple;
}
