// The Envybox Trigger polled through n8n-core's own poll context against the sandbox.
import type { IDataObject, IWorkflowBase } from 'n8n-workflow';

import { ENVYBOX_SANDBOX } from '../sandbox/envybox/state';
import {
	apiRequests,
	control,
	envyboxCredentials,
	runEnvybox,
	seed,
	useEnvyboxSandbox,
} from './envybox';
import { callPoll, PACKAGE } from './harness';

const S = ENVYBOX_SANDBOX;
const sandbox = useEnvyboxSandbox();

const workflow = (parameters: IDataObject): IWorkflowBase =>
	({
		id: 'envy-trigger',
		name: 'trigger',
		active: true,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [
			{
				id: 't',
				name: 'Envybox Trigger',
				type: `${PACKAGE}.envyboxTrigger`,
				typeVersion: 1,
				position: [0, 0],
				credentials: { envyboxApi: { id: 'e', name: 'e' } },
				parameters,
			},
		],
	}) as unknown as IWorkflowBase;

const poller = (parameters: IDataObject) => {
	const staticData: IDataObject = {};
	const poll = async (mode: 'trigger' | 'manual' = 'trigger') => {
		const result = await callPoll(
			workflow(parameters),
			'Envybox Trigger',
			envyboxCredentials(sandbox),
			mode,
			staticData,
		);
		return result ? result[0].map((item) => item.json) : [];
	};
	return { poll, staticData };
};

const createLead = async (name: string, phone: string) =>
	(await runEnvybox(sandbox, { resource: 'lead', operation: 'create', name, phone })).out[0]
		.lead_id as number;

