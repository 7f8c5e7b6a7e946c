// The "Plan" Code node of workflows/amocrm-intake-core.json, run as the workflow holds it, on thousands of
// generated rounds of claimed queue entries: it never throws, puts every entry in exactly one place,
// normalises phones and emails the way nodes/shared/contactKeys.ts does, and never leaves one phone or
// email in two people. Also the index of contacts: when it is used, what it needs, who a person is by
// it; and the core's nodes that pick due entries all use one filter.
import fc from 'fast-check';

import { normalizeEmail, normalizePhone } from '../../nodes/shared/contactKeys';
import { sampleWorkflow } from '../e2e/n8n';
import { codeNode } from './codeNode';

const earlierAttempts = codeNode('amocrm-intake-core.json', 'Earlier Attempts');
const runPlan = codeNode('amocrm-intake-core.json', 'Plan');
const normalise = codeNode('amocrm-intake-core.json', 'Normalise');
const shippedRule = codeNode('amocrm-intake-core.json', 'Match Rule');
/** The Match Rule node with its phone line deleted, as its note tells a user to match by email only. */
const emailOnlyRule = codeNode('amocrm-intake-core.json', 'Match Rule', (code) => {
	const phoneLine = /^.*entry\.phone_key && 'phone:'.*\n/m;
	expect(code).toMatch(phoneLine);
	return code.replace(phoneLine, '');
});
const SETTINGS = {
	doubleSubmitMinutes: 10,
	maxAttempts: 5,
	indexMaxAgeSeconds: 120,
	indexRefillHours: 24,
};
/** The row of amocrm_intake_index_state of an index filled an hour ago and brought up to date `ageS` seconds ago. */
const indexState = (ageS: number) => ({
	id: 1,
	filled_at: Date.now() - 3_600_000,
	refreshed_at: Date.now() - ageS * 1000,
	contacts_seen_at: 1_700_000_000,
	leads_seen_at: 1_700_000_100,
});

