// The Envybox sandbox answers the way the public evidence says Envybox answers (DESIGN §5), each
// reading under its fault key: error statuses, the refused repeat stage move, the lead queue, the
// page cap, Moscow time, the deal made from a lead, and main/data under "result".
import { ENVYBOX_SANDBOX } from '../sandbox/envybox/state';
import { control, seed, useEnvyboxSandbox } from './envybox';

const S = ENVYBOX_SANDBOX;
const sandbox = useEnvyboxSandbox();
const faults = (body: object) => control(sandbox, 'POST', 'faults', body);

async function api(method: 'GET' | 'POST', path: string, request?: object) {
	const response = await fetch(`${sandbox.url}/openapi/v1/${path}/?api_key=${S.apiKey}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: method === 'POST' ? JSON.stringify({ request: request ?? {} }) : undefined,
	});
	return { status: response.status, json: (await response.json()) as any };
}

beforeEach(async () => {
	await seed(sandbox, {
		clients: [{ id: 549001, name: 'Клиент', phone: '79160000001' }],
		deals: [{ id: 326001, client_id: 549001 }],
	});
});

describe('errors', () => {
	it('answer with an HTTP error status and the envelope by default, HTTP 200 when httpErrors is false', async () => {
		expect(await api('POST', 'deal/get', { deal_id: 1 })).toEqual({
			status: 500,
			json: { status_code: 500, message: 'Сделка не найдена' },
		});
		expect((await fetch(`${sandbox.url}/openapi/v1/main/data/?api_key=wrong`)).status).toBe(400);
		await faults({ httpErrors: false });
		expect(await api('POST', 'deal/get', { deal_id: 1 })).toEqual({
			status: 200,
			json: { status_code: 500, message: 'Сделка не найдена' },
		});
	});

	it('refuse a move to the stage the deal is on with 400, once it is there', async () => {
		expect(
			(
				await api('POST', 'deal/updateDealStage', {
					deal_id: 326001,
					stage_id: S.deal.stages.inWork,
				})
			).status,
		).toBe(200);
		const again = await api('POST', 'deal/updateDealStage', {
			deal_id: 326001,
			stage_id: S.deal.stages.inWork,
		});
		expect(again).toMatchObject({ status: 400, json: { status_code: 400 } });
	});
});

describe('lists', () => {
	it('give at most 50 records a page whatever limit asks, and lead/list its all_ids', async () => {
		await seed(sandbox, {
			leads: Array.from({ length: 60 }, (_, i) => ({ values: { name: `Лид ${i}` } })),
		});
		const { json } = await api('POST', 'lead/list', { limit: 500 });
		expect(json.leads).toMatchObject({ limit: 50, offset: 50, count: '60' });
		expect(json.leads.result).toHaveLength(50);
		expect(json.leads.all_ids).toHaveLength(60);
		const rest = await api('POST', 'lead/list', { limit: 500, offset: 50 });
		expect(rest.json.leads).toMatchObject({ offset: -1 });
		expect(rest.json.leads.result).toHaveLength(10);
	});
});

describe('leads and deals', () => {
	it('queue lead/set for leadQueueMs: the lead is not found before it is stored', async () => {
		// Long enough that the search right after is early even on a loaded machine; then it is polled for.
		await faults({ leadQueueMs: 2000 });
		const queued = Date.now();
		expect(
			(
				await api('POST', 'lead/set', {
					method: 'create',
					values: { name: 'Очередь', phone: '79160000002' },
				})
			).json,
		).toEqual({ status_code: 200, message: 'success' });
		expect((await api('POST', 'lead/search', { phone: '79160000002' })).json.leads).toBeNull();
		let found: any = null;
		while (!found && Date.now() - queued < 10_000) {
			await new Promise((resolve) => setTimeout(resolve, 100));
			found = (await api('POST', 'lead/search', { phone: '79160000002' })).json.leads;
		}
		expect(Date.now() - queued).toBeGreaterThanOrEqual(2000);
		expect(found).toMatchObject({ stage_id: String(S.lead.stages.new) });
	});

	it('print times in Moscow time and give a deal made from a lead its creation as its stage time', async () => {
		const before = Date.now();
		const { json } = await api('POST', 'lead/workset', {
			method: 'create',
			values: { name: 'Анна', phone: '79160000003' },
		});
		const started = await api('POST', 'lead/start', { lead_id: json.id });
		const deal = (await api('POST', 'deal/get', { deal_id: started.json.result.deal_id })).json
			.result;
		expect(deal.stage_updated_at).toBe(deal.created_at);
		const moscow = (ms: number) =>
			new Date(ms + 3 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
		expect([moscow(before), moscow(Date.now())]).toContain(deal.created_at.slice(0, 16));
	});

	it('keep main/data at the top level, or under "result" with wrapMainData', async () => {
		expect((await api('GET', 'main/data')).json).toMatchObject({
			id: String(S.crmId),
			deal: expect.any(Object),
		});
		await faults({ wrapMainData: true });
		const wrapped = (await api('GET', 'main/data')).json;
		expect(wrapped).toMatchObject({
			status_code: 200,
			message: 'success',
			result: { id: String(S.crmId), deal: expect.any(Object) },
		});
		expect(wrapped.deal).toBeUndefined();
	});
});
