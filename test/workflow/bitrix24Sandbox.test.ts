// The Bitrix24 sandbox that migrations read from: inbound-webhook auth, 50-record pages from `start`,
// multi-fields only when selected, and the portal's request limit.
import { startBitrix24Sandbox } from '../sandbox/bitrix24/server';
import { BITRIX24_SANDBOX } from '../sandbox/bitrix24/state';

let bitrix: Awaited<ReturnType<typeof startBitrix24Sandbox>>;

beforeAll(async () => {
	bitrix = await startBitrix24Sandbox(0);
});
afterAll(async () => await bitrix.close());
beforeEach(async () => {
	await fetch(`${bitrix.url}/__sandbox/reset`, { method: 'POST' });
	await fetch(`${bitrix.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rps: 0 }) });
});

const call = async (method: string, params: Record<string, unknown> = {}, base = bitrix.webhookUrl) => {
	const response = await fetch(`${base}${method}.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
	return { status: response.status, body: (await response.json()) as any };
};

const seed = async (body: unknown) =>
	await fetch(`${bitrix.url}/__sandbox/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('Bitrix24 sandbox', () => {
	it('pages lists by 50 from start, with next and total', async () => {
		await seed({ contacts: Array.from({ length: 120 }, (_, i) => ({ NAME: `К${i + 1}` })) });
		const pages: any[] = [];
		let start: number | undefined = 0;
		while (start !== undefined) {
			const { body } = await call('crm.contact.list', { start });
			pages.push(body);
			start = body.next;
		}
		expect(pages.map((p) => [p.result.length, p.next, p.total])).toEqual([
			[50, 50, 120],
			[50, 100, 120],
			[20, undefined, 120],
		]);
		expect(pages.flatMap((p) => p.result.map((c: any) => c.ID))).toEqual(Array.from({ length: 120 }, (_, i) => String(i + 1)));
	});

	it('gives phones and emails only when select names them, with IDs and types as Bitrix24 does', async () => {
		await seed({ contacts: [{ ID: '123', NAME: 'Иван', LAST_NAME: 'Иванов', EMAIL: [{ VALUE: 'ivan@example.com', VALUE_TYPE: 'WORK' }], PHONE: [{ VALUE: '+79991234567', VALUE_TYPE: 'WORK' }], COMPANY_TITLE: 'ООО Компания', POST: 'Менеджер' }] });
		const plain = await call('crm.contact.list');
		expect(plain.body.result[0]).toEqual({ ID: '123', NAME: 'Иван', LAST_NAME: 'Иванов', COMPANY_TITLE: 'ООО Компания', POST: 'Менеджер' });
		const full = await call('crm.contact.list', { select: ['*', 'PHONE', 'EMAIL'] });
		expect(full.body.result[0].PHONE).toEqual([{ ID: expect.any(String), VALUE_TYPE: 'WORK', VALUE: '+79991234567', TYPE_ID: 'PHONE' }]);
		expect(full.body.result[0].EMAIL[0]).toMatchObject({ VALUE: 'ivan@example.com', TYPE_ID: 'EMAIL' });
	});

	it('lists deals and the deal stages of the default pipeline, filtered as asked', async () => {
		await seed({ deals: [{ ID: '456', TITLE: 'Продажа товара', OPPORTUNITY: '100000', CURRENCY_ID: 'RUB', STAGE_ID: 'NEW', CONTACT_ID: '123' }] });
		const deals = await call('crm.deal.list', { select: ['*'] });
		expect(deals.body.result).toEqual([{ ID: '456', TITLE: 'Продажа товара', OPPORTUNITY: '100000', CURRENCY_ID: 'RUB', STAGE_ID: 'NEW', CONTACT_ID: '123' }]);
		const stages = await call('crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE' } });
		expect(stages.body.result.map((s: any) => s.STATUS_ID)).toEqual(['NEW', 'PREPARATION', 'PREPAYMENT_INVOICE', 'EXECUTING', 'FINAL_INVOICE', 'WON', 'LOSE', 'APOLOGY']);
		expect(stages.body.result[0]).toMatchObject({ NAME: 'Новая', COLOR: '#39A8EF' });
		const byQuery = await fetch(`${bitrix.webhookUrl}crm.status.list?filter[ENTITY_ID]=CONTACT_TYPE`);
		expect(((await byQuery.json()) as any).result).toEqual([]);
	});

	it('refuses a wrong webhook and an unknown method the way Bitrix24 does', async () => {
		const wrong = await call('crm.contact.list', {}, `${bitrix.url}/rest/${BITRIX24_SANDBOX.userId}/not-the-code/`);
		expect(wrong).toEqual({ status: 401, body: { error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' } });
		expect(await call('crm.contact.get.all')).toEqual({ status: 404, body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } });
	});

	it('answers QUERY_LIMIT_EXCEEDED over 2 requests a second by default', async () => {
		await fetch(`${bitrix.url}/__sandbox/reset`, { method: 'POST' });
		const statuses = await Promise.all(Array.from({ length: 4 }, async () => (await call('crm.deal.list')).status));
		expect(statuses.filter((s) => s === 200)).toHaveLength(2);
		expect(statuses.filter((s) => s === 503)).toHaveLength(2);
		expect(((await (await fetch(`${bitrix.url}/__sandbox/state`)).json()) as any).stages).toHaveLength(8);
	});
});
