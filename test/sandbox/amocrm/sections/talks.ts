// Talks (conversations of chats), `/api/v4/talks/{id}` and `/api/v4/talks/{id}/close`, as amoCRM's
// talks-api page describes them (https://www.amocrm.ru/developers/content/crm_platform/talks-api) and
// amocrm-api-php has them (EntitiesServices/Talks.php, Models/TalkModel.php). Chats make talks, and an
// ordinary integration cannot make chats, so talks come only from `seed({ talks: [...] })`. There is no
// list: amocrm-api-php's `Talks::get()` throws "not available", so `GET /talks` is an unknown route here.
// Where the page is silent, the less forgiving reading:
//  - the 404 of an unknown talk and the 422 of a closed one carry a problem body whose detail is assumed;
//  - the close body takes `force_close` (a bool) and nothing else: other fields are validation errors;
//  - `npsBot: true` (seed) plays an account whose NPS bot is on and in its plan: a close without
//    `force_close` starts the bot and leaves the talk in work, being closed, so that a second close
//    answers 422 too; with `force_close`, or with the bot off, the talk is closed at once;
//  - rights on the talk's contact are not played: every token sees every talk.
import { randomUUID } from 'node:crypto';

import type { JsonObject, SandboxRequest, SandboxResponse } from '../../common';
import {
	type ValidationError,
	ValidationFailed,
	isInt,
	now,
	ok,
	problem,
	unexpectedFields,
} from '../answers';
import { AMOCRM_SANDBOX } from '../state';
import type { SandboxSection } from './section';

interface Talk {
	talk_id: number;
	created_at: number;
	updated_at: number;
	rate: number;
	contact_id: number;
	chat_id: string;
	entity_id: number | null;
	entity_type: 'lead' | 'customer' | null;
	is_in_work: boolean;
	is_read: boolean;
	origin: string;
	missed_at: number | null;
	account_id: number;
}

/** Plural path of the entity a talk is about, for `_embedded`. */
const EMBEDDED_KEY = { lead: 'leads', customer: 'customers' } as const;

export class TalksSection implements SandboxSection {
	private talks = new Map<number, Talk>();
	/** Talks whose NPS bot was started by a close: in work, but being closed. */
	private npsBotStarted = new Set<number>();
	private npsBot = false;

	reset() {
		this.talks.clear();
		this.npsBotStarted.clear();
		this.npsBot = false;
	}

	dump(): JsonObject {
		return {
			talks: [...this.talks.values()].map((talk) => ({
				...talk,
				nps_bot_started: this.npsBotStarted.has(talk.talk_id),
			})),
		};
	}

	seed(body: JsonObject) {
		if (typeof body.npsBot === 'boolean') this.npsBot = body.npsBot;
		for (const raw of (body.talks ?? []) as JsonObject[]) {
			if (!isInt(raw.talk_id) || !isInt(raw.contact_id))
				throw new Error(`seed talks: talk_id and contact_id are required (${JSON.stringify(raw)})`);
			const t = now();
			this.talks.set(raw.talk_id as number, {
				created_at: t,
				updated_at: t,
				rate: 0,
				chat_id: randomUUID(),
				entity_id: null,
				entity_type: null,
				is_in_work: true,
				is_read: false,
				origin: 'telegram',
				missed_at: null,
				account_id: AMOCRM_SANDBOX.accountId,
				...(raw as Partial<Talk>),
				talk_id: raw.talk_id as number,
				contact_id: raw.contact_id as number,
			});
		}
	}

	route(
		method: string,
		parts: string[],
		request: SandboxRequest,
		base: string,
	): SandboxResponse | null {
		if (parts[0] !== 'talks' || parts.length < 2 || parts.length > 3) return null;
		const id = Number(parts[1]);
		if (!Number.isInteger(id)) return null;
		if (parts.length === 2 && method === 'GET') return this.get(id, base);
		if (parts.length === 3 && parts[2] === 'close' && method === 'POST')
			return this.close(id, request.body);
		return null;
	}

	private notFound() {
		return problem(404, 'Not Found', 'Talk not found');
	}

	private get(id: number, base: string): SandboxResponse {
		const talk = this.talks.get(id);
		if (!talk) return this.notFound();
		const ref = (path: string, refId: number) => ({
			id: refId,
			_links: { self: { href: `${base}/api/v4/${path}/${refId}` } },
		});
		const embedded: JsonObject = {
			contacts: [ref('contacts', talk.contact_id)],
			leads: [],
			customers: [],
		};
		if (talk.entity_type && talk.entity_id !== null)
			embedded[EMBEDDED_KEY[talk.entity_type]] = [
				ref(EMBEDDED_KEY[talk.entity_type], talk.entity_id),
			];
		return ok({
			...talk,
			_links: { self: { href: `${base}/api/v4/talks/${id}` } },
			_embedded: embedded,
		});
	}

	private close(id: number, body: unknown): SandboxResponse {
		const talk = this.talks.get(id);
		if (!talk) return this.notFound();
		const input = (body ?? {}) as JsonObject;
		const errors: ValidationError[] = [];
		if (typeof input !== 'object' || Array.isArray(input))
			errors.push({
				code: 'InvalidType',
				path: '',
				detail: 'This value should be of type object.',
			});
		else {
			errors.push(...unexpectedFields(input, ['force_close']));
			if (input.force_close !== undefined && typeof input.force_close !== 'boolean')
				errors.push({
					code: 'InvalidType',
					path: 'force_close',
					detail: 'This value should be of type bool.',
				});
		}
		if (errors.length) throw new ValidationFailed([{ request_id: '0', errors }]);
		if (!talk.is_in_work || this.npsBotStarted.has(id))
			return problem(422, 'Unprocessable Entity', 'Talk is already closed or is being closed');
		if (this.npsBot && (input as JsonObject).force_close !== true) this.npsBotStarted.add(id);
		else {
			talk.is_in_work = false;
			talk.updated_at = Math.max(now(), talk.updated_at);
		}
		return { status: 202 };
	}
}

export const talksSection = (): SandboxSection => new TalksSection();
