import { ENVYBOX_SANDBOX } from '../sandbox/envybox/state';
import { apiRequests, control, runEnvybox, seed, state, useEnvyboxSandbox } from './envybox';

const S = ENVYBOX_SANDBOX;
const sandbox = useEnvyboxSandbox();

beforeEach(async () => {
	await seed(sandbox, {
		clients: [
			{ id: 549001, name: 'ООО Ромашка', phone: '74993229710', email: 'office@romashka.ru' },
		],
		deals: [
			{ id: 326001, client_id: 549001, name: 'Поставка', employee_id: S.employees.diana },
			{
				id: 326002,
				client_id: 549001,
				name: 'Вебинар',
				pipeline_id: S.deal.lockedPipelineId,
				stage_id: S.deal.lockedStages.new,
				parent_deal_id: 326001,
			},
		],
	});
});

describe('Envybox CRM info', () => {
	it('lists pipelines with ordered stages, employees, inbox types and fields — and never the API key', async () => {
		const { out } = await runEnvybox(sandbox, { resource: 'crm', operation: 'getInfo' });
		expect(out[0]).toMatchObject({
			id: S.crmId,
			user_id: S.adminUserId,
			employees: [
				expect.objectContaining({ id: S.employees.diana, name: 'Диана' }),
				expect.any(Object),
			],
		});
		expect((out[0].deal_pipelines as any[])[0]).toEqual({
			id: S.deal.pipelineId,
			name: 'Продажи',
			primary: true,
			allow_manual_change_stage: true,
			stages: [
				{ id: S.deal.stages.new, name: 'Новая', status_id: 2001 },
				{ id: S.deal.stages.inWork, name: 'В работе', status_id: 2002 },
				{ id: S.deal.stages.won, name: 'Успешно реализовано', status_id: 2003 },
				{ id: S.deal.stages.lost, name: 'Не реализовано', status_id: 2004 },
			],
		});
		expect(out[0].lead_fields).toEqual([
			{
				id: S.fields.leadBudget,
				name: 'Бюджет',
				name_id: `crm_${S.fields.leadBudget}`,
				type_id: 9,
			},
		]);
		const raw = await runEnvybox(sandbox, {
			resource: 'crm',
			operation: 'getInfo',
			simplify: false,
		});
		expect(JSON.stringify([out, raw.out])).not.toContain(S.apiKey);
		expect(raw.out[0].api_key).toBeUndefined();
	});

	it('reads main/data the same when Envybox wraps it in "result"', async () => {
		const bare = await runEnvybox(sandbox, { resource: 'crm', operation: 'getInfo' });
		await control(sandbox, 'POST', 'faults', { wrapMainData: true });
		const wrapped = await runEnvybox(sandbox, { resource: 'crm', operation: 'getInfo' });
		expect((await apiRequests(sandbox)).map((r) => r.path)).toEqual([
			'/openapi/v1/main/data/',
			'/openapi/v1/main/data/',
		]);
		expect(wrapped.out).toEqual(bare.out);
		expect((wrapped.out[0].deal_pipelines as unknown[]).length).toBeGreaterThan(0);
	});
});

