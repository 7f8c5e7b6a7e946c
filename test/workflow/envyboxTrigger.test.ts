// The Envybox Trigger polled through n8n-core's own poll context against the sandbox.
import type { IDataObject, IWorkflowBase } from 'n8n-workflow';

import { ENVYBOX_SANDBOX } from '../sandbox/envybox/state';
import { apiRequests, envyboxCredentials, runEnvybox, seed, useEnvyboxSandbox } from './envybox';
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
		nodes: [{ id: 't', name: 'Envybox Trigger', type: `${PACKAGE}.envyboxTrigger`, typeVersion: 1, position: [0, 0], credentials: { envyboxApi: { id: 'e', name: 'e' } }, parameters }],
	}) as unknown as IWorkflowBase;

const poller = (parameters: IDataObject) => {
	const staticData: IDataObject = {};
	const poll = async (mode: 'trigger' | 'manual' = 'trigger') => {
		const result = await callPoll(workflow(parameters), 'Envybox Trigger', envyboxCredentials(sandbox), mode, staticData);
		return result ? result[0].map((item) => item.json) : [];
	};
	return { poll, staticData };
};

const createLead = async (name: string, phone: string) =>
	(await runEnvybox(sandbox, { resource: 'lead', operation: 'create', name, phone })).out[0].lead_id as number;

describe('Envybox Trigger', () => {
	it('new leads: the first poll replays no history, later polls emit each new lead once, oldest first', async () => {
		await createLead('Старый', '+79000000001');
		const { poll, staticData } = poller({ event: 'newLead' });
		expect(await poll()).toEqual([]);
		expect(staticData).toMatchObject({ event: 'newLead', cursor: expect.any(String) });
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
		expect((await apiRequests(sandbox)).filter((r) => r.path === '/openapi/v1/lead/list/').every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.body.request.date_start))).toBe(true);
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
			(await runEnvybox(sandbox, { resource: 'deal', operation: 'create', clientId: '549001', employeeId: '', additionalFields: { pipelineId } })).out[0].id;
		const inPipeline = await make(S.deal.pipelineId);
		await make(S.deal.lockedPipelineId);
		expect((await poll()).map((d) => [d.event, d.id])).toEqual([['deal.new', inPipeline]]);
	});

	it('deal stage changes, by Envybox’s own change time', async () => {
		await seed(sandbox, { clients: [{ id: 549001, name: 'Клиент' }], deals: [{ id: 326001, client_id: 549001 }, { id: 326002, client_id: 549001 }] });
		const { poll } = poller({ event: 'dealStageChanged' });
		expect(await poll()).toEqual([]);
		await runEnvybox(sandbox, { resource: 'deal', operation: 'updateStage', dealId: '326002', stageId: S.deal.stages.inWork });
		const first = await poll();
		expect(first.map((d) => [d.event, d.id, d.stage_id])).toEqual([['deal.stageChanged', 326002, S.deal.stages.inWork]]);
		expect(await poll()).toEqual([]);
		// Within the same second as the last one emitted, the next change is still caught.
		await runEnvybox(sandbox, { resource: 'deal', operation: 'updateStage', dealId: '326001', stageId: S.deal.stages.won });
		expect((await poll()).map((d) => [d.id, d.status_id])).toEqual([[326001, 2003]]);
	});

	it('a wrong key fails the poll with Envybox’s message', async () => {
		const staticData: IDataObject = {};
		await expect(callPoll(workflow({ event: 'newLead' }), 'Envybox Trigger', envyboxCredentials(sandbox, 'nope'), 'trigger', staticData)).rejects.toThrow('Envybox did not accept the API key («Неправильный ключ api»)');
	});
});
