import type { IDataObject } from 'n8n-workflow';

import { ENVYBOX_SANDBOX } from '../sandbox/envybox/state';
import { apiRequests, control, runEnvybox, seed, state, useEnvyboxSandbox } from './envybox';

const S = ENVYBOX_SANDBOX;
const sandbox = useEnvyboxSandbox();

const createLead = (extra: IDataObject = {}, items?: IDataObject[]) =>
	runEnvybox(
		sandbox,
		{
			resource: 'lead',
			operation: 'create',
			name: '={{$json.name}}',
			phone: '={{$json.phone}}',
			email: '={{$json.email}}',
			...extra,
		},
		{ items: items ?? [{ name: 'Иван', phone: '+7 (499) 322-97-10', email: 'Ivan@Example.com' }] },
	);

describe('Envybox lead: create', () => {
	it('creates a lead with workset, wraps parameters in "request", sends digits-only phones, custom fields and contact data', async () => {
		const { out } = await createLead({
			comment: 'Перезвонить',
			additionalFields: {
				tags: 'сайт, акция',
				utm_source: 'yandex',
				timezone: 'UTC+05:00',
				inboxTypeId: S.inboxTypes.site,
				customFields: { field: [{ inputId: S.fields.leadBudget, value: '5000' }] },
				contactData: {
					entry: [
						{ type: 'work_phone', value: '556688', addon: '101' },
						{ type: 'telegram', value: '@ivan' },
					],
				},
			},
		});
		const [request] = await apiRequests(sandbox);
		expect(request).toMatchObject({
			method: 'POST',
			path: '/openapi/v1/lead/workset/',
			query: { api_key: S.apiKey },
		});
		expect(request.body).toEqual({
			request: {
				method: 'create',
				values: {
					name: 'Иван',
					phone: '74993229710',
					email: 'ivan@example.com',
					comment: 'Перезвонить',
					utm_source: 'yandex',
					custom: [{ input_id: S.fields.leadBudget, value: '5000' }],
				},
				inbox_type_id: S.inboxTypes.site,
				timezone: 'UTC+05:00',
				tags: ['сайт', 'акция'],
				contact_data: [
					{ type: 'work_phone', value: '556688', addon: '101' },
					{ type: 'telegram', value: '@ivan' },
				],
			},
		});
		const [lead] = (await state(sandbox)).leads;
		expect(out[0]).toMatchObject({ id: lead.id, parent_id: null, merged: false, lead_id: lead.id });
		expect(lead).toMatchObject({
			inbox_type_id: S.inboxTypes.site,
			tags: ['сайт', 'акция'],
			custom: { [S.fields.leadBudget]: '5000' },
		});
	});

	it('surfaces parent_id when Envybox merges the lead into one with the same contact data', async () => {
		const first = await createLead();
		const second = await createLead({}, [
			{ name: 'Иван повторно', phone: '8 499 322 97 10', email: '' },
		]);
		expect(second.out[0]).toMatchObject({
			merged: true,
			parent_id: first.out[0].id,
			lead_id: first.out[0].id,
		});
		expect(second.out[0].id).not.toBe(first.out[0].id);
	});

	it('queue mode gives no ID; the leads appear later, the repeat merged into the first', async () => {
		await control(sandbox, 'POST', 'faults', { leadQueueMs: 400 });
		const { out } = await createLead({ mode: 'set' }, [
			{ name: 'A', phone: '+79120001122', email: '' },
			{ name: 'A', phone: '89120001122', email: '' },
		]);
		expect(out).toEqual([
			expect.objectContaining({ queued: true }),
			expect.objectContaining({ queued: true }),
		]);
		expect((await apiRequests(sandbox)).map((r) => r.path)).toEqual([
			'/openapi/v1/lead/set/',
			'/openapi/v1/lead/set/',
		]);
		expect((await state(sandbox)).leads).toHaveLength(0);
		await new Promise((resolve) => setTimeout(resolve, 450));
		const [first, repeat] = (await state(sandbox)).leads;
		expect(first).toMatchObject({ parent_id: 0, values: { phone: '79120001122' } });
		expect(repeat).toMatchObject({ parent_id: first.id });
	});

	it('refuses a lead without contact data or with an unusable phone, before sending', async () => {
		const empty = await createLead({}, [{ name: '', phone: '', email: '' }]);
		expect(empty.error()?.message).toBe('A lead needs a name, a phone or an email');
		const phone = await createLead({}, [{ name: 'X', phone: '12-34', email: '' }]);
		expect(phone.error()?.message).toBe('"12-34" is not a usable phone number');
		expect(await apiRequests(sandbox)).toHaveLength(0);
	});

	it('an unknown custom field comes back as Envybox’s error with an English summary', async () => {
		const result = await createLead({
			additionalFields: { customFields: { field: [{ inputId: 999, value: 'x' }] } },
		});
		expect(result.error()?.message).toBe('Envybox has no such field («Поле 999 не найдено»)');
	});
});