describe('Envybox deal', () => {
	it('get reads a deal with its parent and children', async () => {
		const { out } = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'get',
			dealId: '326001',
			with: ['parent_deal', 'child_deals'],
		});
		expect(out[0]).toMatchObject({
			id: 326001,
			client_id: 549001,
			name: 'Поставка',
			stage_name: 'Новая',
			status_id: 2001,
			parent_deal: null,
			child_deals: [expect.objectContaining({ id: 326002 })],
		});
		expect((await apiRequests(sandbox))[0].body).toEqual({
			request: { deal_id: 326001, with: ['parent_deal', 'child_deals'] },
		});
		const missing = await runEnvybox(sandbox, { resource: 'deal', operation: 'get', dealId: '1' });
		expect(missing.error()?.message).toBe('Envybox has no deal with this ID («Сделка не найдена»)');
	});

	it('create makes a deal for a client with responsible, pipeline, custom fields and a task', async () => {
		const { out } = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'create',
			clientId: '549001',
			name: 'Монтаж',
			employeeId: S.employees.oleg,
			additionalFields: {
				pipelineId: S.deal.pipelineId,
				customFields: { field: [{ inputId: S.fields.dealSum, value: '120000' }] },
				task: { task: { text: 'Позвонить', time: '2026-12-01T10:00:00Z' } },
			},
		});
		expect((await apiRequests(sandbox))[0].body.request).toEqual({
			client_id: 549001,
			employee_id: S.employees.oleg,
			name: 'Монтаж',
			pipeline_id: S.deal.pipelineId,
			values: [{ input_id: S.fields.dealSum, value: '120000', type_id: 2 }],
			task: { text: 'Позвонить', time: Date.UTC(2026, 11, 1, 10) / 1000 },
		});
		const deal = (await state(sandbox)).deals.find((d: any) => d.name === 'Монтаж');
		expect(out[0]).toMatchObject({ id: deal.id, client_id: 549001, employee_id: S.employees.oleg });
		expect(deal.custom).toEqual({ [S.fields.dealSum]: '120000' });
		const noClient = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'create',
			clientId: '1',
			employeeId: '',
		});
		expect(noClient.error()?.message).toBe(
			'Envybox has no client with this ID («Клиент не найден»)',
		);
	});

	it('search finds clients by phone or email with their deals', async () => {
		const { out } = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'search',
			phone: '8 (499) 322-97-10',
		});
		expect(out).toEqual([
			expect.objectContaining({
				id: 549001,
				name: 'ООО Ромашка',
				deals: [expect.objectContaining({ id: 326001 }), expect.objectContaining({ id: 326002 })],
			}),
		]);
		const none = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'search',
			email: 'nobody@example.com',
		});
		expect(none.out).toEqual([]);
	});

	it('moves a deal to another stage, closing it at a won stage; refuses a pipeline that forbids manual changes', async () => {
		const { out } = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'updateStage',
			dealId: '326001',
			stageId: S.deal.stages.won,
		});
		expect(out[0]).toEqual({ deal_id: 326001, stage_id: S.deal.stages.won, alreadyOnStage: false });
		const deal = (await state(sandbox)).deals.find((d: any) => d.id === 326001);
		expect(deal.stage_id).toBe(S.deal.stages.won);
		expect(deal.closed_at).toEqual(expect.any(Number));
		const locked = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'updateStage',
			dealId: '326002',
			stageId: S.deal.lockedStages.inWork,
		});
		expect(locked.error()?.message).toBe(
			'The deal pipeline does not allow changing stages manually («В настройках воронки запрещено менять этапы вручную»)',
		);
		const foreign = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'updateStage',
			dealId: '326001',
			stageId: S.deal.lockedStages.inWork,
		});
		expect(foreign.error()?.message).toContain('Этап не найден в воронке сделки');
	});

	it.each([true, false])(
		'takes a move to the stage the deal is already on as done, once, without retrying it (httpErrors %p)',
		async (httpErrors) => {
			await control(sandbox, 'POST', 'faults', { httpErrors });
			await runEnvybox(sandbox, {
				resource: 'deal',
				operation: 'updateStage',
				dealId: '326001',
				stageId: S.deal.stages.won,
			});
			const again = await runEnvybox(sandbox, {
				resource: 'deal',
				operation: 'updateStage',
				dealId: '326001',
				stageId: S.deal.stages.won,
			});
			expect(again.out[0]).toEqual({
				deal_id: 326001,
				stage_id: S.deal.stages.won,
				alreadyOnStage: true,
			});
			const log = (await apiRequests(sandbox)).map((r) => `${r.path} ${r.status}`);
			expect(log).toEqual([
				'/openapi/v1/deal/updateDealStage/ 200',
				'/openapi/v1/deal/updateDealStage/ ' + (httpErrors ? 400 : 200),
				'/openapi/v1/deal/get/ 200',
			]);
			const deal = (await state(sandbox)).deals.find((d: any) => d.id === 326001);
			expect(deal.transitions.map((t: any) => t.stage_id)).toEqual([
				deal.transitions[0].stage_id,
				S.deal.stages.won,
			]);
		},
	);

	it('get many "Moved to Stage" finds deals that entered the stage in the period, wherever they are now', async () => {
		await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'updateStage',
			dealId: '326001',
			stageId: S.deal.stages.won,
		});
		await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'updateStage',
			dealId: '326001',
			stageId: S.deal.stages.new,
		});
		const today = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);
		const moved = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'getAll',
			returnAll: true,
			filters: {
				dateType: 'stage_transition',
				dateStageIds: [S.deal.stages.won],
				dateStart: today,
			},
		});
		expect(moved.out.map((d) => d.id)).toEqual([326001]);
		expect(moved.out[0]).toMatchObject({ stage_id: S.deal.stages.new });
		expect((await apiRequests(sandbox)).at(-1)?.body.request).toMatchObject({
			date_type: 'stage_transition',
			date_stage_ids: [S.deal.stages.won],
			date_start: today,
		});
		const lost = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'getAll',
			returnAll: true,
			filters: {
				dateType: 'stage_transition',
				dateStageIds: [S.deal.stages.lost],
				dateStart: today,
			},
		});
		expect(lost.out).toEqual([]);
	});

	it('changes the responsible and sends to the inbox', async () => {
		const moved = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'updateResponsible',
			dealId: '326001',
			responsibleType: 'department',
			departmentId: '3',
		});
		expect(moved.out[0]).toMatchObject({
			id: 326001,
			department_id: 3,
			employee_id: 0,
			old_employee_id: S.employees.diana,
		});
		const inbox = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'sendToInbox',
			dealId: '326001',
		});
		expect(inbox.out[0]).toEqual({ deal_id: 326001, sent_to_inbox: true });
		expect((await state(sandbox)).deals.find((d: any) => d.id === 326001).in_inbox).toBe(true);
	});

	it('get many filters by pipeline, stage and keyword and flattens fields', async () => {
		const { out } = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'getAll',
			returnAll: true,
			filters: { pipelineIds: [S.deal.pipelineId], keyword: 'ромашка' },
		});
		expect(out).toEqual([
			expect.objectContaining({
				id: 326001,
				client_name: 'ООО Ромашка',
				stage: 'Новая',
				status_id: 2001,
				fields: { name: 'Поставка' },
			}),
		]);
		expect((await apiRequests(sandbox))[0].body.request).toEqual({
			keyword: 'ромашка',
			pipeline_id: [S.deal.pipelineId],
			limit: 50,
			offset: 0,
		});
		const stage = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'getAll',
			returnAll: true,
			filters: { stageIds: [S.deal.lockedStages.new] },
		});
		expect(stage.out.map((d) => d.id)).toEqual([326002]);
	});
});

