// The planning Code nodes of workflows/amocrm-migration.json (Check the Export → Match Contacts → Plan
// Pipelines → Plan Deals → Plan), run as the workflow holds them, on thousands of
// generated exports: it never throws, explains what it cannot read, and accounts for every record —
// each contact and deal is either planned once or reported with its reason, and nothing planned
// duplicates another planned record or one already in the account.
import fc from 'fast-check';

import { normalizeEmail, normalizePhone } from '../../nodes/shared/contactKeys';
import { codeNode } from './codeNode';

/** The planning steps, in the order the workflow runs them; each reads the one before. */
const STEPS = ['Check the Export', 'Match Contacts', 'Plan Pipelines', 'Plan Deals', 'Plan'].map(
	(name) => codeNode('amocrm-migration.json', name),
);

const USERS = [{ id: 5000001, name: 'Администратор', email: 'admin@sandbox.test' }];
const PIPELINES = [
	{
		id: 7000001,
		name: 'Воронка',
		is_main: true,
		statuses: [
			{ id: 70000011, name: 'Первичный контакт', sort: 10, type: 0 },
			{ id: 142, name: 'Успешно', sort: 10000, type: 1 },
			{ id: 143, name: 'Закрыто', sort: 11000, type: 1 },
		],
	},
];

interface Target {
	contacts?: Array<{ id: number; name: string; phones: string[]; emails: string[] }>;
	deals?: Array<{ id: number; name: string; price: number; contact_ids: number[] }>;
}

async function plan(data: unknown, choice: Record<string, unknown>, target: Target = {}) {
	const nodes: Record<string, unknown[]> = {
		'Check the Form': [
			{
				ok: true,
				way: 'file',
				default_user: 'admin@sandbox.test',
				pipeline: '',
				tag: '',
				create_missing: false,
				...choice,
			},
		],
		'Gather the Export': [{ export: data }],
		'Target Users': USERS,
		'Target Pipelines': PIPELINES,
		'Target Contacts': target.contacts ?? [],
		'Target Companies': [],
		'Target Deals': target.deals ?? [],
	};
	let result: any[] = [];
	for (const step of STEPS) {
		result = await step({ ...nodes, $input: result });
		expect(result).toHaveLength(1);
		// Export OK? and Pipelines OK? send a stop to the error page.
		if (!result[0].ok) break;
	}
	return result[0];
}

const phoneText = fc.oneof(
	fc.stringMatching(/^9\d{9}$/).map((d) => `+7 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`),
	fc.stringMatching(/^9\d{9}$/).map((d) => `8${d}`),
	fc.constantFrom('9310000001', '+7 931 000-00-01', '8 931 000 00 02'), // a few shared numbers make duplicates likely
	fc.string(),
);
const emailText = fc.oneof(
	fc.constantFrom('a@example.com', 'A@Example.com', 'b@example.com'),
	fc.emailAddress(),
	fc.string(),
);
const junk = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.constant([]));

