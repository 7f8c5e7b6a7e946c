import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, runAmoCrm, seed, state, useSandbox } from './amocrm';

const sandbox = useSandbox();
const S = AMOCRM_SANDBOX.statuses;
const P = AMOCRM_SANDBOX.pipelineId;
const EXPENSIVE = 8300001;
const NO_ANSWER = 8300002;

const rl = (value: number | string) => ({ __rl: true, mode: 'id', value: String(value) });

async function api(method: string, path: string, body?: unknown) {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: {
			authorization: `Bearer ${AMOCRM_SANDBOX.longLivedToken}`,
			'content-type': 'application/json',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

const reasonNames = async () => (await state(sandbox)).loss_reasons.map((r: any) => r.name);
const leadOf = async (id: number) => (await state(sandbox)).leads.find((l: any) => l.id === id);

/** A second pipeline, so that closing a lead shows it keeps its own pipeline. */
const secondPipeline = {
	id: 7000002,
	name: 'Опт',
	sort: 2,
	is_main: false,
	is_unsorted_on: false,
	is_archive: false,
	account_id: AMOCRM_SANDBOX.accountId,
	statuses: [
		{
			id: 70000021,
			name: 'Новая',
			sort: 10,
			is_editable: true,
			pipeline_id: 7000002,
			color: '#fffeb2',
			type: 0,
			account_id: AMOCRM_SANDBOX.accountId,
		},
		{
			id: 142,
			name: 'Успешно реализовано',
			sort: 10000,
			is_editable: false,
			pipeline_id: 7000002,
			color: '#CCFF66',
			type: 0,
			account_id: AMOCRM_SANDBOX.accountId,
		},
		{
			id: 143,
			name: 'Закрыто и не реализовано',
			sort: 11000,
			is_editable: false,
			pipeline_id: 7000002,
			color: '#D5D8DB',
			type: 0,
			account_id: AMOCRM_SANDBOX.accountId,
		},
	],
};

describe('loss reason: get many', () => {
	it('returns every reason in amoCRM’s order, without HAL links', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'lossReason',
			operation: 'getAll',
			returnAll: true,
		});
		expect(out).toEqual([
			{ id: EXPENSIVE, name: 'Дорого', sort: 10, created_at: 1700000000, updated_at: 1700000000 },
			{
				id: NO_ANSWER,
				name: 'Не дозвонились',
				sort: 20,
				created_at: 1700000000,
				updated_at: 1700000000,
			},
		]);
		expect((await apiRequests(sandbox)).map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/api/v4/leads/loss_reasons', { page: '1', limit: '250' }],
		]);
	});

	it('reads page after page for Return All, and one short page for a limit', async () => {
		await seed(sandbox, {
			loss_reasons: Array.from({ length: 260 }, (_, i) => ({
				id: 8310000 + i,
				name: `Причина ${i}`,
				sort: i,
			})),
		});
		const all = await runAmoCrm(sandbox, {
			resource: 'lossReason',
			operation: 'getAll',
			returnAll: true,
		});
		expect(all.out).toHaveLength(260);
		expect(all.out[259]).toMatchObject({ id: 8310259, name: 'Причина 259' });
		expect((await apiRequests(sandbox)).map((r) => [r.query.page, r.query.limit])).toEqual([
			['1', '250'],
			['2', '250'],
		]);
		await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE' });
		const some = await runAmoCrm(sandbox, {
			resource: 'lossReason',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
		});
		expect(some.out.map((r) => r.name)).toEqual(['Причина 0', 'Причина 1', 'Причина 2']);
		expect((await apiRequests(sandbox)).map((r) => [r.query.page, r.query.limit])).toEqual([
			['1', '3'],
		]);
	});
});