describe('Envybox key and envelope', () => {
	it('a wrong key fails with the API’s message, and the key never appears in errors', async () => {
		const result = await runEnvybox(
			sandbox,
			{ resource: 'deal', operation: 'get', dealId: '326001' },
			{ apiKey: 'wrong-key-777' },
		);
		expect(result.error()?.message).toBe(
			'Envybox did not accept the API key («Неправильный ключ api»)',
		);
		const text = JSON.stringify({
			message: result.error()?.message,
			description: (result.error() as any).description,
			run: result.run.data,
		});
		expect(text).not.toContain('wrong-key-777');
		expect(text).not.toContain(S.apiKey);
	});

	it('with Continue On Fail an unknown deal becomes an error item without the key, the others go on', async () => {
		const { out } = await runEnvybox(
			sandbox,
			{ resource: 'deal', operation: 'sendToInbox', dealId: '={{$json.id}}' },
			{ items: [{ id: 5 }, { id: 326001 }], continueOnFail: true },
		);
		expect(out[0].error).toBe('Envybox has no deal with this ID («Сделка не найдена»)');
		expect(out[1]).toEqual({ deal_id: 326001, sent_to_inbox: true });
		expect(JSON.stringify(out)).not.toContain(S.apiKey);
	});

	it('an unreachable CRM is a clear error without the key', async () => {
		const { runWorkflow, chain, PACKAGE } = await import('./harness');
		const result = await runWorkflow(
			chain([
				{
					name: 'Envybox',
					type: `${PACKAGE}.envybox`,
					credentials: { envyboxApi: { id: 'x', name: 'x' } },
					parameters: { resource: 'crm', operation: 'getInfo' },
				},
			]),
			{ envyboxApi: { crmUrl: 'http://127.0.0.1:9', apiKey: S.apiKey } },
		);
		expect(result.error()?.message).toMatch(/^Could not reach Envybox/);
		expect(
			JSON.stringify({ m: result.error()?.message, d: (result.error() as any).description }),
		).not.toContain(S.apiKey);
	});
});