/** Claimed entries through Normalise, Match Rule, Earlier Attempts and Plan, as a round runs them. */
const plan = async (
	claimed: any[],
	recent: any[] = claimed,
	results: any[] = [],
	index: Record<string, unknown> = {},
	matchRule = shippedRule,
) => {
	const nodes = {
		Settings: [SETTINGS],
		'Recent Entries': recent,
		'Recent Results': results,
		'Match Rule': await matchRule({ $input: await normalise({ $input: claimed }) }),
		'Index Ready': [index],
	};
	return await runPlan({ ...nodes, $input: await earlierAttempts(nodes) });
};

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
const emailText = fc.oneof(
	fc.constantFrom('a@example.com', ' A@Example.COM ', 'b@example.com', '', 'not-an-email'),
	fc.emailAddress(),
	fc.string(),
);
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
			fc.asyncProperty(
				fc.array(submission, { minLength: 1, maxLength: 30 }),
				async (submissions) => {
					const claimed = submissions.map(({ recordedLead, ...s }, i) => entry(i + 1, s));
					const results = submissions.flatMap(({ recordedLead }, i) =>
						recordedLead
							? [
									result(i + 1, {
										lead_id: recordedLead,
										contact_id: recordedLead + 10,
										note_id: 1,
										task_id: 2,
									}),
								]
							: [],
					);
					const out = await plan(claimed, claimed, results);
					const placed = out.flatMap((item) => item.entries.map((e: any) => e.id));
					expect(placed.sort((a, b) => a - b)).toEqual(claimed.map((e) => e.id));

					const owner = new Map<string, any>();
					for (const item of out) {
						for (const e of item.entries) {
							const raw = claimed.find((c) => c.id === e.id)!;
							const phone = normalizePhone(raw.phone_raw);
							expect([e.phone, e.phone_key, e.email]).toEqual([
								phone?.e164 ?? '',
								phone?.matchKey ?? '',
								normalizeEmail(raw.email_raw) ?? '',
							]);
							if (results.some((r) => r.entry_id === e.id)) {
								// only passed through again: on a lead, with its note and task, never a double or a give-up
								expect([item.route, e.recorded, e.note_id, e.task_id]).toEqual([
									'known',
									true,
									1,
									2,
								]);
								expect(item.lead_id).toBeTruthy();
								continue;
							}
							if (item.route === 'give_up')
								expect(raw.attempts).toBeGreaterThan(SETTINGS.maxAttempts);
							else expect(raw.attempts).toBeLessThanOrEqual(SETTINGS.maxAttempts);
							if (item.route === 'double') {
								expect(item.original_id).toBeLessThan(e.id);
								continue;
							}
							if (item.route === 'give_up') continue;
							for (const key of [
								e.phone_key && `phone:${e.phone_key}`,
								e.email && `email:${e.email}`,
							].filter(Boolean)) {
								expect(owner.get(key) ?? item).toBe(item);
								owner.set(key, item);
							}
						}
						if (item.route === 'review')
							expect(item.entries.every((e: any) => !e.phone && !e.email)).toBe(true);
					}
				},
			),
			{ numRuns: 2000 },
		);
	});

	it('an exact repeat within the window is a double submit of the first; after the window, or changed, it is not', async () => {
		const first = entry(1, { name: 'Анна', phone_raw: '+7 931 604-70-33', state: 'done' });
		const again = entry(2, { name: 'Анна', phone_raw: '+7 931 604-70-33' });
		const later = entry(3, {
			name: 'Анна',
			phone_raw: '+7 931 604-70-33',
			received_at: first.received_at + 11 * 60_000,
		});
		const changed = entry(4, { name: 'Анна', phone_raw: '+7 931 604-70-33', form: 'Другая' });
		const out = await plan(
			[again, later, changed],
			[first, again, later, changed],
			[result(1, { phone_key: '9316047033', lead_id: 7, contact_id: 8 })],
		);
		expect(
			out
				.filter((item) => item.route === 'double')
				.map((item) => [item.entries[0].id, item.original_id]),
		).toEqual([[2, 1]]);
		const person = out.find((item) => item.route === 'lookup');
		expect(person.entries.map((e: any) => e.id)).toEqual([3, 4]);
		// The contact the first one got is used if neither the index nor amoCRM's search shows it yet.
		expect(person.recent).toEqual({ contact_id: 8, lead_id: 7, responsible_user_id: null });
	});

	it('looks people up in the index when it is filled and up to date, else searches amoCRM', async () => {
		const anna = entry(1, { phone_raw: '8 (931) 604-70-33', email_raw: ' Anna@Example.com' });
		const vera = entry(2, { name: 'Вера', phone_raw: '12-34' });
		const routes = async (index: Record<string, unknown>) =>
			(await plan([anna, vera], [anna, vera], [], index)).map((item) => [
				item.route,
				item.keys ?? null,
			]);
		const annaKeys = ['phone:9316047033', 'email:anna@example.com'];
		expect(await routes(indexState(30))).toEqual([
			['indexed', annaKeys],
			['review', []],
		]);
		expect(await routes(indexState(30 + 120 + 121))).toEqual([
			['lookup', annaKeys],
			['review', []],
		]);
		expect(await routes({})).toEqual([
			['lookup', annaKeys],
			['review', []],
		]);
	});

	it('follows Match Rule: with its phone line deleted, one email is one person whatever the phones, and amoCRM is searched by email only', async () => {
		const anna = entry(1, { phone_raw: '+7 931 604-70-33', email_raw: 'anna@example.com' });
		const annaAgain = entry(2, { phone_raw: '8 900 000-00-02', email_raw: ' ANNA@example.com' });
		const boris = entry(3, { phone_raw: '89316047033', email_raw: 'boris@example.com' });
		const phoneOnly = entry(4, { phone_raw: '+7 931 604-70-33' });
		const claimed = [anna, annaAgain, boris, phoneOnly];
		const people = async (rule: typeof shippedRule) =>
			(await plan(claimed, claimed, [], {}, rule)).map((item) => ({
				route: item.route,
				ids: item.entries.map((e: any) => e.id),
				keys: [...item.keys].sort(),
				lookup: item.lookup,
			}));

		// As shipped, the shared phone and email make one person of all four.
		expect(await people(shippedRule)).toEqual([
			{
				route: 'lookup',
				ids: [1, 2, 3, 4],
				keys: [
					'email:anna@example.com',
					'email:boris@example.com',
					'phone:9000000002',
					'phone:9316047033',
				],
				lookup: { phone: '+79316047033', email: 'anna@example.com' },
			},
		]);
		// Email only: Anna's two submissions are one person, Boris another, and a phone alone is no key.
		expect(await people(emailOnlyRule)).toEqual([
			{
				route: 'lookup',
				ids: [1, 2],
				keys: ['email:anna@example.com'],
				lookup: { phone: '', email: 'anna@example.com' },
			},
			{
				route: 'lookup',
				ids: [3],
				keys: ['email:boris@example.com'],
				lookup: { phone: '', email: 'boris@example.com' },
			},
			{ route: 'review', ids: [4], keys: [], lookup: { phone: '', email: '' } },
		]);
	});

	it('Normalise reads phones and emails as the amoCRM node does', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(phoneText, emailText), { maxLength: 20 }),
				async (pairs) => {
					const out = await normalise({
						$input: pairs.map(([phone_raw, email_raw], i) =>
							entry(i + 1, { phone_raw, email_raw }),
						),
					});
					expect(out.map((e) => [e.phone, e.phone_key, e.email])).toEqual(
						pairs.map(([phone, email]) => [
							normalizePhone(phone)?.e164 ?? '',
							normalizePhone(phone)?.matchKey ?? '',
							normalizeEmail(email) ?? '',
						]),
					);
				},
			),
			{ numRuns: 500 },
		);
	});

	it('every node that picks due entries uses the same filter, and the claim takes exactly those', () => {
		const core = sampleWorkflow('amocrm-intake-core.json');
		const conditions = (name: string) =>
			core.nodes.find((n: any) => n.name === name).parameters.filters.conditions;
		const due = conditions('Due Entries');
		expect(due.map((c: any) => [c.keyName, c.condition, c.keyValue])).toEqual([
			['state', 'neq', 'done'],
			['state', 'neq', 'duplicate'],
			['state', 'neq', 'failed'],
			['next_attempt_at', 'lte', '={{ Date.now() }}'],
		]);
		expect(conditions('Due Again?')).toEqual(due);
		expect(conditions('More Due?')).toEqual(due);
		expect(conditions('Claim').filter((c: any) => c.keyName === 'state')).toEqual(
			due.filter((c: any) => c.keyName === 'state'),
		);
	});
});

