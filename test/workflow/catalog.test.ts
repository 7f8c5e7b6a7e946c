import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, runAmoCrm, seed, state, useSandbox } from './amocrm';

const sandbox = useSandbox();
const S = AMOCRM_SANDBOX.statuses;

describe('pipeline', () => {
	it('get many returns every pipeline with its stages in order, without HAL links', async () => {
		const { out } = await runAmoCrm(sandbox, { resource: 'pipeline', operation: 'getAll' });
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({ id: AMOCRM_SANDBOX.pipelineId, name: 'Воронка', is_main: true });
		expect((out[0].statuses as any[]).map((s) => s.id)).toEqual([S.first, S.second, S.won, S.lost]);
		expect(JSON.stringify(out)).not.toContain('_links');
		expect((await apiRequests(sandbox)).map((r) => r.path)).toEqual(['/api/v4/leads/pipelines']);
	});

	it('get many can leave archived pipelines out', async () => {
		const state: any = await (await fetch(`${sandbox.url}/__sandbox/state`)).json();
		const archived = {
			...state.pipelines[0],
			id: 7000002,
			name: 'Архив',
			is_main: false,
			is_archive: true,
			statuses: state.pipelines[0].statuses.map((s: any) => ({ ...s, pipeline_id: 7000002 })),
		};
		await seed(sandbox, { pipelines: [...state.pipelines, archived] });
		const all = await runAmoCrm(sandbox, { resource: 'pipeline', operation: 'getAll' });
		const active = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'getAll',
			options: { includeArchived: false },
		});
		expect(all.out.map((p) => p.name)).toEqual(['Воронка', 'Архив']);
		expect(active.out.map((p) => p.name)).toEqual(['Воронка']);
	});

	it('get, get stages and get stage read one pipeline', async () => {
		const one = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'get',
			pipelineId: AMOCRM_SANDBOX.pipelineId,
		});
		expect(one.out[0]).toMatchObject({ id: AMOCRM_SANDBOX.pipelineId });
		const stages = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'getStages',
			pipelineId: AMOCRM_SANDBOX.pipelineId,
		});
		expect(stages.out.map((s) => s.name)).toEqual([
			'Первичный контакт',
			'Переговоры',
			'Успешно реализовано',
			'Закрыто и не реализовано',
		]);
		const stage = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'getStage',
			pipelineId: AMOCRM_SANDBOX.pipelineId,
			statusId: S.second,
			withDescriptions: true,
		});
		expect(stage.out).toEqual([
			expect.objectContaining({
				id: S.second,
				name: 'Переговоры',
				pipeline_id: AMOCRM_SANDBOX.pipelineId,
			}),
		]);
		const requests = await apiRequests(sandbox);
		expect(requests.at(-1)).toMatchObject({
			path: `/api/v4/leads/pipelines/${AMOCRM_SANDBOX.pipelineId}/statuses/${S.second}`,
			query: { with: 'descriptions' },
		});
	});

	it('unknown pipeline and stage IDs are clear errors', async () => {
		const pipeline = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'get',
			pipelineId: 7999999,
		});
		expect(pipeline.error()?.message).toBe('amoCRM has no pipeline with ID 7999999');
		const stage = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'getStage',
			pipelineId: AMOCRM_SANDBOX.pipelineId,
			statusId: 1,
		});
		expect(stage.error()?.message).toBe(
			`Pipeline ${AMOCRM_SANDBOX.pipelineId} has no stage with ID 1`,
		);
		const notANumber = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'get',
			pipelineId: 'Воронка',
		});
		expect(notANumber.error()?.message).toBe('"Воронка" is not a pipeline ID');
	});
});