describe('Envybox lead: find, read and take into work', () => {
	let leadId = 0;
	beforeEach(async () => {
		leadId = (await createLead()).out[0].id as number;
	});

	it('search finds the lead not taken into work by phone or email, and says when there is none', async () => {
		const byPhone = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'search',
			phone: '+7 499 322-97-10',
		});
		expect(byPhone.out[0]).toMatchObject({ found: true, id: leadId, stage_id: S.lead.stages.new });
		const byEmail = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'search',
			email: 'IVAN@example.com',
		});
		expect(byEmail.out[0]).toMatchObject({ found: true, id: leadId });
		const none = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'search',
			phone: '+7 900 000 00 00',
		});
		expect(none.out[0]).toEqual({ found: false, phone: '79000000000' });
		const nothing = await runEnvybox(sandbox, { resource: 'lead', operation: 'search' });
		expect(nothing.error()?.message).toBe('Give a phone or an email to search by');
	});

	it('get returns the lead with numeric IDs and its field values flattened', async () => {
		const { out } = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'get',
			leadId: String(leadId),
		});
		expect(out[0]).toMatchObject({
			id: leadId,
			pipeline_id: S.lead.pipelineId,
			stage: 'Новый',
			name: 'Иван',
			phone: '74993229710',
			fields: { name: 'Иван', phone: '74993229710', email: 'ivan@example.com' },
		});
		const raw = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'get',
			leadId: String(leadId),
			simplify: false,
		});
		expect(raw.out[0]).toMatchObject({
			id: String(leadId),
			values: { service: { name: expect.objectContaining({ value: 'Иван', input_id: '1' }) } },
		});
	});

	it('get of an unknown lead is Envybox’s error', async () => {
		const result = await runEnvybox(sandbox, { resource: 'lead', operation: 'get', leadId: '1' });
		expect(result.error()?.message).toBe(
			'Envybox rejected the request (an ID that does not exist, or a missing parameter) («Неверный request»)',
		);
		const bad = await runEnvybox(sandbox, { resource: 'lead', operation: 'get', leadId: 'abc' });
		expect(bad.error()?.message).toBe('"abc" is not a lead ID');
	});

	it('get many pages with offset, filters by stage and keyword', async () => {
		await seed(sandbox, {
			leads: Array.from({ length: 60 }, (_, n) => ({
				values: { name: `Лид ${n}`, phone: `7900000${String(n).padStart(4, '0')}` },
			})),
		});
		const all = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'getAll',
			returnAll: true,
		});
		expect(all.out).toHaveLength(61);
		const requests = await apiRequests(sandbox);
		expect(
			requests.filter((r) => r.path === '/openapi/v1/lead/list/').map((r) => r.body.request),
		).toEqual([
			{ limit: 50, offset: 0 },
			{ limit: 50, offset: 50 },
		]);
		const some = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'getAll',
			limit: 3,
			filters: {
				keyword: 'иван',
				stageIds: [S.lead.stages.new],
				dateType: 'created',
				dateStart: '2020-01-01T00:00:00Z',
			},
		});
		expect(some.out.map((l) => l.id)).toEqual([leadId]);
		expect((await apiRequests(sandbox)).at(-1)!.body.request).toEqual({
			keyword: 'иван',
			stage_id: [S.lead.stages.new],
			date_type: 'created',
			date_start: '2020-01-01',
			limit: 3,
			offset: 0,
		});
	});

	it('take into work creates the client and the deal; a second time is refused with Envybox’s reason', async () => {
		const { out } = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'takeIntoWork',
			leadId: String(leadId),
			responsible: 'employee',
			employeeId: S.employees.oleg,
		});
		const s = await state(sandbox);
		expect(out[0]).toEqual({
			lead_id: leadId,
			user_id: S.adminUserId,
			employee_id: S.employees.oleg,
			client_id: s.clients[0].id,
			deal_id: s.deals[0].id,
		});
		expect(s.deals[0]).toMatchObject({
			client_id: s.clients[0].id,
			employee_id: S.employees.oleg,
			connected_lead_id: [leadId],
		});
		expect(s.leads[0].stage_id).toBe(S.lead.stages.newClient);
		const again = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'takeIntoWork',
			leadId: String(leadId),
		});
		expect(again.error()?.message).toBe(
			'The lead is already taken into work («Лид уже взят в работу»)',
		);
		expect((again.error() as any).description).toContain('«Лид уже взят в работу»');
	});

	it('a second lead of a known client lands in "existing client"; a merged lead is acted on through its parent', async () => {
		await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'takeIntoWork',
			leadId: String(leadId),
		});
		const next = await createLead({}, [{ name: 'Иван', phone: '', email: 'ivan@example.com' }]);
		const nextId = next.out[0].lead_id as number;
		await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'takeIntoWork',
			leadId: String(nextId),
			responsible: 'admin',
		});
		const s = await state(sandbox);
		expect(s.clients).toHaveLength(1);
		expect(s.leads.find((l: any) => l.id === nextId).stage_id).toBe(S.lead.stages.existingClient);
		const merged = await createLead({}, [{ name: 'Ещё', phone: '+79990001122', email: '' }]);
		const child = await createLead({}, [{ name: 'Ещё', phone: '+79990001122', email: '' }]);
		expect(child.out[0].parent_id).toBe(merged.out[0].id);
		const wrong = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'takeIntoWork',
			leadId: String(child.out[0].id),
		});
		expect(wrong.error()?.message).toBe(
			'Envybox has no lead with this ID («Лид с данным id не найден»)',
		);
	});
});