describe('intake core: the index of contacts', () => {
	const indexDue = codeNode('amocrm-intake-core.json', 'Index Due');
	const knownPeople = codeNode('amocrm-intake-core.json', 'Known People');
	const changedContacts = codeNode('amocrm-intake-core.json', 'Changed Contacts');
	const newLeadIds = codeNode('amocrm-intake-core.json', 'New Lead IDs');

	it('is filled first and every Index Refill Hours, brought up to date by the schedule and when older than Index Max Age Seconds', async () => {
		const due = async (state: Record<string, unknown>, scheduled: boolean, round = 0) =>
			(
				await indexDue({
					Settings: [SETTINGS],
					'Index State': [state],
					'When Called': [{ intake_step: 'index', scheduled, round_no: round }],
				})
			)[0];
		expect(await due({}, false)).toMatchObject({ mode: 'fill', contacts_from: '' });
		expect(
			(await due({ ...indexState(10), filled_at: Date.now() - 25 * 3_600_000 }, false)).mode,
		).toBe('fill');
		expect((await due(indexState(10), true)).mode).toBe('refresh');
		expect((await due(indexState(10), true, 1)).mode).toBe('none');
		expect((await due(indexState(10), false)).mode).toBe('none');
		const stale = await due(indexState(121), false);
		// After the newest change seen (amoCRM's clock), long past; that second again while it is recent.
		expect(stale).toEqual({
			mode: 'refresh',
			contacts_from: new Date((1_700_000_000 + 1) * 1000).toISOString(),
			leads_from: new Date((1_700_000_100 + 1) * 1000).toISOString(),
		});
		const seconds = Math.floor(Date.now() / 1000);
		const recent = await due(
			{ ...indexState(121), contacts_seen_at: seconds - 5, leads_seen_at: seconds - 90 },
			false,
		);
		expect(recent).toMatchObject({
			contacts_from: new Date((seconds - 5) * 1000).toISOString(),
			leads_from: new Date((seconds - 89) * 1000).toISOString(),
		});
	});

	it('has a row per phone and email of each contact read, nothing for an empty answer', async () => {
		const out = await changedContacts({
			$input: [
				{},
				{
					id: 7,
					name: 'Анна',
					phone_keys: ['9316047033', '9310000001'],
					email_keys: ['anna@example.com'],
					lead_ids: [70, 71],
					updated_at: 1_700_000_000,
				},
				{ id: 8, name: 'Без связи', phone_keys: [], email_keys: [], updated_at: 1 },
			],
		});
		expect(out.map((c) => [c.contact_id, c.rows.map((r: any) => r.key)])).toEqual([
			[7, ['phone:9316047033', 'phone:9310000001', 'email:anna@example.com']],
			[8, []],
		]);
		expect(out[0].rows[0]).toEqual({
			key: 'phone:9316047033',
			contact_id: 7,
			name: 'Анна',
			phone_keys: '9316047033,9310000001',
			emails: 'anna@example.com',
			lead_ids: '70,71',
			updated_at: 1_700_000_000,
		});
	});

	it('adds the leads a contact lacks, and only those', async () => {
		const row = (contact_id: number, lead_ids: string) => ({
			id: contact_id * 10,
			key: `phone:${contact_id}`,
			contact_id,
			lead_ids,
		});
		const out = await newLeadIds({
			$input: [row(1, '10'), row(1, '10'), row(2, '20,21'), {}],
			'Lead Links': [
				{ contact_id: 1, lead_ids: [11] },
				{ contact_id: 2, lead_ids: [21] },
				{ contact_id: 3, lead_ids: [30] },
			],
		});
		expect(out).toEqual([{ contact_id: 1, lead_ids: '10,11' }]);
	});

	it("finds a person by phone before email, the oldest contact of several, with a recent round's lead", async () => {
		const row = (key: string, contact_id: number, lead_ids = '') => ({
			key,
			contact_id,
			name: `К${contact_id}`,
			phone_keys: '9316047033',
			emails: 'anna@example.com',
			lead_ids,
			updated_at: 1,
		});
		const person = (id: number, keys: string[], recent?: Record<string, unknown>) => ({
			entries: [{ id }],
			keys,
			...(recent ? { recent } : {}),
		});
		const anna = person(1, ['phone:9316047033', 'email:anna@example.com'], {
			contact_id: 5,
			lead_id: 99,
			responsible_user_id: null,
		});
		const boris = person(2, ['phone:9310000002', 'email:anna@example.com']);
		const vera = person(3, ['phone:9310000003']);
		const out = await knownPeople({
			'Person Keys': [anna, boris, vera].flatMap((p) => p.keys.map((key) => ({ key, person: p }))),
			$input: [
				row('phone:9316047033', 9, '90'),
				row('phone:9316047033', 5, '50'),
				row('email:anna@example.com', 4),
				{},
			],
		});
		expect(out.map((p) => [p.entries[0].id, p.found, p.contact?.id ?? null, p.matched_by])).toEqual(
			[
				[1, true, 5, 'phone'],
				[2, true, 4, 'email'],
				[3, false, null, null],
			],
		);
		expect(out[0].contact).toEqual({
			id: 5,
			name: 'К5',
			_embedded: { leads: [{ id: 50 }, { id: 99 }] },
		});
		expect(out[0].contact_keys).toEqual({
			phone_keys: ['9316047033'],
			email_keys: ['anna@example.com'],
		});
		expect(out[1].contact._embedded.leads).toEqual([]);
	});
});