describe('loss reason: create and delete', () => {
	it('creates reasons in one request, one output per item', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'lossReason',
				operation: 'create',
				name: '={{ $json.name }}',
				options: { sort: '={{ $json.sort ?? "" }}' },
			},
			{ items: [{ name: ' Передумал ' }, { name: 'Купил у конкурента', sort: 5 }] },
		);
		const log = await apiRequests(sandbox);
		expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v4/leads/loss_reasons']);
		expect(log[0].body).toEqual([
			{ name: 'Передумал', request_id: '0' },
			{ name: 'Купил у конкурента', sort: 5, request_id: '1' },
		]);
		expect(out).toEqual([
			{ id: 8300003, name: 'Передумал', sort: null },
			{ id: 8300004, name: 'Купил у конкурента', sort: 5 },
		]);
		expect((await state(sandbox)).loss_reasons.map((r: any) => [r.id, r.name, r.sort])).toEqual([
			[EXPENSIVE, 'Дорого', 10],
			[NO_ANSWER, 'Не дозвонились', 20],
			[8300003, 'Передумал', 30],
			[8300004, 'Купил у конкурента', 5],
		]);
	});

	it('refuses a blank name before writing; with Continue On Fail the other items are created', async () => {
		const stopped = await runAmoCrm(
			sandbox,
			{ resource: 'lossReason', operation: 'create', name: '={{ $json.name }}' },
			{ items: [{ name: 'Дорого доставлять' }, { name: '   ' }] },
		);
		expect(stopped.error()?.message).toBe('A loss reason needs a name');
		expect(await apiRequests(sandbox)).toEqual([]);
		expect(await reasonNames()).toEqual(['Дорого', 'Не дозвонились']);

		const { out } = await runAmoCrm(
			sandbox,
			{ resource: 'lossReason', operation: 'create', name: '={{ $json.name }}' },
			{ items: [{ name: '' }, { name: 'Дорого доставлять' }], continueOnFail: true },
		);
		expect(out).toEqual([
			expect.objectContaining({ error: 'A loss reason needs a name' }),
			{ id: 8300003, name: 'Дорого доставлять', sort: null },
		]);
		expect((await apiRequests(sandbox)).map((r) => r.body)).toEqual([
			[{ name: 'Дорого доставлять', request_id: '1' }],
		]);
	});

	it('deletes one reason per item', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{ resource: 'lossReason', operation: 'delete', lossReasonId: '={{ $json.id }}' },
			{ items: [{ id: EXPENSIVE }, { id: String(NO_ANSWER) }] },
		);
		expect(out).toEqual([
			{ id: EXPENSIVE, deleted: true },
			{ id: NO_ANSWER, deleted: true },
		]);
		expect((await apiRequests(sandbox)).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			`DELETE /api/v4/leads/loss_reasons/${EXPENSIVE} 204`,
			`DELETE /api/v4/leads/loss_reasons/${NO_ANSWER} 204`,
		]);
		expect(await reasonNames()).toEqual([]);
	});

	it('deleting an unknown reason is a clear error on its item; the others are deleted', async () => {
		const stopped = await runAmoCrm(sandbox, {
			resource: 'lossReason',
			operation: 'delete',
			lossReasonId: 8399999,
		});
		expect(stopped.error()?.message).toBe('amoCRM has no loss reason with ID 8399999');
		expect(await reasonNames()).toEqual(['Дорого', 'Не дозвонились']);

		const { out } = await runAmoCrm(
			sandbox,
			{ resource: 'lossReason', operation: 'delete', lossReasonId: '={{ $json.id }}' },
			{ items: [{ id: 8399999 }, { id: 'Дорого' }, { id: NO_ANSWER }], continueOnFail: true },
		);
		expect(out).toEqual([
			expect.objectContaining({ error: 'amoCRM has no loss reason with ID 8399999' }),
			expect.objectContaining({ error: '"Дорого" is not a loss reason ID' }),
			{ id: NO_ANSWER, deleted: true },
		]);
		expect(await reasonNames()).toEqual(['Дорого']);
	});
});

