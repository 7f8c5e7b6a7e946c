// How the migration reads a Bitrix24 portal: the Code nodes "Next Bitrix24 Read" and "Bitrix24 Answer"
// of workflows/amocrm-migration.json, as the workflow holds them, looped the way the workflow loops
// them (its "Wait for Bitrix24" as a sleep), against the Bitrix24 sandbox; then "Gather the Export" on
// every answer. The end-to-end suite runs the same loop in n8n.
import { codeNode } from '../unit/codeNode';
import { startBitrix24Sandbox } from '../sandbox/bitrix24/server';

const next = codeNode('amocrm-migration.json', 'Next Bitrix24 Read');
const answer = codeNode('amocrm-migration.json', 'Bitrix24 Answer');
const gather = codeNode('amocrm-migration.json', 'Gather the Export');

let bitrix: Awaited<ReturnType<typeof startBitrix24Sandbox>>;
beforeAll(async () => {
	bitrix = await startBitrix24Sandbox(0);
});
afterAll(async () => await bitrix.close());

const post = (path: string, body: unknown) =>
	fetch(`${bitrix.url}/__sandbox/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
beforeEach(async () => {
	await post('reset', {});
	bitrix.requests.length = 0;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the read loop to its end; `between` runs after each answer (to change the portal mid-read). */
async function readPortal(between: (request: number) => void = () => undefined) {
	const form = { ok: true, way: 'api', source: 'bitrix24', webhook_url: bitrix.webhookUrl };
	const runs: unknown[][] = [];
	const waits: Array<{ wait: number; why: string }> = [];
	let input: unknown = form;
	for (let request = 0; request < 200; request++) {
		const [sent] = await next({ 'Check the Form': [form], $input: [input] });
		const response = await fetch(`${sent.reading.webhook_url}batch.json`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ halt: 0, cmd: sent.cmd }),
		});
		const text = await response.text();
		let body: unknown = text;
		try {
			body = JSON.parse(text);
		} catch {
			// an HTML page reaches the node as text
		}
		const item = { statusCode: response.status, body };
		runs.push([item]);
		const [outcome] = await answer({ 'Next Bitrix24 Read': [sent], $input: [item] });
		between(request);
		if (outcome.next === 'wait') {
			waits.push({ wait: outcome.wait, why: outcome.why });
			await sleep(outcome.wait * 1000);
		} else if (outcome.next !== 'read') {
			const data =
				outcome.next === 'done'
					? (
							await gather({
								'Check the Form': [form],
								'Bitrix24 Answer': [outcome],
								'Read Bitrix24': { runs },
							})
						)[0].export
					: null;
			return { outcome, data, waits, requests: runs.length };
		}
		input = outcome;
	}
	throw new Error('the read did not end in 200 requests');
}

const ids = (records: Array<{ ID: string }>) => records.map((r) => Number(r.ID));
const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('reading a Bitrix24 portal for the migration', () => {
	it('reads every funnel, stage, company, contact and deal once, 50 calls per request after the first', async () => {
		bitrix.sandbox.seed({
			categories: [
				{ id: 3, name: 'Опт' },
				{ id: 9, name: 'Тендеры' },
			],
			companies: range(1, 120).map((n) => ({ ID: String(n), TITLE: `Компания ${n}` })),
			contacts: range(1, 2_560).map((n) => ({
				ID: String(n),
				NAME: `Клиент ${n}`,
				COMPANY_ID: String((n % 120) + 1),
				PHONE: [{ VALUE: `+7915${String(n).padStart(7, '0')}`, VALUE_TYPE: 'WORK' }],
			})),
			deals: range(1, 345).map((n) => ({
				ID: String(n * 2),
				TITLE: `Сделка ${n}`,
				STAGE_ID: ['NEW', 'C3:WON', 'C9:LOSE'][n % 3],
				CONTACT_ID: String(n),
				COMPANY_ID: '0',
			})),
		});
		const { outcome, data, waits, requests } = await readPortal();
		expect(outcome.next).toBe('done');
		expect(waits).toEqual([]);
		expect(ids(data.contacts)).toEqual(range(1, 2_560));
		expect(ids(data.companies)).toEqual(range(1, 120));
		expect(ids(data.deals)).toEqual(range(1, 345).map((n) => n * 2));
		expect(data.contacts[0]).toEqual({
			ID: '1',
			NAME: 'Клиент 1',
			SECOND_NAME: null,
			LAST_NAME: null,
			POST: null,
			COMPANY_ID: '2',
			PHONE: [expect.objectContaining({ VALUE: '+79150000001' })],
		});
		expect(data.deals[1]).toMatchObject({
			ID: '4',
			CATEGORY_ID: '9',
			STAGE_ID: 'C9:LOSE',
			STAGE_SEMANTIC_ID: 'F',
		});
		expect(data.categories.map((f: any) => [f.id, f.name])).toEqual([
			[0, 'Общая'],
			[3, 'Опт'],
			[9, 'Тендеры'],
		]);
		expect(new Set(data.stages.map((s: any) => s.ENTITY_ID))).toEqual(
			new Set(['DEAL_STAGE', 'DEAL_STAGE_3', 'DEAL_STAGE_9']),
		);
		// The first request counts each list; the rest read by ID, 50 pages a request: the companies' other
		// 70 in 2 pages, the contacts' 2,510 in 51 (over two requests), the deals' 295 in 6.
		expect(requests).toBe(3);
		const calls = bitrix.requests.map((r) => Object.keys((r.body as any).cmd).length);
		expect(calls).toEqual([5, 50, 9]);
		// Only the first page of each list pays for the count.
		const counted = bitrix.requests
			.flatMap((r) => Object.values((r.body as any).cmd as Record<string, string>))
			.filter(
				(cmd) =>
					/\.list\?.*start=0/.test(cmd) &&
					!cmd.startsWith('crm.status') &&
					!cmd.startsWith('crm.category'),
			);
		expect(counted).toHaveLength(3);
	});

	it('takes nothing twice when records go away during the read, and a page that started over is ignored', async () => {
		bitrix.sandbox.seed({ contacts: range(1, 180).map((n) => ({ ID: String(n), NAME: `К${n}` })) });
		const { data } = await readPortal((request) => {
			// After the first request counted 180, the portal loses 61–160: the chained pages run short.
			if (request === 0)
				bitrix.sandbox.contacts = bitrix.sandbox.contacts.filter(
					(c) => Number(c.ID) <= 60 || Number(c.ID) > 160,
				);
		});
		expect(ids(data.contacts)).toEqual([...range(1, 60), ...range(161, 180)]);
	});

	it('waits out the request limit and the operating-time limit, and goes on from the last ID', async () => {
		await post('faults', {
			burst: 1,
			rps: 1,
			operatingBudgetS: 0.35,
			operatingWindowS: 2,
			callCostS: 0.1,
			rowCostS: 0,
		});
		bitrix.sandbox.seed({ contacts: range(1, 400).map((n) => ({ ID: String(n), NAME: `К${n}` })) });
		const { outcome, data, waits } = await readPortal();
		expect(outcome.next).toBe('done');
		expect(ids(data.contacts)).toEqual(range(1, 400));
		expect(waits.map((w) => w.why)).toEqual(
			expect.arrayContaining(['too many requests', 'operating-time limit']),
		);
		// The operating-time wait lasts until Bitrix24's operating_reset_at (whole seconds) and a second more,
		// not the minute it waits when Bitrix24 gave no time.
		for (const w of waits.filter((x) => x.why === 'operating-time limit'))
			expect(w.wait).toBeLessThanOrEqual(4);
		const cursors = bitrix.requests
			.filter((r) => r.status === 200)
			.map(
				(r) =>
					/filter\[%3EID\]=(\d+)$/.exec(
						Object.values((r.body as any).cmd as Record<string, string>).find((c) =>
							c.startsWith('crm.contact'),
						) ?? '',
					)?.[1],
			)
			.filter(Boolean)
			.map(Number);
		expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
	});

	it('reads the funnels with the legacy deal-category methods where crm.category.list is missing', async () => {
		await post('faults', { legacyFunnelsOnly: true });
		bitrix.sandbox.seed({
			categories: [{ id: 4, name: 'Сервис' }],
			deals: [{ ID: '1', TITLE: 'Ремонт', STAGE_ID: 'C4:WON' }],
		});
		const { outcome, data } = await readPortal();
		expect(outcome.next).toBe('done');
		expect(data.categories).toEqual([
			{ ID: '4', NAME: 'Сервис', SORT: '500', IS_LOCKED: 'N' },
			{ ID: 0, NAME: 'Общая' },
		]);
		expect(
			bitrix.requests.map((r) =>
				Object.values((r.body as any).cmd as Record<string, string>)
					.filter((c) => c.includes('category'))
					.map((c) => c.split('?')[0]),
			),
		).toEqual([['crm.category.list'], ['crm.dealcategory.list', 'crm.dealcategory.default.get']]);
		expect(data.deals).toEqual([
			expect.objectContaining({ ID: '1', CATEGORY_ID: '4', STAGE_SEMANTIC_ID: 'S' }),
		]);
	});

	it('stops with the cause on a refused webhook, after one request', async () => {
		const causes: Record<string, string> = {
			insufficient_scope:
				'The inbound webhook has no CRM permission: in Bitrix24 open Developer resources → the webhook, tick CRM (crm) and save.',
			ACCESS_DENIED:
				'Bitrix24 refused the webhook: REST is available only on paid Bitrix24 plans, or its user has no access to the CRM.',
			NO_AUTH_FOUND:
				'Bitrix24 does not know this webhook: check its URL (like https://mycompany.bitrix24.ru/rest/1/abc123xyz/) or create the inbound webhook again.',
			PORTAL_DELETED: 'This Bitrix24 portal has been deleted.',
		};
		for (const [authError, error] of Object.entries(causes)) {
			await post('reset', {});
			await post('faults', { authError });
			const { outcome, requests } = await readPortal();
			expect(outcome).toEqual({ next: 'stop', ok: false, error });
			expect(requests).toBe(1);
		}
	});

	it('sends a request the request limit refused again, from the same place', async () => {
		bitrix.sandbox.seed({ contacts: range(1, 70).map((n) => ({ ID: String(n), NAME: `К${n}` })) });
		await post('faults', { script: [503] });
		const { data, waits } = await readPortal();
		expect(waits).toEqual([{ wait: 1, why: 'too many requests' }]);
		expect(ids(data.contacts)).toEqual(range(1, 70));
	});
});