const amoContact = fc.record(
	{
		id: fc.integer({ min: 1, max: 40 }),
		name: fc.oneof(fc.constantFrom('Иван', 'Мария', ''), fc.string()),
		custom_fields_values: fc.array(
			fc.oneof(
				fc.record({
					field_name: fc.constant('Phone'),
					values: fc.array(fc.record({ value: phoneText }), { maxLength: 3 }),
				}),
				fc.record({
					field_name: fc.constant('Email'),
					values: fc.array(fc.record({ value: emailText }), { maxLength: 3 }),
				}),
				fc.record({ field_name: fc.string(), values: junk }),
			),
			{ maxLength: 3 },
		),
	},
	{ requiredKeys: ['id'] },
);
const amoDeal = fc.record(
	{
		id: fc.integer({ min: 1, max: 60 }),
		name: fc.oneof(fc.constantFrom('Сделка', 'Поставка'), fc.string()),
		price: fc.oneof(
			fc.integer({ min: 0, max: 1000 }),
			fc.constantFrom('100', '1 000,5', '-5', 'дорого'),
			junk,
		),
		status_id: fc.oneof(fc.constantFrom(11, 12, 142, 143), fc.integer()),
		pipeline_id: fc.oneof(fc.constant(1), fc.integer()),
		contacts: fc.array(fc.record({ id: fc.integer({ min: 1, max: 45 }) }), { maxLength: 2 }),
	},
	{ requiredKeys: [] },
);
const amoExport = fc.record(
	{
		contacts: fc.array(fc.oneof(amoContact, amoContact, junk), { maxLength: 25 }),
		deals: fc.array(fc.oneof(amoDeal, amoDeal, junk), { maxLength: 25 }),
		pipelines: fc.array(
			fc.record({
				id: fc.constant(1),
				name: fc.constantFrom('Основная', 'Воронка'),
				statuses: fc.constant([
					{ id: 11, name: 'Первичный контакт' },
					{ id: 12, name: 'Переговоры' },
				]),
			}),
			{ maxLength: 1 },
		),
	},
	{ requiredKeys: [] },
);
const bitrixExport = fc.record(
	{
		contacts: fc.array(
			fc.record({
				ID: fc.integer({ min: 1, max: 40 }).map(String),
				NAME: fc.string(),
				LAST_NAME: fc.string(),
				PHONE: fc.oneof(fc.array(fc.record({ VALUE: phoneText })), junk),
				EMAIL: fc.oneof(fc.array(fc.record({ VALUE: emailText })), junk),
				COMPANY_ID: fc.oneof(fc.constantFrom('0', '1', '2', '9'), junk),
			}),
			{ maxLength: 25 },
		),
		deals: fc.array(
			fc.record({
				ID: fc.integer({ min: 1, max: 60 }).map(String),
				TITLE: fc.string(),
				OPPORTUNITY: fc.oneof(fc.integer({ min: 0 }).map(String), fc.string()),
				STAGE_ID: fc.constantFrom(
					'NEW',
					'WON',
					'LOSE',
					'X',
					'C3:NEW',
					'C3:WON',
					'C3:UC_X',
					'C8:LOSE',
				),
				CATEGORY_ID: fc.oneof(fc.constantFrom('0', '3', '8', null), junk),
				STAGE_SEMANTIC_ID: fc.constantFrom('P', 'S', 'F', undefined),
				CONTACT_ID: fc.oneof(fc.integer({ min: 1, max: 45 }).map(String), junk),
				COMPANY_ID: fc.oneof(fc.constantFrom('0', '1', '2'), junk),
			}),
			{ maxLength: 25 },
		),
		stages: fc.constant([
			{ ENTITY_ID: 'DEAL_STAGE', STATUS_ID: 'NEW', NAME: 'Новая' },
			{ ENTITY_ID: 'DEAL_STAGE', STATUS_ID: 'WON', NAME: 'Успешно', SEMANTICS: 'S' },
			{ ENTITY_ID: 'DEAL_STAGE_3', STATUS_ID: 'C3:NEW', NAME: 'Новая' },
			{ ENTITY_ID: 'DEAL_STAGE_3', STATUS_ID: 'C3:UC_X', NAME: 'Отказ', SEMANTICS: 'F' },
		]),
		companies: fc.oneof(
			fc.constant([
				{ ID: '1', TITLE: 'ООО Ромашка' },
				{ ID: '2', TITLE: 'ооо  ромашка' },
			]),
			fc.array(junk, { maxLength: 3 }),
		),
		categories: fc.oneof(
			fc.constant([
				{ id: 0, name: 'Общая' },
				{ id: 3, name: 'Опт' },
			]),
			fc.array(junk, { maxLength: 3 }),
		),
	},
	{ requiredKeys: [] },
);

const keysOf = (contact: { phones: string[]; emails: string[] }) => [
	...contact.phones.map((p) => `phone:${normalizePhone(p)!.matchKey}`),
	...contact.emails.map((e) => `email:${normalizeEmail(e)}`),
];
const entries = (list: unknown) => (Array.isArray(list) ? list : []);

/** Every contact and deal of the export is planned once or reported; no two planned contacts share a phone or email. */
function accounted(data: any, result: any, target: Target) {
	expect(result.ok).toBe(true);
	const reported = (type: string) => result.report.filter((e: any) => e.type === type);
	expect(result.contacts.length + reported('contact').length).toBe(entries(data.contacts).length);
	expect(result.deals.length + reported('deal').length).toBe(entries(data.deals).length);
	for (const entry of result.report) expect(typeof entry.reason).toBe('string');
	const seen = new Set((target.contacts ?? []).flatMap(keysOf));
	for (const contact of result.contacts) {
		for (const key of keysOf(contact)) {
			expect(seen.has(key)).toBe(false);
			seen.add(key);
		}
		expect(contact.responsible_user_id).toBe(5000001);
	}
	for (const deal of result.deals) {
		expect(Number.isInteger(deal.price) && deal.price >= 0).toBe(true);
		if (deal.contact?.new !== undefined)
			expect(deal.contact.new).toBeLessThan(result.contacts.length);
		// Each deal goes to an existing pipeline by ID, or to one the plan creates.
		expect(Object.keys(deal.pipeline)).toHaveLength(1);
		if (deal.pipeline.new !== undefined)
			expect(deal.pipeline.new).toBeLessThan(result.pipelines.length);
		else expect(Number.isInteger(deal.pipeline.id)).toBe(true);
	}
}