describe('lead: close as lost', () => {
	beforeEach(async () => {
		await seed(sandbox, {
			pipelines: [...(await state(sandbox)).pipelines, secondPipeline],
			leads: [
				{ id: 31, name: 'Сайт', status_id: S.second, pipeline_id: P },
				{ id: 32, name: 'Звонок', status_id: S.first, pipeline_id: P },
				{ id: 33, name: 'Опт', status_id: 70000021, pipeline_id: 7000002 },
			],
		});
	});

	it('closes several leads with one read of their pipelines and one write, each in its own pipeline', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'closeAsLost',
				leadId: '={{ $json.id }}',
				lossReasonId: '={{ $json.reason }}',
				options: { closedAt: '={{ $json.closedAt }}' },
			},
			{
				items: [
					{ id: 31, reason: EXPENSIVE, closedAt: '2024-05-01T10:00:00Z' },
					{ id: 32, reason: NO_ANSWER, closedAt: '' },
					{ id: 33, reason: '', closedAt: '' },
				],
			},
		);
		const log = await apiRequests(sandbox);
		expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v4/leads/loss_reasons',
			'GET /api/v4/leads',
			'PATCH /api/v4/leads',
		]);
		expect(Object.values(log[1].query.filter.id)).toEqual(['31', '32', '33']);
		expect(log[2].body).toEqual([
			{
				id: 31,
				status_id: 143,
				pipeline_id: P,
				loss_reason_id: EXPENSIVE,
				closed_at: 1714557600,
				request_id: '0',
			},
			{ id: 32, status_id: 143, pipeline_id: P, loss_reason_id: NO_ANSWER, request_id: '1' },
			{ id: 33, status_id: 143, pipeline_id: 7000002, request_id: '2' },
		]);
		expect(out).toEqual([
			{
				id: 31,
				status_id: 143,
				pipeline_id: P,
				loss_reason_id: EXPENSIVE,
				closed_at: 1714557600,
				updated_at: expect.any(Number),
			},
			{
				id: 32,
				status_id: 143,
				pipeline_id: P,
				loss_reason_id: NO_ANSWER,
				updated_at: expect.any(Number),
			},
			{ id: 33, status_id: 143, pipeline_id: 7000002, updated_at: expect.any(Number) },
		]);
		const { leads } = await state(sandbox);
		expect(leads.map((l: any) => [l.id, l.status_id, l.pipeline_id, l.loss_reason_id])).toEqual([
			[31, 143, P, EXPENSIVE],
			[32, 143, P, NO_ANSWER],
			[33, 143, 7000002, null],
		]);
		expect(leads[0].closed_at).toBe(1714557600);
		expect(leads[1].closed_at).toEqual(expect.any(Number));
		const read = await api('GET', '/api/v4/leads/31?with=loss_reason');
		expect(read.json.loss_reason_id).toBe(EXPENSIVE);
		expect(read.json._embedded.loss_reason).toEqual([
			expect.objectContaining({ id: EXPENSIVE, name: 'Дорого', sort: 10 }),
		]);
	});

	it('takes the lead from the resource locator and writes without reading reasons when none is given', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'closeAsLost',
			leadId: rl(32),
		});
		expect(out).toEqual([
			{ id: 32, status_id: 143, pipeline_id: P, updated_at: expect.any(Number) },
		]);
		expect((await apiRequests(sandbox)).map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v4/leads',
			'PATCH /api/v4/leads',
		]);
	});

	it('an unknown lead stops the node before any lead is written; with Continue On Fail it is an error on its item and the others are closed', async () => {
		const stopped = await runAmoCrm(
			sandbox,
			{ resource: 'lead', operation: 'closeAsLost', leadId: '={{ $json.id }}' },
			{ items: [{ id: 31 }, { id: 39999999 }] },
		);
		expect(stopped.error()?.message).toBe('amoCRM has no lead with ID 39999999');
		expect((await apiRequests(sandbox)).map((r) => r.method)).toEqual(['GET']);
		expect((await leadOf(31)).status_id).toBe(S.second);

		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'closeAsLost',
				leadId: '={{ $json.id }}',
				lossReasonId: EXPENSIVE,
			},
			{ items: [{ id: 39999999 }, { id: 31 }], continueOnFail: true },
		);
		expect(out).toEqual([
			expect.objectContaining({ error: 'amoCRM has no lead with ID 39999999' }),
			{
				id: 31,
				status_id: 143,
				pipeline_id: P,
				loss_reason_id: EXPENSIVE,
				updated_at: expect.any(Number),
			},
		]);
		const patch = (await apiRequests(sandbox)).find((r) => r.method === 'PATCH')!;
		expect(patch.body).toEqual([
			{ id: 31, status_id: 143, pipeline_id: P, loss_reason_id: EXPENSIVE, request_id: '1' },
		]);
	});

	it('an unknown loss reason is a clear error on its item, before any lead is read or written', async () => {
		const stopped = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'closeAsLost',
			leadId: rl(31),
			lossReasonId: 8399999,
		});
		expect(stopped.error()?.message).toBe('amoCRM has no loss reason with ID 8399999');
		expect((await apiRequests(sandbox)).map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v4/leads/loss_reasons',
		]);
		expect((await leadOf(31)).status_id).toBe(S.second);

		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'closeAsLost',
				leadId: '={{ $json.id }}',
				lossReasonId: '={{ $json.reason }}',
			},
			{
				items: [
					{ id: 31, reason: 8399999 },
					{ id: 32, reason: 'Дорого' },
					{ id: 33, reason: NO_ANSWER },
				],
				continueOnFail: true,
			},
		);
		expect(out).toEqual([
			expect.objectContaining({ error: 'amoCRM has no loss reason with ID 8399999' }),
			expect.objectContaining({ error: '"Дорого" is not a loss reason ID' }),
			expect.objectContaining({ id: 33, loss_reason_id: NO_ANSWER }),
		]);
		expect((await state(sandbox)).leads.map((l: any) => [l.id, l.status_id])).toEqual([
			[31, S.second],
			[32, S.first],
			[33, 143],
		]);
	});
});