describe('Envybox deal: history, tasks, tags and fields', () => {
	it('adds call and comment entries and a comment, and reads the history back', async () => {
		const call = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'createLog',
			dealId: '326001',
			logType: 'call',
			direction: 1,
			callStatus: 3,
			from: '74993229710',
			to: '74950000000',
		});
		expect(call.out[0]).toMatchObject({ type_id: 2009, element_id: 326001, crm_element_id: 3 });
		expect((await apiRequests(sandbox)).at(-1)!.body.request).toEqual({
			deal_id: 326001,
			type_id: 2009,
			data: { direction: 1, status: 3, from: '74993229710', to: '74950000000' },
		});
		const comment = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'createComment',
			dealId: '326001',
			comment: 'Клиент думает',
		});
		expect(comment.out[0]).toEqual({ deal_id: 326001, comment: 'Клиент думает', created: true });
		const logs = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'getLogs',
			dealId: '326001',
			returnAll: true,
		});
		expect(logs.out.map((l) => [l.type_id, (l.data as any).comment])).toEqual([
			[2010, 'Клиент думает'],
			[2009, undefined],
		]);
		const noCall = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'createLog',
			dealId: '326001',
			logType: 'call',
			from: '1',
		});
		expect(noCall.error()?.message).toBe('A call log needs both numbers (From and To)');
	});

	it('creates the deal task, then updates it; reads the active task and all tasks; lists tasks of the CRM', async () => {
		const none = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'getActiveTask',
			dealId: '326001',
		});
		expect(none.out[0]).toEqual({ found: false, deal_id: 326001 });
		const created = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'upsertTask',
			dealId: '326001',
			time: '2026-12-01T10:00:00Z',
			comment: 'Связаться с клиентом',
		});
		expect((await apiRequests(sandbox)).at(-1)!.body.request).toEqual({
			deal_id: 326001,
			time: Date.UTC(2026, 11, 1, 10) / 1000,
			comment: 'Связаться с клиентом',
		});
		expect(created.out[0]).toMatchObject({
			element_id: 326001,
			comment: 'Связаться с клиентом',
			to_employee_id: S.employees.diana,
			success: 0,
		});
		const updated = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'upsertTask',
			dealId: '326001',
			comment: 'Перезвонить после обеда',
		});
		expect(updated.out[0]).toMatchObject({
			id: created.out[0].id,
			comment: 'Перезвонить после обеда',
		});
		const active = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'getActiveTask',
			dealId: '326001',
		});
		expect(active.out[0]).toMatchObject({ found: true, id: created.out[0].id });
		const tasks = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'getTasks',
			dealId: '326001',
		});
		expect(tasks.out.map((t) => t.id)).toEqual([created.out[0].id]);
		const listed = await runEnvybox(sandbox, {
			resource: 'task',
			operation: 'getAll',
			returnAll: true,
			filters: { employeeId: S.employees.diana, success: 0, datetimeStart: '2026-11-30T00:00:00' },
		});
		expect(listed.out.map((t) => t.id)).toEqual([created.out[0].id]);
		expect((await apiRequests(sandbox)).at(-1)!.body.request).toEqual({
			datetime_start: '2026-11-30 00:00:00',
			success: 0,
			employee_id: S.employees.diana,
			limit: 50,
			offset: 0,
		});
		const admin = await runEnvybox(sandbox, {
			resource: 'task',
			operation: 'getAll',
			returnAll: true,
			filters: { employeeId: 0 },
		});
		expect(admin.out).toEqual([]);
		const empty = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'upsertTask',
			dealId: '326001',
		});
		expect(empty.error()?.message).toBe('Give the task a time or a comment');
	});

	it('a deal created with an empty task gets Envybox’s default task', async () => {
		const { out } = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'create',
			clientId: '549001',
			employeeId: '',
			additionalFields: { task: { task: {} } },
		});
		const tasks = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'getTasks',
			dealId: String(out[0].id),
		});
		expect(tasks.out).toEqual([expect.objectContaining({ comment: 'Связаться с клиентом' })]);
	});

	it('adds tags without duplicates and updates the name and custom fields, checking the client', async () => {
		await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'addTags',
			dealId: '326001',
			tags: 'сайт, VIP',
		});
		await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'addTags',
			dealId: '326001',
			tags: 'VIP, повтор',
		});
		expect((await state(sandbox)).deals.find((d: any) => d.id === 326001).tags).toEqual([
			'сайт',
			'VIP',
			'повтор',
		]);
		const { out } = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'updateFields',
			dealId: '326001',
			clientId: '549001',
			dealName: 'Поставка-2',
			customFields: { field: [{ inputId: S.fields.dealSum, value: '90000' }] },
		});
		expect(out[0]).toMatchObject({
			deal_id: 326001,
			client_id: 549001,
			fields: [
				{ input_id: 2001, value: 'Поставка-2', value_type_id: 1 },
				{ input_id: S.fields.dealSum, value: '90000', value_type_id: 2 },
			],
		});
		const deal = (await state(sandbox)).deals.find((d: any) => d.id === 326001);
		expect(deal).toMatchObject({ name: 'Поставка-2', custom: { [S.fields.dealSum]: '90000' } });
		const wrongClient = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'updateFields',
			dealId: '326001',
			clientId: '1',
			dealName: 'x',
		});
		expect(wrongClient.error()?.message).toContain('«Неверный request»');
	});

	it('lists deal fields by kind and reads one', async () => {
		const custom = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'getFields',
			returnAll: true,
		});
		expect(custom.out).toEqual([
			expect.objectContaining({ id: S.fields.dealSum, name: 'Сумма', crm_element_id: 3 }),
		]);
		expect((await apiRequests(sandbox)).at(-1)).toMatchObject({
			method: 'GET',
			path: '/openapi/v1/deal/getListInputs/',
			query: { type: 'custom', limit: '50', offset: '0' },
		});
		const service = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'getFields',
			fieldKind: 'service',
			returnAll: true,
		});
		expect(service.out.map((f) => f.name_id)).toEqual(['name']);
		const one = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'getField',
			inputId: String(S.fields.dealSum),
		});
		expect(one.out[0]).toMatchObject({ id: S.fields.dealSum, name: 'Сумма' });
		const missing = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'getField',
			inputId: '5',
			fieldKind: 'service',
		});
		expect(missing.error()?.message).toBe('Envybox has no such field («Поле не найдено»)');
	});
});

