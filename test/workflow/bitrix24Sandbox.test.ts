// The Bitrix24 sandbox that migrations read from (test/sandbox/bitrix24/server.ts), one test per
// behaviour its header promises:
//  - paging: 50 records of the page `start` falls in, with `next` and `total`; `start: -1` without
//    either; an ID cursor (`>ID` + `order: {ID: 'ASC'}`) reads every record exactly once;
//  - `select`: unknown names dropped, `*` without UF_* and multi-fields, those only when named;
//  - the filter operators (`>`, `>=`, `<`, `<=`, `!`, `!=`, `=`, `%`, `@`, `!@`, a plain key with a list);
//  - deal funnels (crm.category.list, the legacy crm.dealcategory.*), their stages in crm.status.list,
//    and deals placed in the funnel and meaning of their stage;
//  - companies, and a contact's COMPANY_ID;
//  - `batch`: its answer, `$result[…]` references, PHP's empty maps, the 50-command cap, errors and `halt`;
//  - the leaky bucket (503 QUERY_LIMIT_EXCEEDED), judged by counts, never by durations;
//  - each method's operating time (429 OPERATION_TIME_LIMIT) and the `time` block;
//  - refused webhooks (wrong code, faults `authError`) and unknown methods.
import { startBitrix24Sandbox } from '../sandbox/bitrix24/server';
import { BITRIX24_SANDBOX, LIST_FIELDS } from '../sandbox/bitrix24/state';

let bitrix: Awaited<ReturnType<typeof startBitrix24Sandbox>>;