describe('lead: update with a loss reason', () => {
	beforeEach(async () => {
		await seed(sandbox, { leads: [{ id: 41, name: 'Сайт', status_id: S.second, pipeline_id: P }] });
	});

	it('sends the loss reason together with the lost stage', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'update',
			leadId: rl(41),
			updateFields: { pipelineId: P, statusId: 143, lossReasonId: NO_ANSWER },
		});
		const log = await apiRequests(sandbox);
		expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v4/leads/loss_reasons',
			'PATCH /api/v4/leads',
		]);
		expect(log[1].body).toEqual([
			{ id: 41, pipeline_id: P, status_id: 143, loss_reason_id: NO_ANSWER, request_id: '0' },
		]);
		expect(out).toEqual([
			{
				id: 41,
				pipeline_id: P,
				status_id: 143,
				loss_reason_id: NO_ANSWER,
				updated_at: expect.any(Number),
			},
		]);
		expect(await leadOf(41)).toMatchObject({ status_id: 143, loss_reason_id: NO_ANSWER });
	});

	it('a closing stage without a pipeline goes into each lead’s own pipeline, read in one request', async () => {
		await seed(sandbox, {
			pipelines: [...(await state(sandbox)).pipelines, secondPipeline],
			leads: [
				{ id: 41, name: 'Сайт', status_id: S.second, pipeline_id: P },
				{ id: 42, name: 'Опт', status_id: 70000021, pipeline_id: 7000002 },
				{ id: 43, name: 'Звонок', status_id: S.first, pipeline_id: P },
			],
		});
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'update',
				leadId: '={{ $json.id }}',
				updateFields: { statusId: '={{ $json.stage }}', name: '={{ $json.name }}' },
			},
			{
				items: [
					{ id: 41, stage: 143, name: 'Сайт' },
					{ id: 42, stage: 142, name: 'Опт' },
					{ id: 43, stage: S.second, name: 'Звонок' },
				],
			},
		);
		const log = await apiRequests(sandbox);
		expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v4/leads',
			'PATCH /api/v4/leads',
		]);
		expect(Object.values(log[0].query.filter.id)).toEqual(['41', '42']);
		expect(log[1].body).toEqual([
			{ id: 41, name: 'Сайт', status_id: 143, pipeline_id: P, request_id: '0' },
			{ id: 42, name: 'Опт', status_id: 142, pipeline_id: 7000002, request_id: '1' },
			{ id: 43, name: 'Звонок', status_id: S.second, request_id: '2' },
		]);
		expect(out.map((o: any) => [o.id, o.status_id, o.pipeline_id])).toEqual([
			[41, 143, P],
			[42, 142, 7000002],
			[43, S.second, undefined],
		]);
		expect(
			(await state(sandbox)).leads.map((l: any) => [l.id, l.status_id, l.pipeline_id]),
		).toEqual([
			[41, 143, P],
			[42, 142, 7000002],
			[43, S.second, P],
		]);
	});

	it('closing an unknown lead stops the node before any lead is written', async () => {
		const stopped = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'update',
				leadId: '={{ $json.id }}',
				updateFields: { statusId: 143 },
			},
			{ items: [{ id: 41 }, { id: 49999999 }] },
		);
		expect(stopped.error()?.message).toBe('amoCRM has no lead with ID 49999999');
		expect((await apiRequests(sandbox)).map((r) => r.method)).toEqual(['GET']);
		expect(await leadOf(41)).toMatchObject({ status_id: S.second });
	});

	it('refuses a loss reason with another stage, or without a stage, or unknown, before writing', async () => {
		const other = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'update',
			leadId: rl(41),
			updateFields: { statusId: S.first, lossReasonId: NO_ANSWER },
		});
		expect(other.error()?.message).toBe(
			`A loss reason goes only with the lost stage (143), not with stage ${S.first}`,
		);
		const won = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'update',
			leadId: rl(41),
			updateFields: { pipelineId: P, statusId: 142, lossReasonId: NO_ANSWER },
		});
		expect(won.error()?.message).toBe(
			'A loss reason goes only with the lost stage (143), not with stage 142',
		);
		const none = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'update',
			leadId: rl(41),
			updateFields: { lossReasonId: NO_ANSWER },
		});
		expect(none.error()?.message).toBe('A loss reason needs the lost stage (143)');
		const unknown = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'update',
			leadId: rl(41),
			updateFields: { pipelineId: P, statusId: 143, lossReasonId: 8399999 },
		});
		expect(unknown.error()?.message).toBe('amoCRM has no loss reason with ID 8399999');
		expect((await apiRequests(sandbox)).filter((r) => r.method !== 'GET')).toEqual([]);
		expect(await leadOf(41)).toMatchObject({ status_id: S.second, loss_reason_id: null });
	});
});