describe('intake core: what a found contact lacks', () => {
	const decide = codeNode('amocrm-intake-core.json', 'Decide');
	const madeForIndex = codeNode('amocrm-intake-core.json', 'Made for the Index');
	const settings = { unnamed: 'Без имени', leadNamePattern: '{source} от {name}' };
	const person = {
		route: 'indexed',
		source_title: 'Заявка с сайта',
		name: 'Анна',
		phones: ['+79316047033', '+79310000002'],
		phone_keys: ['9316047033', '9310000002'],
		emails: ['anna@example.com'],
		keys: ['phone:9316047033', 'phone:9310000002', 'email:anna@example.com'],
		found: true,
		from_index: true,
		contact: { id: 5, name: 'Анна', _embedded: { leads: [] } },
	};

	it('compares the keys Normalise made with the contact’s: only a phone or email it lacks is added, and goes into the index', async () => {
		const [lacking] = await decide({
			Settings: [settings],
			$input: [
				{
					...person,
					contact_keys: { phone_keys: ['9316047033'], email_keys: ['anna@example.com'] },
				},
			],
		});
		expect(lacking.contact_update).toEqual({
			id: 5,
			name: '',
			phone: '+79310000002',
			phone_key: '9310000002',
			email: '',
		});
		const [complete] = await decide({
			Settings: [settings],
			$input: [
				{
					...person,
					contact_keys: {
						phone_keys: ['9310000002', '9316047033'],
						email_keys: ['anna@example.com'],
					},
				},
			],
		});
		expect([complete.action, complete.contact_update]).toEqual(['new_lead', null]);

		const rows = await madeForIndex({
			Settings: [settings],
			$input: [{ ...lacking, lead_id: 70 }],
		});
		expect(rows.map((r) => [r.key, r.contact_id, r.phone_keys, r.emails, r.lead_ids])).toEqual([
			['phone:9316047033', 5, '9316047033,9310000002', 'anna@example.com', '70'],
			['phone:9310000002', 5, '9316047033,9310000002', 'anna@example.com', '70'],
			['email:anna@example.com', 5, '9316047033,9310000002', 'anna@example.com', '70'],
		]);
	});
});
