import type { IExecuteFunctions } from 'n8n-workflow';

import { idParameter } from '../common.descriptions';

export const botIdParameter = (ctx: IExecuteFunctions, itemIndex: number) =>
	idParameter(
		ctx,
		'botId',
		itemIndex,
		'a salesbot ID',
		'Pick the bot from the list, or give its ID (Settings → Salesbots in amoCRM).',
	);