describe('Envybox Trigger', () => {
	it('new leads: the first poll replays no history, later polls emit each new lead once, oldest first', async () => {
		await createLead('Старый', '+79000000001');
		const { poll, staticData } = poller({ event: 'newLead' });
		expect(await poll()).toEqual([]);
		expect(staticData).toMatchObject({
			event: 'newLead',
			since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
			seen: expect.any(Object),
		});
		const a = await createLead('Анна', '+79000000002');
		const b = await createLead('Борис', '+79000000003');
		const emitted = await poll();
		expect(emitted.map((l) => [l.event, l.id, l.name])).toEqual([
			['lead.new', a, 'Анна'],
			['lead.new', b, 'Борис'],
		]);
		expect(await poll()).toEqual([]);
		const c = await createLead('Вера', '+79000000004');
		expect((await poll()).map((l) => l.id)).toEqual([c]);
		// Every poll reads a bounded window, never the whole history.
		expect(
			(await apiRequests(sandbox))
				.filter((r) => r.path === '/openapi/v1/lead/list/')
				.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.body.request.date_start)),
		).toBe(true);
	});

	it('a manual test run returns the latest lead without moving the cursor', async () => {
		await createLead('Первый', '+79000000001');
		const latest = await createLead('Последний', '+79000000002');
		const { poll, staticData } = poller({ event: 'newLead' });
		expect((await poll('manual')).map((l) => l.id)).toEqual([latest]);
		expect(staticData).toEqual({});
	});

	it('new deals of the chosen pipeline only', async () => {
		await seed(sandbox, { clients: [{ id: 549001, name: 'Клиент' }] });
		const { poll } = poller({ event: 'newDeal', pipelineIds: [S.deal.pipelineId] });
		expect(await poll()).toEqual([]);
		const make = async (pipelineId: number) =>
			(
				await runEnvybox(sandbox, {
					resource: 'deal',
					operation: 'create',
					clientId: '549001',
					employeeId: '',
					additionalFields: { pipelineId },
				})
			).out[0].id;
		const inPipeline = await make(S.deal.pipelineId);
		await make(S.deal.lockedPipelineId);
		expect((await poll()).map((d) => [d.event, d.id])).toEqual([['deal.new', inPipeline]]);
	});

	it('deal stage changes, by Envybox’s own change time', async () => {
		const hourAgo = Date.now() - 3600_000;
		await seed(sandbox, {
			clients: [{ id: 549001, name: 'Клиент' }],
			deals: [
				{ id: 326001, client_id: 549001, created_at: hourAgo },
				{ id: 326002, client_id: 549001, created_at: hourAgo },
			],
		});
		const { poll } = poller({ event: 'dealStageChanged' });
		expect(await poll()).toEqual([]);
		await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'updateStage',
			dealId: '326002',
			stageId: S.deal.stages.inWork,
		});
		const first = await poll();
		expect(first.map((d) => [d.event, d.id, d.stage_id])).toEqual([
			['deal.stageChanged', 326002, S.deal.stages.inWork],
		]);
		expect(await poll()).toEqual([]);
		// Within the same second as the last one emitted, the next change is still caught.
		await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'updateStage',
			dealId: '326001',
			stageId: S.deal.stages.won,
		});
		expect((await poll()).map((d) => [d.id, d.status_id])).toEqual([[326001, 2003]]);
	});

	it('a lead that becomes visible after a newer one was emitted is still emitted, once', async () => {
		const { poll } = poller({ event: 'newLead' });
		expect(await poll()).toEqual([]);
		await seed(sandbox, {
			leads: [{ id: 1643100, values: { name: 'Новее', phone: '79000000010' } }],
		});
		expect((await poll()).map((l) => l.id)).toEqual([1643100]);
		// Committed out of order: a lower ID and an earlier time, visible only now.
		await seed(sandbox, {
			leads: [
				{
					id: 1643050,
					values: { name: 'Позже видна', phone: '79000000011' },
					created_at: Date.now() - 60_000,
				},
			],
		});
		expect((await poll()).map((l) => l.id)).toEqual([1643050]);
		expect(await poll()).toEqual([]);
	});

	it('a queued lead is emitted when Envybox has stored it; a repeat merged into it is not a new lead', async () => {
		await control(sandbox, 'POST', 'faults', { leadQueueMs: 300 });
		const { poll } = poller({ event: 'newLead' });
		expect(await poll()).toEqual([]);
		await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'create',
			mode: 'set',
			name: 'Очередь',
			phone: '+79000000020',
		});
		expect(await poll()).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 350));
		expect((await poll()).map((l) => l.name)).toEqual(['Очередь']);
		await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'create',
			mode: 'set',
			name: 'Очередь',
			phone: '89000000020',
		});
		await new Promise((resolve) => setTimeout(resolve, 350));
		expect(await poll()).toEqual([]);
	});

	it('more than a page of new leads, some added while the pages are read: each emitted once; a manual test reads one page', async () => {
		const { poll } = poller({ event: 'newLead' });
		expect(await poll()).toEqual([]);
		const names = (from: number, count: number) =>
			Array.from({ length: count }, (_, i) => ({
				values: { name: `Лид ${from + i}`, phone: `7900100${String(from + i).padStart(4, '0')}` },
			}));
		await seed(sandbox, { leads: names(0, 120) });
		await control(sandbox, 'POST', 'faults', { latencyMs: 100 });
		const polling = poll();
		for (let i = 0; i < 5; i++) {
			await new Promise((resolve) => setTimeout(resolve, 60));
			await seed(sandbox, { leads: names(120 + i, 1) });
		}
		const first = await polling;
		const second = await poll();
		const all = [...first, ...second].map((l) => l.name);
		expect(all).toHaveLength(125);
		expect(new Set(all).size).toBe(125);
		expect(
			(await apiRequests(sandbox))
				.filter((r) => r.path === '/openapi/v1/lead/list/')
				.every((r) => r.body.request.limit === 50),
		).toBe(true);
		await control(sandbox, 'POST', 'faults', { latencyMs: 0 });
		const before = (await apiRequests(sandbox)).length;
		expect((await poller({ event: 'newLead' }).poll('manual')).map((l) => l.name)).toEqual([
			'Лид 124',
		]);
		expect((await apiRequests(sandbox)).length - before).toBe(1);
	});

	it('remembers at most 10,000 records: past that it gives up the oldest day of its window, and emits nothing twice', async () => {
		const moscowDay = (ms: number) => new Date(ms + 3 * 3600_000).toISOString().slice(0, 10);
		const now = Date.now();
		const dayBefore = now - 24 * 3600_000;
		const leads = (from: number, count: number, at: number) =>
			Array.from({ length: count }, (_, i) => ({
				values: { name: `Лид ${from + i}` },
				created_at: at,
			}));
		await seed(sandbox, { leads: [...leads(0, 5001, dayBefore), ...leads(5001, 5000, now)] });
		const { poll, staticData } = poller({ event: 'newLead' });
		expect(await poll()).toEqual([]);
		expect(staticData.since).toBe(moscowDay(now));
		expect(Object.keys(staticData.seen as object)).toHaveLength(5000);
		await seed(sandbox, {
			leads: [
				{ values: { name: 'Сегодня' } },
				{ values: { name: 'Поздно, вчера' }, created_at: dayBefore },
			],
		});
		expect((await poll()).map((l) => l.name)).toEqual(['Сегодня']);
		expect(await poll()).toEqual([]);
		expect((await apiRequests(sandbox)).at(-1)?.body.request.date_start).toBe(moscowDay(now));
	});

	it('a deal made from a lead is a new deal, not a stage change', async () => {
		const changes = poller({ event: 'dealStageChanged' });
		const deals = poller({ event: 'newDeal' });
		expect(await changes.poll()).toEqual([]);
		expect(await deals.poll()).toEqual([]);
		const leadId = await createLead('Анна', '+79000000030');
		const taken = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'takeIntoWork',
			leadId: String(leadId),
			responsible: 'nobody',
		});
		const dealId = taken.out[0].deal_id;
		expect((await deals.poll()).map((d) => d.id)).toEqual([dealId]);
		expect(await changes.poll()).toEqual([]);
	});

	it('a wrong key fails the poll with Envybox’s message', async () => {
		const staticData: IDataObject = {};
		await expect(
			callPoll(
				workflow({ event: 'newLead' }),
				'Envybox Trigger',
				envyboxCredentials(sandbox, 'nope'),
				'trigger',
				staticData,
			),
		).rejects.toThrow('Envybox did not accept the API key («Неправильный ключ api»)');
	});
});