describe('pipeline: create and add stages', () => {
	it('creates pipelines with their stages in one request; any colour becomes the closest one amoCRM allows', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'pipeline',
				operation: 'create',
				name: '={{ $json.name }}',
				stages: '={{ $json.stages }}',
				options: { unsortedOn: true },
			},
			{
				items: [
					{
						name: 'Из amoCRM',
						stages: [
							{ name: 'Первичный контакт', color: '#3B82F6' },
							{ name: 'Коммерческое предложение', color: '#10B981' },
						],
					},
					{ name: 'Из Bitrix24', stages: 'Новая, Подготовка документов , ,В работе, новая' },
				],
			},
		);
		const writes = (await apiRequests(sandbox)).filter((r) => r.method === 'POST');
		expect(writes).toHaveLength(1);
		expect(writes[0].body).toEqual([
			{
				name: 'Из amoCRM',
				sort: 100,
				is_main: false,
				is_unsorted_on: true,
				_embedded: {
					statuses: [
						{ name: 'Первичный контакт', sort: 10, color: '#98cbff' },
						{ name: 'Коммерческое предложение', sort: 20, color: '#87f2c0' },
					],
				},
			},
			{
				name: 'Из Bitrix24',
				sort: 100,
				is_main: false,
				is_unsorted_on: true,
				_embedded: {
					statuses: [
						{ name: 'Новая', sort: 10 },
						{ name: 'Подготовка документов', sort: 20 },
						{ name: 'В работе', sort: 30 },
					],
				},
			},
		]);
		expect(out.map((p) => [p.name, (p.statuses as any[]).map((s) => s.name)])).toEqual([
			[
				'Из amoCRM',
				[
					'Неразобранное',
					'Первичный контакт',
					'Коммерческое предложение',
					'Успешно реализовано',
					'Закрыто и не реализовано',
				],
			],
			[
				'Из Bitrix24',
				[
					'Неразобранное',
					'Новая',
					'Подготовка документов',
					'В работе',
					'Успешно реализовано',
					'Закрыто и не реализовано',
				],
			],
		]);
		expect((await state(sandbox)).pipelines.map((p: any) => p.name)).toEqual([
			'Воронка',
			'Из amoCRM',
			'Из Bitrix24',
		]);
	});

	it('adds only the stages a pipeline lacks, after its last stage, and writes nothing when none are missing', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'addStages',
			pipelineId: AMOCRM_SANDBOX.pipelineId,
			stages: 'переговоры, Договор, Договор, Оплата',
		});
		expect(out[0].added).toEqual(['Договор', 'Оплата']);
		expect((out[0].statuses as any[]).map((s) => s.name)).toEqual([
			'Первичный контакт',
			'Переговоры',
			'Договор',
			'Оплата',
			'Успешно реализовано',
			'Закрыто и не реализовано',
		]);
		const post = (await apiRequests(sandbox)).find((r) => r.method === 'POST')!;
		expect(post.path).toBe(`/api/v4/leads/pipelines/${AMOCRM_SANDBOX.pipelineId}/statuses`);
		expect(post.body).toEqual([
			{ name: 'Договор', sort: 30 },
			{ name: 'Оплата', sort: 40 },
		]);

		await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE' });
		const again = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'addStages',
			pipelineId: AMOCRM_SANDBOX.pipelineId,
			stages: 'Договор, оплата',
		});
		expect(again.out[0].added).toEqual([]);
		expect((await apiRequests(sandbox)).map((r) => r.method)).toEqual(['GET']);
	});

	it('refuses a pipeline without stage names, and stages for an unknown pipeline, before writing', async () => {
		const empty = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'create',
			name: 'x',
			stages: ' , ',
		});
		expect(empty.error()?.message).toBe('No stage names were given');
		const unreadable = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'create',
			name: 'x',
			stages: '[{"name": ',
		});
		expect(unreadable.error()?.message).toBe('Stages is not a readable list');
		const unknown = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'addStages',
			pipelineId: 999,
			stages: 'a',
		});
		expect(unknown.error()?.message).toBe('amoCRM has no pipeline with ID 999');
		expect((await apiRequests(sandbox)).filter((r) => r.method === 'POST')).toEqual([]);
	});
});

describe('user and account', () => {
	it('get many lists the users; get reads one with its role', async () => {
		const many = await runAmoCrm(sandbox, {
			resource: 'user',
			operation: 'getAll',
			returnAll: true,
		});
		expect(many.out.map((u) => u.name)).toEqual([
			'Администратор',
			'Анна Менеджер',
			'Борис Менеджер',
		]);
		const one = await runAmoCrm(sandbox, {
			resource: 'user',
			operation: 'get',
			userId: AMOCRM_SANDBOX.users.anna,
			with: ['role', 'group'],
		});
		expect(one.out).toEqual([
			expect.objectContaining({ id: AMOCRM_SANDBOX.users.anna, email: 'anna@sandbox.test' }),
		]);
		expect((await apiRequests(sandbox)).at(-1)).toMatchObject({
			path: `/api/v4/users/${AMOCRM_SANDBOX.users.anna}`,
			query: { with: 'role,group' },
		});
		const unknown = await runAmoCrm(sandbox, {
			resource: 'user',
			operation: 'get',
			userId: 5999999,
		});
		expect(unknown.error()?.message).toBe('amoCRM has no user with ID 5999999');
	});

	it('account get passes the chosen extras', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'account',
			operation: 'get',
			with: ['task_types', 'datetime_settings'],
		});
		expect(out[0]).toMatchObject({
			id: AMOCRM_SANDBOX.accountId,
			subdomain: AMOCRM_SANDBOX.subdomain,
			currency: 'RUB',
		});
		expect((out[0]._embedded as any).task_types.map((t: any) => t.name)).toEqual([
			'Связаться',
			'Встреча',
		]);
		expect((out[0]._embedded as any).datetime_settings.timezone).toBe('Europe/Moscow');
		expect((await apiRequests(sandbox))[0].query).toEqual({ with: 'task_types,datetime_settings' });
	});
});

describe('custom field: get many', () => {
	it('lists the fields of the chosen entity, filtered by type', async () => {
		const companies = await runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'getAll',
			entityType: 'companies',
			returnAll: true,
		});
		expect(companies.out.map((f) => f.code)).toEqual(['PHONE', 'EMAIL', 'WEB', 'ADDRESS']);
		const multitext = await runAmoCrm(sandbox, {
			resource: 'customField',
			operation: 'getAll',
			entityType: 'contacts',
			returnAll: true,
			types: ['multitext'],
		});
		expect(multitext.out.map((f) => f.code)).toEqual(['PHONE', 'EMAIL']);
		expect((multitext.out[0].enums as any[]).map((e) => e.value)).toEqual([
			'WORK',
			'WORKDD',
			'MOB',
			'FAX',
			'HOME',
			'OTHER',
		]);
		const request = (await apiRequests(sandbox)).at(-1)!;
		expect(request.path).toBe('/api/v4/contacts/custom_fields');
		expect(request.query.filter).toEqual({ type: { 0: 'multitext' } });
	});
});