describe('Envybox lead: logs, fields and responsible', () => {
	let leadId = 0;
	beforeEach(async () => {
		leadId = (await createLead()).out[0].id as number;
	});

	it('adds call and comment entries and reads the log back, 50 per request', async () => {
		const call = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'createLog',
			leadId: String(leadId),
			logType: 'call',
			direction: 2,
			callStatus: 1,
			from: '79875034433',
			to: '79875034434',
			duration: 42,
			recordLink: 'https://pbx.example.com/1.mp3',
			comment: 'Договорились',
		});
		expect((await apiRequests(sandbox)).at(-1)!.body.request).toEqual({
			lead_id: leadId,
			type_id: 9,
			data: {
				direction: 2,
				status: 1,
				from: '79875034433',
				to: '79875034434',
				record_link: 'https://pbx.example.com/1.mp3',
				comment: 'Договорились',
				duration_bill: 42,
			},
		});
		expect(call.out[0]).toMatchObject({ type_id: 9, element_id: leadId, crm_element_id: 1 });
		await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'createLog',
			leadId: String(leadId),
			logType: 'comment',
			comment: 'Клиент просил перезвонить',
		});
		const logs = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'getLogs',
			leadId: String(leadId),
			returnAll: true,
		});
		expect(logs.out.map((l) => l.type_id)).toEqual([10, 9]);
		expect((await apiRequests(sandbox)).at(-1)).toMatchObject({
			method: 'GET',
			path: '/openapi/v1/lead/log/list/',
			query: { lead_id: String(leadId), limit: '50', offset: '0' },
		});
		const empty = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'createLog',
			leadId: String(leadId),
			logType: 'comment',
			comment: ' ',
		});
		expect(empty.error()?.message).toBe('The comment is empty');
	});

	it('updates service and custom fields', async () => {
		const { out } = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'updateFields',
			leadId: String(leadId),
			fields: {
				service: [{ inputId: 4, value: 'Новый комментарий' }],
				custom: [{ inputId: S.fields.leadBudget, value: '7000' }],
			},
		});
		expect(out[0].updated).toEqual([
			{ input_id: 4, value: 'Новый комментарий', value_type_id: 1 },
			{ input_id: S.fields.leadBudget, value: '7000', value_type_id: 2 },
		]);
		const [lead] = (await state(sandbox)).leads;
		expect(lead.values.comment).toBe('Новый комментарий');
		expect(lead.custom[S.fields.leadBudget]).toBe('7000');
	});

	it('sets an employee or a department responsible', async () => {
		const employee = await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'updateResponsible',
			leadId: String(leadId),
			employeeId: S.employees.diana,
		});
		expect(employee.out[0]).toMatchObject({ lead_id: leadId, employee_id: S.employees.diana });
		expect((await apiRequests(sandbox)).at(-1)!.path).toBe('/openapi/v1/lead/update_employee/');
		await runEnvybox(sandbox, {
			resource: 'lead',
			operation: 'updateResponsible',
			leadId: String(leadId),
			responsibleType: 'department',
			departmentId: '7',
		});
		expect((await state(sandbox)).leads[0]).toMatchObject({
			department_id: 7,
			employee_id: 0,
			old_employee_id: S.employees.diana,
		});
	});
});
