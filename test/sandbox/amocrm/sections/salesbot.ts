// Salesbots: amoCRM's public API can start a bot on a lead or contact and stop it, nothing more; bots
// are made in amoCRM's editor, so the sandbox takes them by seed (`bots`). None of these calls is in
// the official PHP client (amocrm-api-php issues #430, #521). What is known:
//  - `POST /api/v2/salesbot/run` (Kommo's salesbot v2 page; integrators' clients): an array of at most
//    100 `{bot_id, entity_id, entity_type}`, `entity_type` numeric, 1 contact, 2 lead (3 for companies
//    is claimed by one source only: refused here); a bot that does not exist answers the plain text
//    "Бот не найден" (its status is not documented: 400 here, and the whole batch is refused);
//  - `POST /api/v4/bots/{id}/stop` (Kommo's reference, 2024): `{entity_id, entity_type: "leads"}`, only
//    leads; 202, its body may be the text "Accepted"; an unknown bot 404;
//  - `GET /api/v4/bots` lists the bots (fields beyond id and name unconfirmed).
// Whether an unknown entity is refused is not documented: it is refused here. Runs and stops are
// logged (`salesbot_runs`) so tests can see what amoCRM was asked to do.
import type { JsonObject, SandboxRequest, SandboxResponse } from '../../common';
import { isInt, noContent, now, ok, problem, unexpectedFields } from '../answers';
import type { AmoCrmSandbox } from '../server';
import type { SandboxSection } from './section';

interface Bot {
	id: number;
	name: string;
}

const DEFAULT_BOTS: Bot[] = [
	{ id: 36143, name: 'Приветствие' },
	{ id: 36144, name: 'Напоминание об оплате' },
];

const ENTITY_OF_V2_TYPE: Record<number, 'contacts' | 'leads'> = { 1: 'contacts', 2: 'leads' };

const text = (status: number, body: string): SandboxResponse => ({
	status,
	contentType: 'text/plain; charset=utf-8',
	body,
});

export class SalesbotSection implements SandboxSection {
	bots: Bot[] = [];
	runs: JsonObject[] = [];

	constructor(private readonly sandbox: AmoCrmSandbox) {}

	reset() {
		this.bots = DEFAULT_BOTS.map((bot) => ({ ...bot }));
		this.runs = [];
	}

	dump(): JsonObject {
		return { bots: this.bots, salesbot_runs: this.runs };
	}

	seed(body: JsonObject) {
		if (Array.isArray(body.bots)) this.bots = body.bots as Bot[];
	}

	route(
		method: string,
		parts: string[],
		request: SandboxRequest,
		base: string,
	): SandboxResponse | null {
		if (
			parts[0] === 'v2' &&
			parts[1] === 'salesbot' &&
			parts[2] === 'run' &&
			parts.length === 3 &&
			method === 'POST'
		)
			return this.runV2(request.body);
		if (parts[0] !== 'bots') return null;
		if (parts.length === 1 && method === 'GET') {
			return this.sandbox.page(
				request.query,
				base,
				'bots',
				this.bots.map((bot) => ({
					...bot,
					_links: { self: { href: `${base}/api/v4/bots/${bot.id}` } },
				})),
			);
		}
		const bot = this.bots.find((b) => b.id === Number(parts[1]));
		if (parts.length === 2 && method === 'GET')
			return bot
				? ok({ ...bot, _links: { self: { href: `${base}/api/v4/bots/${bot.id}` } } })
				: noContent();
		if (parts.length === 3 && parts[2] === 'stop' && method === 'POST')
			return this.stop(bot, request.body);
		return null;
	}

	private runV2(body: unknown): SandboxResponse {
		const list = Array.isArray(body) ? (body as JsonObject[]) : null;
		if (!list || list.length === 0)
			return problem(400, 'Bad Request', 'Request data can not be empty');
		if (list.length > 100)
			return problem(400, 'Bad Request', 'No more than 100 bots can be run at a time');
		const errors = list.flatMap((item, index) => {
			const found: JsonObject[] = [];
			found.push(
				...unexpectedFields(item ?? {}, ['bot_id', 'entity_id', 'entity_type'], `${index}.`),
			);
			if (!isInt(item?.bot_id))
				found.push({
					code: 'InvalidType',
					path: `${index}.bot_id`,
					detail: 'This value should be of type int.',
				});
			if (!isInt(item?.entity_id))
				found.push({
					code: 'InvalidType',
					path: `${index}.entity_id`,
					detail: 'This value should be of type int.',
				});
			const entity = ENTITY_OF_V2_TYPE[item?.entity_type as number];
			if (!entity)
				found.push({
					code: 'NotSupportedChoice',
					path: `${index}.entity_type`,
					detail: 'The value you selected is not a valid choice.',
				});
			else if (isInt(item.entity_id) && !this.sandbox[entity].has(item.entity_id as number))
				found.push({ code: 'NotFound', path: `${index}.entity_id`, detail: 'Entity not found' });
			return found;
		});
		if (errors.length)
			return problem(400, 'Bad Request', 'Request validation failed', {
				'validation-errors': [{ request_id: '0', errors }],
			});
		if (list.some((item) => !this.bots.some((bot) => bot.id === item.bot_id)))
			return text(400, 'Бот не найден');
		for (const item of list)
			this.runs.push({
				action: 'run',
				bot_id: item.bot_id,
				entity_type: ENTITY_OF_V2_TYPE[item.entity_type as number],
				entity_id: item.entity_id,
				at: now(),
			});
		if (this.sandbox.readings.salesbotRunAnswer === 'success')
			return ok({
				success: true,
				_links: { self: { href: '/api/v2/salesbot/run', method: 'post' } },
			});
		return { status: 202 };
	}

	private stop(bot: Bot | undefined, body: unknown): SandboxResponse {
		if (!bot) return problem(404, 'Not Found', 'Bot not found');
		const item = (body ?? {}) as JsonObject;
		const errors: JsonObject[] = [];
		errors.push(...unexpectedFields(item, ['entity_id', 'entity_type']));
		if (item.entity_type !== 'leads')
			errors.push({
				code: 'NotSupportedChoice',
				path: 'entity_type',
				detail: 'The value you selected is not a valid choice.',
			});
		if (!isInt(item.entity_id))
			errors.push({
				code: 'InvalidType',
				path: 'entity_id',
				detail: 'This value should be of type int.',
			});
		else if (!this.sandbox.leads.has(item.entity_id as number))
			errors.push({ code: 'NotFound', path: 'entity_id', detail: 'Entity not found' });
		if (errors.length)
			return problem(400, 'Bad Request', 'Request validation failed', {
				'validation-errors': [{ request_id: '0', errors }],
			});
		this.runs.push({
			action: 'stop',
			bot_id: bot.id,
			entity_type: 'leads',
			entity_id: item.entity_id,
			at: now(),
		});
		return { status: 202, contentType: 'text/html', body: 'Accepted' };
	}
}