// The sandbox's loss reasons, as amocrm-api-v4-more.md §6 and the less forgiving readings have them.
describe('sandbox: loss reasons', () => {
	it('lists with the total, reads one, and answers 404 for an unknown reason', async () => {
		const list = await api('GET', '/api/v4/leads/loss_reasons?limit=1');
		expect(list.status).toBe(200);
		expect(list.json._total_items).toBe(2);
		expect(list.json._embedded.loss_reasons.map((r: any) => r.name)).toEqual(['Дорого']);
		expect(list.json._links.next.href).toContain('/api/v4/leads/loss_reasons?');
		expect((await api('GET', '/api/v4/leads/loss_reasons?page=2&limit=2')).status).toBe(204);
		expect((await api('GET', `/api/v4/leads/loss_reasons/${NO_ANSWER}`)).json).toMatchObject({
			id: NO_ANSWER,
			name: 'Не дозвонились',
		});
		const unknown = await api('GET', '/api/v4/leads/loss_reasons/8399999');
		expect([unknown.status, unknown.json.detail]).toEqual([404, 'Loss reason not found']);
	});

	it('refuses a whole batch with a blank name or an unknown field; echoes request_id', async () => {
		const bad = await api('POST', '/api/v4/leads/loss_reasons', [
			{ name: 'Ок', request_id: 'a' },
			{ name: ' ', request_id: 'b' },
			{ name: 'x', color: 'red', request_id: 'c' },
		]);
		expect(bad.status).toBe(400);
		expect(bad.json['validation-errors']).toEqual([
			{ request_id: 'b', errors: [expect.objectContaining({ code: 'NotBlank', path: 'name' })] },
			{
				request_id: 'c',
				errors: [expect.objectContaining({ code: 'NotSupportedField', path: 'color' })],
			},
		]);
		expect(await reasonNames()).toEqual(['Дорого', 'Не дозвонились']);
		const good = await api('POST', '/api/v4/leads/loss_reasons', [{ name: 'Ок', request_id: 'a' }]);
		expect(good.json._embedded.loss_reasons).toEqual([
			expect.objectContaining({ id: 8300003, request_id: 'a' }),
		]);
	});

	it('patches one reason, deletes with 204, and answers 404 for unknown ones', async () => {
		const patched = await api('PATCH', `/api/v4/leads/loss_reasons/${EXPENSIVE}`, {
			name: 'Очень дорого',
			sort: 50,
		});
		expect(patched.json).toMatchObject({ id: EXPENSIVE, name: 'Очень дорого', sort: 50 });
		expect(
			(await api('PATCH', `/api/v4/leads/loss_reasons/${EXPENSIVE}`, { name: '' })).status,
		).toBe(400);
		expect(
			(await api('PATCH', `/api/v4/leads/loss_reasons/${EXPENSIVE}`, { color: 'x' })).status,
		).toBe(400);
		expect((await api('PATCH', '/api/v4/leads/loss_reasons/8399999', { name: 'x' })).status).toBe(
			404,
		);
		expect((await api('DELETE', `/api/v4/leads/loss_reasons/${EXPENSIVE}`)).status).toBe(204);
		expect((await api('DELETE', `/api/v4/leads/loss_reasons/${EXPENSIVE}`)).status).toBe(404);
		expect(await reasonNames()).toEqual(['Не дозвонились']);
	});

	it('refuses a lead loss_reason_id that is unknown, or on a lead that does not end up lost', async () => {
		await seed(sandbox, { leads: [{ id: 51, name: 'a', status_id: S.first, pipeline_id: P }] });
		const unknown = await api('PATCH', '/api/v4/leads', [
			{ id: 51, status_id: 143, pipeline_id: P, loss_reason_id: 8399999 },
		]);
		expect(unknown.json['validation-errors'][0].errors).toEqual([
			expect.objectContaining({ path: 'loss_reason_id', code: 'NotSupportedChoice' }),
		]);
		const open = await api('PATCH', '/api/v4/leads/51', { loss_reason_id: EXPENSIVE });
		expect(open.status).toBe(400);
		const created = await api('POST', '/api/v4/leads', [{ name: 'b', loss_reason_id: EXPENSIVE }]);
		expect(created.status).toBe(400);
		expect((await leadOf(51)).loss_reason_id).toBeNull();
		// On a lead that is already lost, the reason alone may change.
		expect(
			(
				await api('PATCH', '/api/v4/leads/51', {
					status_id: 143,
					pipeline_id: P,
					loss_reason_id: EXPENSIVE,
				})
			).status,
		).toBe(200);
		expect((await api('PATCH', '/api/v4/leads/51', { loss_reason_id: NO_ANSWER })).status).toBe(
			200,
		);
		expect((await leadOf(51)).loss_reason_id).toBe(NO_ANSWER);
		expect(
			(await api('GET', '/api/v4/leads/51?with=loss_reason')).json._embedded.loss_reason[0].name,
		).toBe('Не дозвонились');
	});
});