describe('migration plan (the Code node of the workflow)', () => {
	it('never throws on any JSON value, and says what it cannot read', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.jsonValue(),
				fc.constantFrom('amocrm', 'bitrix24'),
				async (data, source) => {
					const result = await plan(data, { source });
					if (!result.ok) expect(result.error).toMatch(/^Could not read the file: ./);
				},
			),
			{ numRuns: 1500 },
		);
	});

	it('accounts for every record of amoCRM exports, against an account that already has some of them', async () => {
		const target: Target = {
			contacts: [
				{ id: 20000001, name: 'Иван', phones: ['+79310000001'], emails: ['a@example.com'] },
			],
			deals: [{ id: 30000001, name: 'Сделка', price: 100, contact_ids: [20000001] }],
		};
		await fc.assert(
			fc.asyncProperty(amoExport, fc.boolean(), async (data, createMissing) =>
				accounted(
					data,
					await plan(data, { source: 'amocrm', create_missing: createMissing }, target),
					target,
				),
			),
			{ numRuns: 1500 },
		);
	});

	it('accounts for every record of Bitrix24 exports', async () => {
		await fc.assert(
			fc.asyncProperty(bitrixExport, async (data) =>
				accounted(data, await plan(data, { source: 'bitrix24', create_missing: true }), {}),
			),
			{ numRuns: 1500 },
		);
	});

	it('reads fields that JSON filled with objects, even ones with a "toString" key', async () => {
		const data = JSON.parse(
			'{"contacts": [{"ID": {"toString": {}}, "NAME": {"valueOf": 1}, "PHONE": [{"VALUE": {"toString": "x"}}]}], "deals": [{"ID": "1", "TITLE": {"toString": {}}, "CONTACT_ID": {"toString": {}}}]}',
		);
		const result = await plan(data, { source: 'bitrix24' });
		expect(result.ok).toBe(true);
		expect(result.contacts).toEqual([
			expect.objectContaining({
				source_id: '{"toString":{}}',
				name: '{"valueOf":1}',
				phones: [],
				left_out: ['phone "{"toString":"x"}"'],
			}),
		]);
		expect(result.deals).toEqual([
			expect.objectContaining({ source_id: '1', name: '{"toString":{}}', contact: { new: 0 } }),
		]);
	});

	it('gives each Bitrix24 funnel its pipeline and keeps won and lost deals closed, whatever the stage list holds', async () => {
		const data = {
			categories: [
				{ id: 0, name: 'Общая' },
				{ id: 3, name: 'Опт' },
			],
			stages: [
				{ ENTITY_ID: 'DEAL_STAGE', STATUS_ID: 'NEW', NAME: 'Новая' },
				{ ENTITY_ID: 'DEAL_STAGE_3', STATUS_ID: 'C3:NEW', NAME: 'Новая' },
				{ ENTITY_ID: 'DEAL_STAGE_3', STATUS_ID: 'C3:UC_NO', NAME: 'Отказ', SEMANTICS: 'F' },
			],
			companies: [{ ID: '5', TITLE: 'ООО Ромашка' }],
			contacts: [{ ID: '1', NAME: 'Иван', COMPANY_ID: '5', COMPANY_TITLE: 'не поле контакта' }],
			deals: [
				{ ID: '1', TITLE: 'Открытая', STAGE_ID: 'C3:NEW', CATEGORY_ID: '3', CONTACT_ID: '1' },
				{ ID: '2', TITLE: 'Отказ', STAGE_ID: 'C3:UC_NO', CATEGORY_ID: '3' },
				{
					ID: '3',
					TITLE: 'Выиграна, стадии нет в выгрузке',
					STAGE_ID: 'C9:UC_DONE',
					STAGE_SEMANTIC_ID: 'S',
					COMPANY_ID: '5',
				},
				{ ID: '4', TITLE: 'Главная', STAGE_ID: 'NEW', CATEGORY_ID: '0' },
			],
		};
		const result = await plan(data, { source: 'bitrix24', create_missing: true });
		expect(result.pipelines.map((p: any) => p.name)).toEqual(['Опт']);
		expect(result.deals.map((d: any) => [d.name, d.pipeline, d.stage])).toEqual([
			['Открытая', { new: 0 }, { name: 'Новая' }],
			['Отказ', { new: 0 }, { status_id: 143 }],
			['Выиграна, стадии нет в выгрузке', { id: 7000001 }, { status_id: 142 }],
			['Главная', { id: 7000001 }, { name: 'Новая' }],
		]);
		expect(result.companies).toEqual([{ name: 'ООО Ромашка', responsible_user_id: 5000001 }]);
		expect(result.contacts[0].company).toBe('ООО Ромашка');
		expect(result.deals[2].company).toEqual({ new: 0 });
	});

	it('stops with a clear message when the default user is unknown', async () => {
		const result = await plan({ contacts: [] }, { source: 'amocrm', default_user: 'кто-то' });
		expect(result).toEqual({
			ok: false,
			error:
				'There is no user "кто-то" in your amoCRM account. Users: Администратор (admin@sandbox.test).',
		});
	});
});
