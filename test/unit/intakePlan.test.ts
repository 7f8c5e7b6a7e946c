// The "Plan" Code node of workflows/amocrm-intake-core.json, run as the workflow holds it, on thousands of
// generated rounds of claimed queue entries: it never throws, puts every entry in exactly one place,
// normalises phones and emails the way nodes/shared/contactKeys.ts does, and never leaves one phone or
// email in two people. Also: the core's nodes that pick due entries all use one filter.
import fc from 'fast-check';

import { normalizeEmail, normalizePhone } from '../../nodes/shared/contactKeys';
import { sampleWorkflow } from '../e2e/n8n';
import { codeNode } from './codeNode';

const runPlan = codeNode('amocrm-intake-core.json', 'Plan');
const SETTINGS = { doubleSubmitMinutes: 10, maxAttempts: 5 };

const plan = (claimed: any[], recent: any[] = claimed, results: any[] = [], lookedAhead: any[] = []) =>
	runPlan({ Settings: [SETTINGS], 'Recent Entries': recent, 'Recent Results': results, Claim: claimed, 'Looked Ahead': lookedAhead });

/** Rows of amocrm_intake_lookahead: what the previous round touched, and the look-ahead's searches. */
const touchedRow = (contacts: number[], keys: string[]) => ({ kind: 'round', phone: '', email: '', data: JSON.stringify({ contacts, keys }) });
const searchRow = (phone: string, email: string, found: Record<string, unknown>) => ({
	kind: 'lookup',
	phone,
	email,
	data: JSON.stringify({ found: false, contact: null, matched_by: null, open_lead: null, ...found }),
});

/** The row amocrm_intake_results holds for a finished entry. */
const result = (entryId: number, fields: Record<string, unknown>) => ({
	id: entryId + 100,
	entry_id: entryId,
	outcome: 'new client',
	contact_id: null,
	lead_id: null,
	note_id: null,
	task_id: null,
	responsible_user_id: null,
	phone: '',
	phone_key: '',
	email: '',
	...fields,
});

const entry = (id: number, fields: Record<string, unknown>) => ({
	id,
	source: 'site',
	source_title: 'Заявка с сайта',
	tags: 'сайт',
	name: '',
	phone_raw: '',
	email_raw: '',
	page: 'Главная',
	form: '',
	comment: '',
	utm: '{}',
	received_at: 1_700_000_000_000 + id * 1000,
	state: 'pending',
	attempts: 1,
	...fields,
});

const phoneText = fc.oneof(
	fc.stringMatching(/^9\d{9}$/).map((d) => `+7 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}_`),
	fc.stringMatching(/^9\d{9}$/).map((d) => `8 ${d}`),
	fc.constantFrom('9310000001', '+7 931 000-00-01', '8 931 000 00 02', '12-34', ''), // shared numbers make one person of several entries
	fc.string(),
);
const emailText = fc.oneof(fc.constantFrom('a@example.com', ' A@Example.COM ', 'b@example.com', '', 'not-an-email'), fc.emailAddress(), fc.string());
const submission = fc.record({
	name: fc.oneof(fc.constantFrom('Анна', ''), fc.string()),
	phone_raw: phoneText,
	email_raw: emailText,
	form: fc.constantFrom('Обратный звонок', 'Расчёт'),
	attempts: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 7 })),
	lead_id: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
	// finished by a round that died before marking it done
	recordedLead: fc.constantFrom(null, null, null, null, null, 6, 7),
});

