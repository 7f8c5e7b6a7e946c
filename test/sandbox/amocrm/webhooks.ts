// amoCRM's account webhooks as the sandbox sends them: changes collected while a request is
// handled become one form-encoded POST per subscribed destination, with bracketed keys
// (`leads[status][0][id]=…`), every value a string, and the `account` block (reference §17).
import type { JsonObject } from '../common';

/**
 * Payload sections: contacts and companies share `contacts` (told apart by `type`); tasks use `task`,
 * talks `talk`, chat messages `message`, customers `customers`.
 */
export type HookSection =
	| 'leads'
	| 'contacts'
	| 'task'
	| 'unsorted'
	| 'talk'
	| 'message'
	| 'customers';

export interface Change {
	section: HookSection;
	action: string;
	/** The settings code a webhook must list to receive this change, e.g. `status_lead`. */
	setting: string;
	item: JsonObject;
}

export interface Subscription {
	id: number;
	destination: string;
	settings: string[];
	disabled: boolean;
	sort: number;
	created_at: number;
	updated_at: number;
	account_id: number;
	created_by: number;
}

export interface Delivery {
	webhook_id: number;
	destination: string;
	settings: string[];
	status: number;
	ok: boolean;
	error?: string;
	at: number;
	durationMs: number;
	body: string;
	/** 1 for the first delivery of these changes, 2 and up for deliveries again after a failure. */
	attempt: number;
}

/** `{a: {b: [{c: 1}]}}` → `a[b][0][c]=1`; null/undefined and empty lists are left out, like amoCRM does. */
export function encodeForm(value: unknown): string {
	const pairs: Array<[string, string]> = [];
	const walk = (node: unknown, key: string) => {
		if (node === null || node === undefined) return;
		if (Array.isArray(node)) {
			node.forEach((child, index) => walk(child, `${key}[${index}]`));
			return;
		}
		if (typeof node === 'object') {
			for (const [k, child] of Object.entries(node as JsonObject))
				walk(child, key ? `${key}[${k}]` : k);
			return;
		}
		pairs.push([key, typeof node === 'boolean' ? (node ? '1' : '0') : String(node)]);
	};
	walk(value, '');
	return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

export function payloadOf(changes: Change[], account: JsonObject): JsonObject {
	const payload: JsonObject = {};
	for (const change of changes) {
		payload[change.section] ??= {};
		payload[change.section][change.action] ??= [];
		payload[change.section][change.action].push(change.item);
	}
	payload.account = account;
	return payload;
}

const TWO_HOURS = 2 * 60 * 60 * 1000;

/**
 * amoCRM delivers a change it could not deliver again later (maintainer on amocrm-api-php issue
 * #226; the webhooks-format page gives +5 min and +15 min, then +15 min and +1 h for 5xx answers).
 */
export const REDELIVERY_DELAYS_MS = [5 * 60_000, 15 * 60_000, 15 * 60_000, 60 * 60_000];

/**
 * Sends collected changes to every enabled subscription that lists their settings code. A reply
 * later than 2 s or outside 100–299 is invalid; more than 100 invalid replies within two hours,
 * the latest invalid too, switch the subscription off (reference §17.2). A failed delivery is
 * sent again after each of `redeliveryDelaysMs` in turn, so a receiver may get a change twice
 * (Kommo's webhooks page: failed deliveries are retried; the delays are not documented).
 */
export class WebhookDispatcher {
	deliveries: Delivery[] = [];
	redeliveryDelaysMs = [...REDELIVERY_DELAYS_MS];
	private inflight = new Set<Promise<void>>();
	private invalid = new Map<number, number[]>();
	private timers = new Set<NodeJS.Timeout>();

	reset() {
		this.deliveries = [];
		this.invalid.clear();
		this.redeliveryDelaysMs = [...REDELIVERY_DELAYS_MS];
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	dispatch(subscriptions: Subscription[], changes: Change[], account: JsonObject) {
		if (!changes.length) return;
		for (const hook of subscriptions) {
			if (hook.disabled) continue;
			// A change that matches two settings (a contact's new responsible user is also an update) is sent once.
			const seen = new Set<string>();
			const wanted = changes.filter((c) => {
				const key = `${c.section}:${c.action}:${String(c.item.id ?? c.item.uid ?? c.item.talk_id ?? c.item.note?.id)}`;
				if (!hook.settings.includes(c.setting) || seen.has(key)) return false;
				seen.add(key);
				return true;
			});
			if (!wanted.length) continue;
			this.track(this.deliver(hook, wanted, account, 1));
		}
	}

	private track(delivery: Promise<void>) {
		this.inflight.add(delivery);
		void delivery.finally(() => this.inflight.delete(delivery));
	}

	/** Waits until every delivery started so far has finished (not those scheduled for later). */
	async settle() {
		while (this.inflight.size) await Promise.allSettled([...this.inflight]);
	}

	private async deliver(
		hook: Subscription,
		changes: Change[],
		account: JsonObject,
		attempt: number,
	) {
		const body = encodeForm(payloadOf(changes, account));
		const at = Date.now();
		let status = 0;
		let error: string | undefined;
		try {
			const response = await fetch(hook.destination, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body,
				signal: AbortSignal.timeout(2000),
			});
			status = response.status;
			await response.arrayBuffer();
		} catch (failure) {
			error = (failure as Error).message;
		}
		const ok = status >= 100 && status <= 299;
		this.deliveries.push({
			webhook_id: hook.id,
			destination: hook.destination,
			settings: changes.map((c) => c.setting),
			status,
			ok,
			error,
			at,
			durationMs: Date.now() - at,
			body,
			attempt,
		});
		const invalid = (this.invalid.get(hook.id) ?? []).filter((t) => t > Date.now() - TWO_HOURS);
		if (!ok) invalid.push(Date.now());
		this.invalid.set(hook.id, invalid);
		if (!ok && invalid.length > 100) hook.disabled = true;
		const delay = this.redeliveryDelaysMs[attempt - 1];
		if (ok || delay === undefined) return;
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			if (!hook.disabled) this.track(this.deliver(hook, changes, account, attempt + 1));
		}, delay);
		timer.unref();
		this.timers.add(timer);
	}
}