const post = async (path: string, body?: unknown) =>
	await fetch(`${bitrix.url}/__sandbox/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
const setFaults = async (faults: Record<string, unknown>) =>
	expect((await post('faults', faults)).status).toBe(200);
const seed = async (body: unknown) => expect((await post('seed', body)).status).toBe(200);
const reset = async () => expect((await post('reset')).status).toBe(200);

beforeAll(async () => {
	bitrix = await startBitrix24Sandbox(0);
});
afterAll(async () => await bitrix.close());
beforeEach(async () => {
	await reset();
	// No request limit unless a test asks for it: the bucket has its own test.
	await setFaults({ rps: 0 });
});

const call = async (
	method: string,
	params: Record<string, unknown> = {},
	base = bitrix.webhookUrl,
) => {
	const response = await fetch(`${base}${method}.json`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(params),
	});
	return { status: response.status, body: (await response.json()) as any };
};
const get = async (pathAndQuery: string) => {
	const response = await fetch(`${bitrix.webhookUrl}${pathAndQuery}`);
	return { status: response.status, body: (await response.json()) as any };
};
const batch = async (cmd: Record<string, string>, halt = 0) => await call('batch', { halt, cmd });

const ids = (result: any[]) => result.map((r) => r.ID);
const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
const contacts = (n: number) => Array.from({ length: n }, (_, i) => ({ NAME: `Контакт ${i + 1}` }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Bitrix24 sandbox', () => {
	it('pages lists by 50 from start, with next and total; start -1 without either; an ID cursor reads everything once', async () => {
		await seed({ contacts: contacts(120) });

		const pages: any[] = [];
		for (
			let start: number | undefined = 0;
			start !== undefined && pages.length < 10;
			start = pages[pages.length - 1].next
		) {
			pages.push((await call('crm.contact.list', { start })).body);
		}
		expect(pages.map((p) => [p.result.length, p.next, p.total])).toEqual([
			[50, 50, 120],
			[50, 100, 120],
			[20, undefined, 120],
		]);
		expect(pages[2]).not.toHaveProperty('next');
		expect(pages.flatMap((p) => ids(p.result))).toEqual(range(1, 120));

		// A start inside a page gives that whole page.
		const inside = (await call('crm.contact.list', { start: 10 })).body;
		expect([inside.result.length, inside.result[0].ID, inside.next, inside.total]).toEqual([
			50,
			'1',
			50,
			120,
		]);
		const second = (await call('crm.contact.list', { start: 73 })).body;
		expect([second.result.length, second.result[0].ID, second.next, second.total]).toEqual([
			50,
			'51',
			100,
			120,
		]);

		// The total and next count what the filter matches; order is honoured.
		const filtered = (await call('crm.contact.list', { filter: { '>ID': 60 }, start: 0 })).body;
		expect([filtered.result.length, filtered.result[0].ID, filtered.next, filtered.total]).toEqual([
			50,
			'61',
			50,
			60,
		]);
		const descending = (await call('crm.contact.list', { order: { ID: 'DESC' }, start: 0 })).body;
		expect(ids(descending.result).slice(0, 3)).toEqual(['120', '119', '118']);

		// start -1: the first 50 matches, no total, no next.
		const uncounted = (await call('crm.contact.list', { start: -1 })).body;
		expect(ids(uncounted.result)).toEqual(range(1, 50));
		expect(uncounted).not.toHaveProperty('total');
		expect(uncounted).not.toHaveProperty('next');

		// The ID cursor: `>ID` of the last one seen, ascending, without the count.
		const seen: string[] = [];
		let last = 0;
		let calls = 0;
		for (;;) {
			const { status, body } = await call('crm.contact.list', {
				order: { ID: 'ASC' },
				filter: { '>ID': last },
				select: ['ID'],
				start: -1,
			});
			expect(status).toBe(200);
			expect(body).not.toHaveProperty('next');
			calls++;
			seen.push(...ids(body.result));
			if (body.result.length < 50 || calls > 10) break;
			last = Number(body.result[body.result.length - 1].ID);
		}
		expect(calls).toBe(3);
		expect(seen).toEqual(range(1, 120));

		// Parameters may come in the query string too, with or without `.json`.
		const byQuery = await get('crm.contact.list?start=100&select[]=NAME');
		expect(byQuery.status).toBe(200);
		expect(byQuery.body.result[0]).toEqual({ ID: '101', NAME: 'Контакт 101' });
		expect([byQuery.body.result.length, byQuery.body.total]).toEqual([20, 120]);
		expect(byQuery.body).not.toHaveProperty('next');
	});

	it('selects only fields the entity has: * without UF_* and multi-fields, those only when named, ID always', async () => {
		await seed({
			contacts: [
				{
					ID: '7',
					NAME: 'Иван',
					LAST_NAME: 'Петров',
					COMPANY_ID: '3',
					COMPANY_TITLE: 'ООО Ромашка',
					PHONE: [{ VALUE: '+79990000001', VALUE_TYPE: 'MOBILE' }],
					EMAIL: [{ VALUE: 'ivan@example.com' }],
					UF_CRM_INN: '7700000000',
					UF_CRM_SOURCE: 'сайт',
				},
			],
			deals: [{ ID: '9', TITLE: 'Поставка', OPPORTUNITY: '1000', UF_CRM_DELIVERY: 'курьер' }],
		});
		const contact = async (select?: unknown) =>
			(await call('crm.contact.list', select === undefined ? {} : { select })).body.result[0];

		// Unknown names (a lead's COMPANY_TITLE, the get-only COMPANY_IDS) are dropped without an error.
		expect(await contact(['NAME', 'COMPANY_TITLE', 'COMPANY_IDS'])).toEqual({
			ID: '7',
			NAME: 'Иван',
		});
		expect(await contact(['ID'])).toEqual({ ID: '7' });
		expect(await contact(['LAST_NAME'])).toEqual({ ID: '7', LAST_NAME: 'Петров' });

		// `*` (and no select at all): every field of the entity, null where the record has none.
		const star = await contact(['*']);
		expect(Object.keys(star).sort()).toEqual([...LIST_FIELDS.contact].sort());
		expect(star).toMatchObject({
			ID: '7',
			NAME: 'Иван',
			LAST_NAME: 'Петров',
			COMPANY_ID: '3',
			POST: null,
			BIRTHDATE: null,
			SECOND_NAME: null,
		});
		for (const absent of ['PHONE', 'EMAIL', 'UF_CRM_INN', 'UF_CRM_SOURCE', 'COMPANY_TITLE'])
			expect(star).not.toHaveProperty(absent);
		expect(await contact()).toEqual(star);
		const dealStar = (await call('crm.deal.list', { select: ['*'] })).body.result[0];
		expect(Object.keys(dealStar).sort()).toEqual([...LIST_FIELDS.deal].sort());
		expect(dealStar).toMatchObject({
			ID: '9',
			TITLE: 'Поставка',
			OPPORTUNITY: '1000',
			CONTACT_ID: null,
		});
		expect(dealStar).not.toHaveProperty('UF_CRM_DELIVERY');
		expect(dealStar).not.toHaveProperty('NAME');

		// Multi-fields when named, with the IDs, types and TYPE_ID Bitrix24 gives them.
		const multi = await contact(['*', 'PHONE', 'EMAIL']);
		expect(multi.PHONE).toEqual([
			{
				ID: expect.stringMatching(/^\d+$/),
				VALUE_TYPE: 'MOBILE',
				VALUE: '+79990000001',
				TYPE_ID: 'PHONE',
			},
		]);
		expect(multi.EMAIL).toEqual([
			{
				ID: expect.stringMatching(/^\d+$/),
				VALUE_TYPE: 'WORK',
				VALUE: 'ivan@example.com',
				TYPE_ID: 'EMAIL',
			},
		]);
		expect(multi.PHONE[0].ID).not.toBe(multi.EMAIL[0].ID);
		expect(multi).not.toHaveProperty('UF_CRM_INN');
		expect(await contact(['EMAIL'])).toEqual({ ID: '7', EMAIL: multi.EMAIL });

		// UF_* fields when named one by one, or all of them with `UF_*`.
		expect(await contact(['UF_CRM_INN'])).toEqual({ ID: '7', UF_CRM_INN: '7700000000' });
		// A named UF field a record lacks comes back null, so every record of a list has the same shape.
		expect(await contact(['UF_CRM_NOT_FILLED'])).toEqual({ ID: '7', UF_CRM_NOT_FILLED: null });
		expect(await contact(['UF_*'])).toEqual({
			ID: '7',
			UF_CRM_INN: '7700000000',
			UF_CRM_SOURCE: 'сайт',
		});
		const everything = await contact(['*', 'UF_*', 'PHONE']);
		expect(everything).toMatchObject({
			NAME: 'Иван',
			UF_CRM_INN: '7700000000',
			UF_CRM_SOURCE: 'сайт',
			PHONE: multi.PHONE,
		});
		expect(everything).not.toHaveProperty('EMAIL');
	});

	it('filters with Bitrix24 operators: > >= < <= ! != = % @ !@ and a plain key with a list', async () => {
		await seed({
			deals: [
				{
					ID: '1',
					TITLE: 'Поставка труб',
					OPPORTUNITY: '100',
					STAGE_ID: 'NEW',
					DATE_CREATE: '2024-01-15T10:00:00+03:00',
				},
				{
					ID: '2',
					TITLE: 'Монтаж',
					OPPORTUNITY: '250',
					STAGE_ID: 'PREPARATION',
					DATE_CREATE: '2024-02-15T10:00:00+03:00',
				},
				{
					ID: '3',
					TITLE: 'ПОСТАВКА насосов',
					OPPORTUNITY: '500',
					STAGE_ID: 'WON',
					DATE_CREATE: '2024-03-15T10:00:00+03:00',
				},
				{
					ID: '4',
					TITLE: 'Сервис',
					OPPORTUNITY: '1000',
					STAGE_ID: 'LOSE',
					DATE_CREATE: '2024-04-15T10:00:00+03:00',
				},
				{
					ID: '5',
					TITLE: 'Аудит',
					OPPORTUNITY: '250',
					STAGE_ID: 'NEW',
					DATE_CREATE: '2024-05-15T10:00:00+03:00',
				},
			],
		});
		const found = async (filter: Record<string, unknown>) => {
			const { status, body } = await call('crm.deal.list', { filter, select: ['ID'] });
			expect(status).toBe(200);
			return ids(body.result);
		};

		// Numbers compare as numbers ('1000' > 250, though not as a string).
		expect(await found({ '>OPPORTUNITY': 250 })).toEqual(['3', '4']);
		expect(await found({ '>=OPPORTUNITY': 250 })).toEqual(['2', '3', '4', '5']);
		expect(await found({ '<OPPORTUNITY': 250 })).toEqual(['1']);
		expect(await found({ '<=OPPORTUNITY': '250' })).toEqual(['1', '2', '5']);
		expect(await found({ '>ID': 3 })).toEqual(['4', '5']);
		// Dates compare in order.
		expect(await found({ '>=DATE_CREATE': '2024-03-15T10:00:00+03:00' })).toEqual(['3', '4', '5']);
		expect(await found({ '<DATE_CREATE': '2024-03-01' })).toEqual(['1', '2']);
		// Negation and equality.
		expect(await found({ '!ID': 5 })).toEqual(['1', '2', '3', '4']);
		expect(await found({ '!=STAGE_ID': 'NEW' })).toEqual(['2', '3', '4']);
		expect(await found({ '=STAGE_ID': 'NEW' })).toEqual(['1', '5']);
		expect(await found({ STAGE_ID: 'NEW' })).toEqual(['1', '5']);
		expect(await found({ ID: '3' })).toEqual(['3']);
		// `%`: a substring, whatever the case.
		expect(await found({ '%TITLE': 'поставка' })).toEqual(['1', '3']);
		expect(await found({ '%TITLE': 'НАСОС' })).toEqual(['3']);
		expect(await found({ '!%TITLE': 'поставка' })).toEqual(['2', '4', '5']);
		// Lists: `@` and a plain key are IN, `!@` NOT IN.
		expect(await found({ '@ID': [2, 4] })).toEqual(['2', '4']);
		expect(await found({ STAGE_ID: ['WON', 'LOSE'] })).toEqual(['3', '4']);
		expect(await found({ '!@STAGE_ID': ['WON', 'LOSE'] })).toEqual(['1', '2', '5']);
		expect(await found({ '!ID': [1, 2] })).toEqual(['3', '4', '5']);
		// Several keys: all of them.
		expect(await found({ '>=OPPORTUNITY': 250, STAGE_ID: 'NEW' })).toEqual(['5']);
		expect(await found({ '%TITLE': 'поставка', '>OPPORTUNITY': 100 })).toEqual(['3']);
		// Nothing matches: an empty page with total 0.
		expect((await call('crm.deal.list', { filter: { '>ID': 5 }, start: 0 })).body).toMatchObject({
			result: [],
			total: 0,
		});
		// The same operators from a query string.
		const byQuery = await get(
			'crm.deal.list.json?filter[>OPPORTUNITY]=250&filter[!@ID][]=4&select[]=ID',
		);
		expect(ids(byQuery.body.result)).toEqual(['3']);
	});

	it('gives deal funnels and their stages, and places deals in the funnel and meaning of their stage', async () => {
		await seed({ categories: [{ id: 3, name: 'Опт' }] });

		const categories = await call('crm.category.list', { entityTypeId: 2 });
		expect(categories.status).toBe(200);
		expect(categories.body.result.categories).toEqual([
			expect.objectContaining({ id: 0, name: 'Общая', isDefault: 'Y', entityTypeId: 2 }),
			expect.objectContaining({ id: 3, name: 'Опт', isDefault: 'N', entityTypeId: 2 }),
		]);
		expect(categories.body.total).toBe(2);
		const noType = await call('crm.category.list');
		expect(noType.status).toBe(400);
		expect(noType.body.error).toEqual(expect.any(String));
		expect(noType.body).not.toHaveProperty('result');

		// The legacy methods: dealcategory.list without the default funnel, default.get with it alone.
		const legacy = await call('crm.dealcategory.list');
		expect(legacy.body.result).toEqual([expect.objectContaining({ ID: '3', NAME: 'Опт' })]);
		expect((await call('crm.dealcategory.default.get')).body.result).toEqual(
			expect.objectContaining({ ID: 0, NAME: 'Общая' }),
		);

		// Unfiltered crm.status.list gives the other reference lists too.
		const all = await call('crm.status.list');
		const entityIds = new Set(all.body.result.map((s: any) => s.ENTITY_ID));
		for (const entityId of [
			'STATUS',
			'SOURCE',
			'CONTACT_TYPE',
			'COMPANY_TYPE',
			'DEAL_TYPE',
			'DEAL_STAGE',
			'DEAL_STAGE_3',
		])
			expect(entityIds).toContain(entityId);
		const contactTypes = await get('crm.status.list?filter[ENTITY_ID]=CONTACT_TYPE');
		expect(contactTypes.body.result.map((s: any) => s.STATUS_ID)).toEqual(['CLIENT', 'SUPPLIER']);

		// A new funnel's stages: `C<n>:` IDs under DEAL_STAGE_<n>, with their meaning and CATEGORY_ID.
		const stages3 = (await call('crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE_3' } })).body
			.result;
		expect(stages3.map((s: any) => [s.STATUS_ID, s.SEMANTICS])).toEqual([
			['C3:NEW', null],
			['C3:PREPARATION', null],
			['C3:PREPAYMENT_INVOICE', null],
			['C3:EXECUTING', null],
			['C3:FINAL_INVOICE', null],
			['C3:WON', 'S'],
			['C3:LOSE', 'F'],
			['C3:APOLOGY', 'F'],
		]);
		expect(new Set(stages3.map((s: any) => s.CATEGORY_ID))).toEqual(new Set(['3']));
		expect(stages3[5].EXTRA).toMatchObject({ SEMANTICS: 'success' });
		// The default funnel's: bare IDs under DEAL_STAGE, CATEGORY_ID null.
		const stages0 = (await call('crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE' } })).body
			.result;
		expect(stages0.map((s: any) => s.STATUS_ID)).toEqual([
			'NEW',
			'PREPARATION',
			'PREPAYMENT_INVOICE',
			'EXECUTING',
			'FINAL_INVOICE',
			'WON',
			'LOSE',
			'APOLOGY',
		]);
		expect(stages0.map((s: any) => s.CATEGORY_ID)).toEqual(Array(8).fill(null));
		expect(stages0[0]).toMatchObject({ NAME: 'Новая', COLOR: '#39A8EF' });
		expect(stages0[6]).toMatchObject({ STATUS_ID: 'LOSE', SEMANTICS: 'F' });

		// A funnel seeded with its own stages, and deals in several funnels.
		await seed({
			categories: [
				{
					id: 5,
					name: 'Сервис',
					stages: [
						{ STATUS_ID: 'NEW', NAME: 'Заявка' },
						{ STATUS_ID: 'OFFER', NAME: 'Предложение' },
						{ STATUS_ID: 'PAID', NAME: 'Оплачено', SEMANTICS: 'S' },
						{ STATUS_ID: 'REFUSED', NAME: 'Отказ', SEMANTICS: 'F' },
					],
				},
			],
			deals: [
				{ ID: '1', TITLE: 'Опт выигран', STAGE_ID: 'C3:WON' },
				{ ID: '2', TITLE: 'Опт проигран', STAGE_ID: 'C3:LOSE' },
				{ ID: '3', TITLE: 'Сервис в работе', STAGE_ID: 'C5:OFFER' },
				{ ID: '4', TITLE: 'Сервис оплачен', STAGE_ID: 'C5:PAID' },
				{ ID: '5', TITLE: 'Сервис отказ', STAGE_ID: 'C5:REFUSED' },
				{ ID: '6', TITLE: 'Общая новая', STAGE_ID: 'NEW' },
				{ ID: '7', TITLE: 'Общая выиграна', STAGE_ID: 'WON' },
				{ ID: '8', TITLE: 'Общая на анализе', STAGE_ID: 'APOLOGY' },
			],
		});
		const stages5 = (await call('crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE_5' } })).body
			.result;
		expect(stages5.map((s: any) => [s.STATUS_ID, s.NAME, s.SEMANTICS, s.CATEGORY_ID])).toEqual([
			['C5:NEW', 'Заявка', null, '5'],
			['C5:OFFER', 'Предложение', null, '5'],
			['C5:PAID', 'Оплачено', 'S', '5'],
			['C5:REFUSED', 'Отказ', 'F', '5'],
		]);
		expect(
			(await call('crm.category.list', { entityTypeId: 2 })).body.result.categories.map(
				(c: any) => [c.id, c.name],
			),
		).toEqual([
			[0, 'Общая'],
			[3, 'Опт'],
			[5, 'Сервис'],
		]);
		const deals = (
			await call('crm.deal.list', {
				select: ['ID', 'STAGE_ID', 'CATEGORY_ID', 'STAGE_SEMANTIC_ID', 'CLOSED'],
			})
		).body.result;
		expect(deals.map((d: any) => [d.ID, d.CATEGORY_ID, d.STAGE_SEMANTIC_ID, d.CLOSED])).toEqual([
			['1', '3', 'S', 'Y'],
			['2', '3', 'F', 'Y'],
			['3', '5', 'P', 'N'],
			['4', '5', 'S', 'Y'],
			['5', '5', 'F', 'Y'],
			['6', '0', 'P', 'N'],
			['7', '0', 'S', 'Y'],
			['8', '0', 'F', 'Y'],
		]);
		expect(
			ids(
				(await call('crm.deal.list', { filter: { CATEGORY_ID: 5, STAGE_SEMANTIC_ID: 'P' } })).body
					.result,
			),
		).toEqual(['3']);
		// The stage decides the funnel; a deal given only a funnel starts on its first stage.
		await seed({
			deals: [
				{ ID: '20', STAGE_ID: 'C3:WON', CATEGORY_ID: '0' },
				{ ID: '21', CATEGORY_ID: '3' },
			],
		});
		const placed = (
			await call('crm.deal.list', {
				filter: { '@ID': [20, 21] },
				select: ['ID', 'STAGE_ID', 'CATEGORY_ID'],
			})
		).body.result;
		expect(placed).toEqual([
			{ ID: '20', STAGE_ID: 'C3:WON', CATEGORY_ID: '3' },
			{ ID: '21', STAGE_ID: 'C3:NEW', CATEGORY_ID: '3' },
		]);
	});

	it('lists companies with their TITLE, and gives a contact its COMPANY_ID', async () => {
		await seed({
			companies: [
				{ ID: '10', TITLE: 'ООО Ромашка', INDUSTRY: 'IT' },
				{ ID: '11', TITLE: 'ИП Иванов' },
			],
			contacts: [
				{ ID: '1', NAME: 'Анна', COMPANY_ID: '11' },
				{ ID: '2', NAME: 'Борис' },
			],
		});
		const companies = await call('crm.company.list', { select: ['TITLE'] });
		expect(companies.body).toMatchObject({
			result: [
				{ ID: '10', TITLE: 'ООО Ромашка' },
				{ ID: '11', TITLE: 'ИП Иванов' },
			],
			total: 2,
		});
		expect(companies.body.result[0]).toEqual({ ID: '10', TITLE: 'ООО Ромашка' });
		const star = (await call('crm.company.list', { select: ['*'] })).body.result[0];
		expect(Object.keys(star).sort()).toEqual([...LIST_FIELDS.company].sort());
		expect(star).toMatchObject({ TITLE: 'ООО Ромашка', INDUSTRY: 'IT', COMPANY_TYPE: null });

		const people = (await call('crm.contact.list', { select: ['NAME', 'COMPANY_ID'] })).body.result;
		expect(people).toEqual([
			{ ID: '1', NAME: 'Анна', COMPANY_ID: '11' },
			{ ID: '2', NAME: 'Борис', COMPANY_ID: null },
		]);
		// The contact's company, looked up by that ID.
		const theirs = await call('crm.company.list', {
			filter: { ID: [people[0].COMPANY_ID] },
			select: ['TITLE'],
		});
		expect(theirs.body.result).toEqual([{ ID: '11', TITLE: 'ИП Иванов' }]);
		expect(
			ids((await call('crm.company.list', { filter: { '%TITLE': 'ромашка' } })).body.result),
		).toEqual(['10']);
	});

	it('runs batch commands with $result references, PHP empty maps, the 50-command cap, errors and halt', async () => {
		await seed({ contacts: contacts(120), categories: [{ id: 3, name: 'Опт' }] });

		// Chained pages through `$result[prev][49][ID]`; the fourth has nothing at [49] of the third.
		const page = (after: string) =>
			`crm.contact.list?order[ID]=ASC&filter[>ID]=${after}&select[]=ID&start=-1`;
		const chained = await batch({
			c0: page('0'),
			c1: page('$result[c0][49][ID]'),
			c2: page('$result[c1][49][ID]'),
			c3: page('$result[c2][49][ID]'),
		});
		expect(chained.status).toBe(200);
		expect(Object.keys(chained.body).sort()).toEqual(['result', 'time']);
		expect(Object.keys(chained.body.result).sort()).toEqual([
			'result',
			'result_error',
			'result_next',
			'result_time',
			'result_total',
		]);
		const { result, result_error, result_total, result_next, result_time } = chained.body.result;
		expect(ids(result.c0)).toEqual(range(1, 50));
		expect(ids(result.c1)).toEqual(range(51, 100));
		expect(ids(result.c2)).toEqual(range(101, 120));
		// The unresolved reference became empty: `>ID` of '' matches from the first record again.
		expect(ids(result.c3)).toEqual(range(1, 50));
		// The same chain URL-encoded, as the batch documentation writes commands.
		const encoded = (after: string) =>
			`crm.contact.list?${new URLSearchParams({ 'order[ID]': 'ASC', 'filter[>ID]': after, 'select[]': 'ID', start: '-1' })}`;
		const fromEncoded = (await batch({ c0: encoded('0'), c1: encoded('$result[c0][49][ID]') })).body
			.result.result;
		expect(ids(fromEncoded.c1)).toEqual(range(51, 100));
		// Empty maps are PHP's empty array.
		expect(result_error).toEqual([]);
		expect(result_total).toEqual([]);
		expect(result_next).toEqual([]);
		expect(Object.keys(result_time)).toEqual(['c0', 'c1', 'c2', 'c3']);
		expect(result_time.c0).toEqual(
			expect.objectContaining({
				start: expect.any(Number),
				finish: expect.any(Number),
				processing: expect.any(Number),
				operating: expect.any(Number),
			}),
		);
		expect(chained.body.time).toEqual(
			expect.objectContaining({
				start: expect.any(Number),
				finish: expect.any(Number),
				duration: expect.any(Number),
			}),
		);

		// A reference into a nested answer, in the middle of a value.
		const nested = await batch({
			funnels: 'crm.category.list?entityTypeId=2',
			stages: 'crm.status.list?filter[ENTITY_ID]=DEAL_STAGE_$result[funnels][categories][1][id]',
		});
		expect(nested.body.result.result.stages[0]).toMatchObject({
			ENTITY_ID: 'DEAL_STAGE_3',
			STATUS_ID: 'C3:NEW',
		});

		// Totals and next of counted lists; an unknown method goes to result_error and the others still run.
		const commands = {
			a: 'crm.contact.list?start=0&select[]=NAME',
			b: 'crm.contact.list?start=50&select[]=NAME',
			bad: 'crm.contact.nothing',
			d: 'crm.dealcategory.default.get',
			e: 'batch?cmd[x]=crm.contact.list',
		};
		const mixed = (await batch(commands)).body.result;
		expect(Object.keys(mixed.result)).toEqual(['a', 'b', 'd']);
		expect(mixed.result.a[0]).toEqual({ ID: '1', NAME: 'Контакт 1' });
		expect(mixed.result.b[0]).toEqual({ ID: '51', NAME: 'Контакт 51' });
		expect(mixed.result.d).toMatchObject({ ID: 0, NAME: 'Общая' });
		expect(mixed.result_total).toEqual({ a: 120, b: 120 });
		expect(mixed.result_next).toEqual({ a: 50, b: 100 });
		expect(mixed.result_error).toEqual({
			bad: { error: 'ERROR_METHOD_NOT_FOUND', error_description: expect.any(String) },
			e: { error: 'ERROR_BATCH_METHOD_NOT_ALLOWED', error_description: expect.any(String) },
		});
		expect(Object.keys(mixed.result_time)).toEqual(['a', 'b', 'd']);

		// halt: 1 stops at the first error: what follows it does not run.
		const halted = (await batch(commands, 1)).body.result;
		expect(Object.keys(halted.result)).toEqual(['a', 'b']);
		expect(Object.keys(halted.result_error)).toEqual(['bad']);
		expect(Object.keys(halted.result_time)).toEqual(['a', 'b']);

		// At most 50 commands.
		const fifty = Object.fromEntries(
			Array.from({ length: 50 }, (_, i) => [`c${i}`, 'crm.dealcategory.default.get']),
		);
		const full = await batch(fifty);
		expect(full.status).toBe(200);
		expect(Object.keys(full.body.result.result)).toHaveLength(50);
		const tooMany = await batch({ ...fifty, c50: 'crm.dealcategory.default.get' });
		expect(tooMany).toEqual({
			status: 400,
			body: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: expect.any(String) },
		});
	});

	it('admits 50 requests at once, then 2 a second (503 QUERY_LIMIT_EXCEEDED); a batch of 50 is one request', async () => {
		// Bounds by counts only: a leaky bucket admits at most burst + rps × (seconds elapsed) requests.
		await reset();
		const faults = (await (await fetch(`${bitrix.url}/__sandbox/faults`)).json()) as any;
		expect([faults.burst, faults.rps]).toEqual([50, 2]);
		const wave = async (n: number) =>
			await Promise.all(
				Array.from({ length: n }, async () => await call('crm.dealcategory.default.get')),
			);
		const passed = (answers: Array<{ status: number }>) =>
			answers.filter((a) => a.status === 200).length;

		const began = Date.now();
		const burst = await wave(50);
		expect(burst.map((a) => a.status)).toEqual(Array(50).fill(200));
		const over = await wave(5);
		const overElapsedS = (Date.now() - began) / 1000;
		// Within half a second of the first, none passes; later (a slow machine), at most what leaked.
		expect(passed(over)).toBeLessThanOrEqual(Math.floor(2 * overElapsedS));
		for (const refused of over.filter((a) => a.status !== 200)) {
			expect(refused).toEqual({
				status: 503,
				body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: expect.any(String) },
			});
		}
		expect(passed(over)).toBeLessThan(5);

		// After 1.1 s two more fit (and a third only after 1.5 s).
		await sleep(1100);
		const refilled = await wave(4);
		const totalElapsedS = (Date.now() - began) / 1000;
		expect(passed(refilled)).toBeGreaterThanOrEqual(2);
		expect(50 + passed(over) + passed(refilled)).toBeLessThanOrEqual(
			50 + Math.floor(2 * totalElapsedS),
		);

		// A batch of 50 commands takes one place in the bucket: 49 more requests still pass.
		await reset();
		const started = Date.now();
		const commands = Object.fromEntries(
			Array.from({ length: 50 }, (_, i) => [`c${i}`, 'crm.contact.list?start=-1']),
		);
		const big = await batch(commands);
		expect(big.status).toBe(200);
		expect(Object.keys(big.body.result.result)).toHaveLength(50);
		expect(passed(await wave(49))).toBe(49);
		const after = await wave(3);
		expect(passed(after)).toBeLessThanOrEqual(Math.floor(2 * ((Date.now() - started) / 1000)));
		expect(passed(after)).toBeLessThan(3);
	});

	it('caps each method’s operating time within the window (429 OPERATION_TIME_LIMIT) and reports it in the time block', async () => {
		await setFaults({ operatingBudgetS: 0.25, callCostS: 0.1 });
		const first = await call('crm.contact.list');
		const second = await call('crm.contact.list');
		const third = await call('crm.contact.list');
		expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);

		// The time block: when, how long, the modelled cost, and the method's running total.
		const time = first.body.time;
		expect(Object.keys(time).sort()).toEqual([
			'date_finish',
			'date_start',
			'duration',
			'finish',
			'operating',
			'operating_reset_at',
			'processing',
			'start',
		]);
		expect(time.finish).toBeGreaterThanOrEqual(time.start);
		expect(time.duration).toBeCloseTo(time.finish - time.start, 3);
		expect(time.date_start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$/);
		expect(Date.parse(time.date_start) / 1000).toBe(Math.floor(time.start));
		expect(Date.parse(time.date_finish) / 1000).toBe(Math.floor(time.finish));
		expect(time.processing).toBeCloseTo(0.1, 6);
		expect([first, second, third].map((a) => a.body.time.operating)).toEqual([
			expect.closeTo(0.1, 6),
			expect.closeTo(0.2, 6),
			expect.closeTo(0.3, 6),
		]);
		// Reset 600 s after the first call of the window, the same for every call in it.
		for (const answer of [first, second, third])
			expect(
				Math.abs(answer.body.time.operating_reset_at - (time.start + 600)),
			).toBeLessThanOrEqual(1);

		// Over the budget: this method is refused, another still answers.
		expect(await call('crm.contact.list')).toEqual({
			status: 429,
			body: { error: 'OPERATION_TIME_LIMIT', error_description: expect.any(String) },
		});
		const other = await call('crm.deal.list');
		expect(other.status).toBe(200);
		expect(other.body.time.operating).toBeCloseTo(0.1, 6);

		// In a batch, an over-budget command gets OPERATION_TIME_LIMIT in result_error, the rest run.
		const commands = {
			d1: 'crm.deal.list',
			d2: 'crm.deal.list',
			d3: 'crm.deal.list',
			c: 'crm.contact.list',
			s: 'crm.status.list',
		};
		const { result } = (await batch(commands)).body;
		expect(Object.keys(result.result)).toEqual(['d1', 'd2', 's']);
		expect(result.result_error).toEqual({
			d3: { error: 'OPERATION_TIME_LIMIT', error_description: expect.any(String) },
			c: { error: 'OPERATION_TIME_LIMIT', error_description: expect.any(String) },
		});
		expect(result.result_time.d2.operating).toBeCloseTo(0.3, 6);

		// Counting a big list costs per row counted and skipped; start -1 does not count.
		await reset();
		await setFaults({ rps: 0, callCostS: 0.1, rowCostS: 0.01 });
		await seed({ contacts: contacts(120) });
		const uncounted = await call('crm.contact.list', { start: -1 });
		const counted = await call('crm.contact.list', { start: 0 });
		const skipping = await call('crm.contact.list', { start: 100 });
		expect(uncounted.body.time.processing).toBeCloseTo(0.1, 6);
		expect(counted.body.time.processing).toBeCloseTo(0.1 + 120 * 0.01, 6);
		expect(skipping.body.time.processing).toBeCloseTo(0.1 + (120 + 100) * 0.01, 6);
		expect(skipping.body.time.operating).toBeCloseTo(0.1 + 1.3 + 2.3, 6);
		const filtered = await call('crm.contact.list', { start: 0, filter: { '>ID': 110 } });
		expect(filtered.body.time.processing).toBeCloseTo(0.1 + 10 * 0.01, 6);

		// With a short window the method answers again once its calls fall out of it.
		await reset();
		await setFaults({ rps: 0, operatingBudgetS: 0.05, callCostS: 0.1, operatingWindowS: 2 });
		const once = await call('crm.contact.list');
		expect(once.status).toBe(200);
		expect(
			Math.abs(once.body.time.operating_reset_at - (once.body.time.start + 2)),
		).toBeLessThanOrEqual(1);
		expect((await call('crm.contact.list')).body.error).toBe('OPERATION_TIME_LIMIT');
		await sleep(2100);
		const again = await call('crm.contact.list');
		expect(again.status).toBe(200);
		expect(again.body.time.operating).toBeCloseTo(0.1, 6);
	});

	it('refuses a wrong webhook, the faults authError, and an unknown method the way Bitrix24 does', async () => {
		const wrongCode = await call(
			'crm.contact.list',
			{},
			`${bitrix.url}/rest/${BITRIX24_SANDBOX.userId}/not-the-code/`,
		);
		expect(wrongCode).toEqual({
			status: 401,
			body: { error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' },
		});
		const wrongUser = await call(
			'crm.contact.list',
			{},
			`${bitrix.url}/rest/${BITRIX24_SANDBOX.userId + 1}/${BITRIX24_SANDBOX.webhookCode}/`,
		);
		expect(wrongUser.status).toBe(401);
		expect(wrongUser.body.error).toBe('INVALID_CREDENTIALS');

		for (const [authError, status] of [
			['insufficient_scope', 401],
			['ACCESS_DENIED', 401],
			['NO_AUTH_FOUND', 401],
			['PORTAL_DELETED', 403],
		] as const) {
			await setFaults({ authError });
			expect(await call('crm.contact.list')).toEqual({
				status,
				body: { error: authError, error_description: expect.any(String) },
			});
			expect(await batch({ c0: 'crm.contact.list' })).toEqual({
				status,
				body: { error: authError, error_description: expect.any(String) },
			});
		}
		await setFaults({ authError: '' });
		expect((await call('crm.contact.list')).status).toBe(200);

		expect(await call('crm.contact.get.all')).toEqual({
			status: 404,
			body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
		});
	});
});