describe('Envybox deal: search by field values', () => {
	beforeEach(async () => {
		await seed(sandbox, {
			clients: [{ id: 549003, name: 'ИП Сидоров', custom: { [S.fields.clientCity]: 'Казань' } }],
			deals: [
				{
					id: 326010,
					client_id: 549003,
					name: 'Большая',
					custom: { [S.fields.dealSum]: '500000' },
					tags: ['VIP'],
					employee_id: S.employees.oleg,
				},
				{ id: 326011, client_id: 549003, name: 'Малая', custom: { [S.fields.dealSum]: '1000' } },
			],
		});
	});

	it('builds Envybox’s filter object and finds the matching deals', async () => {
		const { out } = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'searchByFields',
			returnAll: true,
			filters: {
				pipelineIds: [S.deal.pipelineId],
				dealFields: { field: [{ inputId: S.fields.dealSum, value: '100000', valueTo: '900000' }] },
				clientFields: { field: [{ inputId: S.fields.clientCity, value: 'Казань' }] },
				tags: 'VIP',
				employeeIds: [S.employees.oleg],
				created: { period: { start: '2020-01-01T00:00:00', end: '2099-01-01T00:00:00' } },
			},
		});
		expect(out.map((d) => d.id)).toEqual([326010]);
		const [request] = await apiRequests(sandbox);
		expect(request.path).toBe('/openapi/v1/deal/updateDealStage/');
		expect(request.body.request).toEqual({
			filter: {
				pipelines: [S.deal.pipelineId],
				tags: ['VIP'],
				employees: { users: [S.employees.oleg], departments: [] },
				inputs: {
					'2': {
						service: {},
						custom: { [S.fields.clientCity]: 'Казань' },
						comparison: { [S.fields.clientCity]: { type: 'equally' } },
					},
					'3': {
						service: {},
						custom: { [S.fields.dealSum]: '100000' },
						comparison: { [S.fields.dealSum]: { type: 'range', value_to: 900000 } },
					},
				},
				dateFilters: [
					{
						dateType: 'period',
						dateSelectType: 'created',
						dates: { start: '2020-01-01', end: '2099-01-01' },
					},
				],
			},
			limit: 50,
			offset: 0,
		});
	});

	it('finds deals without a responsible, the client’s first deal, and takes extra filter keys as JSON', async () => {
		const nobody = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'searchByFields',
			returnAll: true,
			filters: { withoutResponsible: true, clientName: 'сидоров' },
		});
		expect(nobody.out.map((d) => d.id)).toEqual([326011]);
		const first = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'searchByFields',
			returnAll: true,
			filters: { firstDealClient: true, clientName: 'сидоров' },
		});
		expect(first.out.map((d) => d.id)).toEqual([326010]);
		const raw = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'searchByFields',
			returnAll: true,
			options: { rawFilter: '{"dealStages": [999]}' },
		});
		expect(raw.out).toEqual([]);
		const bad = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'searchByFields',
			returnAll: true,
			options: { rawFilter: '{nope' },
		});
		expect(bad.error()?.message).toContain('Extra Filter is not valid JSON');
		const badDate = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'searchByFields',
			returnAll: true,
			options: {
				rawFilter:
					'{"dateFilters": [{"dateType": "someday", "dateSelectType": "created", "dates": {}}]}',
			},
		});
		expect(badDate.error()?.message).toBe('Envybox refused the request («Неверный dateType»)');
	});
});