describe('intake core: the Plan node', () => {
	it('sorts any round: each entry once, keys normalised as contactKeys does, one person per phone and email', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(submission, { minLength: 1, maxLength: 30 }), async (submissions) => {
				const claimed = submissions.map(({ recordedLead, ...s }, i) => entry(i + 1, s));
				const results = submissions.flatMap(({ recordedLead }, i) =>
					recordedLead ? [result(i + 1, { lead_id: recordedLead, contact_id: recordedLead + 10, note_id: 1, task_id: 2 })] : [],
				);
				const out = await plan(claimed, claimed, results);
				const placed = out.flatMap((item) => item.entries.map((e: any) => e.id));
				expect(placed.sort((a, b) => a - b)).toEqual(claimed.map((e) => e.id));

				const owner = new Map<string, any>();
				for (const item of out) {
					for (const e of item.entries) {
						const raw = claimed.find((c) => c.id === e.id)!;
						const phone = normalizePhone(raw.phone_raw);
						expect([e.phone, e.phone_key, e.email]).toEqual([phone?.e164 ?? '', phone?.matchKey ?? '', normalizeEmail(raw.email_raw) ?? '']);
						if (results.some((r) => r.entry_id === e.id)) {
							// only passed through again: on a lead, with its note and task, never a double or a give-up
							expect([item.route, e.recorded, e.note_id, e.task_id]).toEqual(['known', true, 1, 2]);
							expect(item.lead_id).toBeTruthy();
							continue;
						}
						if (item.route === 'give_up') expect(raw.attempts).toBeGreaterThan(SETTINGS.maxAttempts);
						else expect(raw.attempts).toBeLessThanOrEqual(SETTINGS.maxAttempts);
						if (item.route === 'double') {
							expect(item.original_id).toBeLessThan(e.id);
							continue;
						}
						if (item.route === 'give_up') continue;
						for (const key of [e.phone_key && `phone:${e.phone_key}`, e.email && `email:${e.email}`].filter(Boolean)) {
							expect(owner.get(key) ?? item).toBe(item);
							owner.set(key, item);
						}
					}
					if (item.route === 'review') expect(item.entries.every((e: any) => !e.phone && !e.email)).toBe(true);
				}
			}),
			{ numRuns: 2000 },
		);
	});

	it('an exact repeat within the window is a double submit of the first; after the window, or changed, it is not', async () => {
		const first = entry(1, { name: 'Анна', phone_raw: '+7 931 604-70-33', state: 'done' });
		const again = entry(2, { name: 'Анна', phone_raw: '+7 931 604-70-33' });
		const later = entry(3, { name: 'Анна', phone_raw: '+7 931 604-70-33', received_at: first.received_at + 11 * 60_000 });
		const changed = entry(4, { name: 'Анна', phone_raw: '+7 931 604-70-33', form: 'Другая' });
		const out = await plan([again, later, changed], [first, again, later, changed], [result(1, { phone_key: '9316047033', lead_id: 7, contact_id: 8 })]);
		expect(out.filter((item) => item.route === 'double').map((item) => [item.entries[0].id, item.original_id])).toEqual([[2, 1]]);
		const person = out.find((item) => item.route === 'lookup');
		expect(person.entries.map((e: any) => e.id)).toEqual([3, 4]);
		// The contact the first one got is used if amoCRM's search does not show it yet.
		expect(person.recent).toEqual({ contact_id: 8, lead_id: 7, responsible_user_id: null });
	});

	it('uses a search the look-ahead made only where it stands for this round\'s own, on generated rounds', async () => {
		const ahead = fc.record({
			searched: fc.boolean(),
			contact: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
			openLead: fc.option(fc.integer({ min: 20, max: 22 }), { nil: null }),
			touchedPhone: fc.boolean(),
			touchedEmail: fc.boolean(),
		});
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(submission, ahead), { minLength: 1, maxLength: 20 }),
				fc.boolean(),
				fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }),
				async (rows, summarised, touchedContacts) => {
					const claimed = rows.map(([{ recordedLead, ...s }], i) => entry(i + 1, s));
					const keysOf = (raw: any) => {
						const phone = normalizePhone(raw.phone_raw);
						const email = normalizeEmail(raw.email_raw);
						return { phone: phone?.e164 ?? '', email: email ?? '', phoneKey: phone ? `phone:${phone.matchKey}` : '', emailKey: email ? `email:${email}` : '' };
					};
					const touchedKeys = rows.flatMap(([, a], i) => {
						const k = keysOf(claimed[i]);
						return [a.touchedPhone && k.phoneKey, a.touchedEmail && k.emailKey].filter(Boolean) as string[];
					});
					const searches = rows.flatMap(([, a], i) => {
						const k = keysOf(claimed[i]);
						if (!a.searched || (!k.phone && !k.email)) return [];
						const contact = a.contact === null ? null : { id: a.contact, name: 'Анна' };
						return [searchRow(k.phone, k.email, { found: !!contact, contact, open_lead: contact && a.openLead ? { id: a.openLead } : null })];
					});
					const lookedAhead = [...(summarised ? [touchedRow(touchedContacts, touchedKeys)] : []), ...searches];
					const out = await plan(claimed, claimed, [], lookedAhead);
					expect(out.flatMap((item) => item.entries.map((e: any) => e.id)).sort((a, b) => a - b)).toEqual(claimed.map((e) => e.id));
					for (const item of out.filter((o) => o.route === 'looked_up' || o.route === 'lookup')) {
						const keys = item.entries.flatMap((e: any) => [e.phone_key && `phone:${e.phone_key}`, e.email && `email:${e.email}`].filter(Boolean));
						const row = searches.find((r) => r.phone === item.phone && r.email === item.email);
						const found = row && JSON.parse(row.data);
						const stands =
							summarised &&
							!!row &&
							item.entries.every((e: any) => e.attempts === 1) &&
							!keys.some((k: string) => touchedKeys.includes(k)) &&
							!(found.contact && touchedContacts.includes(found.contact.id));
						expect(item.route).toBe(stands ? 'looked_up' : 'lookup');
						if (stands) {
							expect([item.found, item.contact, item.open_lead, item.error]).toEqual([found.found, found.contact, found.open_lead, null]);
						}
					}
				},
			),
			{ numRuns: 2000 },
		);
	});

	it('a look-ahead search is not used for a person the previous round touched, nor without its summary', async () => {
		const anna = entry(1, { phone_raw: '8 (931) 604-70-33' });
		const boris = entry(2, { phone_raw: '+7 931 000-00-02', email_raw: 'B@example.com' });
		const vera = entry(3, { email_raw: 'vera@example.com' });
		const searched = [
			searchRow('+79316047033', '', { found: true, contact: { id: 5 }, matched_by: 'phone', open_lead: null }),
			searchRow('+79310000002', 'b@example.com', { found: false }),
			searchRow('', 'vera@example.com', { found: true, contact: { id: 6 }, open_lead: { id: 60 } }),
		];
		const routes = async (lookedAhead: any[], claimed = [anna, boris, vera]) =>
			(await plan(claimed, claimed, [], lookedAhead)).map((item) => [item.entries[0].id, item.route, item.contact?.id ?? null]);

		expect(await routes([touchedRow([], []), ...searched])).toEqual([
			[1, 'looked_up', 5],
			[2, 'looked_up', null],
			[3, 'looked_up', 6],
		]);
		// no summary of the previous round: it may have died half way
		expect(await routes(searched)).toEqual([
			[1, 'lookup', null],
			[2, 'lookup', null],
			[3, 'lookup', null],
		]);
		// it touched Anna's contact (found by another phone), Boris's email; Vera is tried a second time
		const retried = { ...vera, attempts: 2 };
		expect(await routes([touchedRow([5], ['email:b@example.com']), ...searched], [anna, boris, retried])).toEqual([
			[1, 'lookup', null],
			[2, 'lookup', null],
			[3, 'lookup', null],
		]);
		// Boris sent his phone alone as well: the person is searched by what this round would search by
		const borisAgain = entry(4, { phone_raw: '+7 931 000-00-02' });
		expect(await routes([touchedRow([], []), searchRow('+79310000002', '', { found: false })], [borisAgain, boris])).toEqual([[2, 'lookup', null]]);
	});

	it('every node that picks due entries uses the same filter, and the claim takes exactly those', () => {
		const core = sampleWorkflow('amocrm-intake-core.json');
		const conditions = (name: string) => core.nodes.find((n: any) => n.name === name).parameters.filters.conditions;
		const due = conditions('Due Entries');
		expect(due.map((c: any) => [c.keyName, c.condition, c.keyValue])).toEqual([
			['state', 'neq', 'done'],
			['state', 'neq', 'duplicate'],
			['state', 'neq', 'failed'],
			['next_attempt_at', 'lte', '={{ Date.now() }}'],
		]);
		expect(conditions('Due Again?')).toEqual(due);
		expect(conditions('Due Next').slice(0, due.length)).toEqual(due);
		expect(conditions('More Due?')).toEqual(due);
		expect(conditions('Claim').filter((c: any) => c.keyName === 'state')).toEqual(due.filter((c: any) => c.keyName === 'state'));
	});
});
