import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, runAmoCrm, seed, useSandbox } from './amocrm';

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
		const archived = { ...state.pipelines[0], id: 7000002, name: 'Архив', is_main: false, is_archive: true, statuses: state.pipelines[0].statuses.map((s: any) => ({ ...s, pipeline_id: 7000002 })) };
		await seed(sandbox, { pipelines: [...state.pipelines, archived] });
		const all = await runAmoCrm(sandbox, { resource: 'pipeline', operation: 'getAll' });
		const active = await runAmoCrm(sandbox, { resource: 'pipeline', operation: 'getAll', options: { includeArchived: false } });
		expect(all.out.map((p) => p.name)).toEqual(['Воронка', 'Архив']);
		expect(active.out.map((p) => p.name)).toEqual(['Воронка']);
	});

	it('get, get stages and get stage read one pipeline', async () => {
		const one = await runAmoCrm(sandbox, { resource: 'pipeline', operation: 'get', pipelineId: AMOCRM_SANDBOX.pipelineId });
		expect(one.out[0]).toMatchObject({ id: AMOCRM_SANDBOX.pipelineId });
		const stages = await runAmoCrm(sandbox, { resource: 'pipeline', operation: 'getStages', pipelineId: AMOCRM_SANDBOX.pipelineId });
		expect(stages.out.map((s) => s.name)).toEqual(['Первичный контакт', 'Переговоры', 'Успешно реализовано', 'Закрыто и не реализовано']);
		const stage = await runAmoCrm(sandbox, { resource: 'pipeline', operation: 'getStage', pipelineId: AMOCRM_SANDBOX.pipelineId, statusId: S.second, withDescriptions: true });
		expect(stage.out).toEqual([expect.objectContaining({ id: S.second, name: 'Переговоры', pipeline_id: AMOCRM_SANDBOX.pipelineId })]);
		const requests = await apiRequests(sandbox);
		expect(requests.at(-1)).toMatchObject({ path: `/api/v4/leads/pipelines/${AMOCRM_SANDBOX.pipelineId}/statuses/${S.second}`, query: { with: 'descriptions' } });
	});

	it('unknown pipeline and stage IDs are clear errors', async () => {
		const pipeline = await runAmoCrm(sandbox, { resource: 'pipeline', operation: 'get', pipelineId: 7999999 });
		expect(pipeline.error()?.message).toBe('amoCRM has no pipeline with ID 7999999');
		const stage = await runAmoCrm(sandbox, { resource: 'pipeline', operation: 'getStage', pipelineId: AMOCRM_SANDBOX.pipelineId, statusId: 1 });
		expect(stage.error()?.message).toBe(`Pipeline ${AMOCRM_SANDBOX.pipelineId} has no stage with ID 1`);
		const notANumber = await runAmoCrm(sandbox, { resource: 'pipeline', operation: 'get', pipelineId: 'Воронка' });
		expect(notANumber.error()?.message).toBe('"Воронка" is not a pipeline ID');
	});
});

describe('user and account', () => {
	it('get many lists the users; get reads one with its role', async () => {
		const many = await runAmoCrm(sandbox, { resource: 'user', operation: 'getAll', returnAll: true });
		expect(many.out.map((u) => u.name)).toEqual(['Администратор', 'Анна Менеджер', 'Борис Менеджер']);
		const one = await runAmoCrm(sandbox, { resource: 'user', operation: 'get', userId: AMOCRM_SANDBOX.users.anna, with: ['role', 'group'] });
		expect(one.out).toEqual([expect.objectContaining({ id: AMOCRM_SANDBOX.users.anna, email: 'anna@sandbox.test' })]);
		expect((await apiRequests(sandbox)).at(-1)).toMatchObject({ path: `/api/v4/users/${AMOCRM_SANDBOX.users.anna}`, query: { with: 'role,group' } });
		const unknown = await runAmoCrm(sandbox, { resource: 'user', operation: 'get', userId: 5999999 });
		expect(unknown.error()?.message).toBe('amoCRM has no user with ID 5999999');
	});

	it('account get passes the chosen extras', async () => {
		const { out } = await runAmoCrm(sandbox, { resource: 'account', operation: 'get', with: ['task_types', 'datetime_settings'] });
		expect(out[0]).toMatchObject({ id: AMOCRM_SANDBOX.accountId, subdomain: AMOCRM_SANDBOX.subdomain, currency: 'RUB' });
		expect((out[0]._embedded as any).task_types.map((t: any) => t.name)).toEqual(['Связаться', 'Встреча']);
		expect((out[0]._embedded as any).datetime_settings.timezone).toBe('Europe/Moscow');
		expect((await apiRequests(sandbox))[0].query).toEqual({ with: 'task_types,datetime_settings' });
	});
});

describe('custom field: get many', () => {
	it('lists the fields of the chosen entity, filtered by type', async () => {
		const companies = await runAmoCrm(sandbox, { resource: 'customField', operation: 'getAll', entityType: 'companies', returnAll: true });
		expect(companies.out.map((f) => f.code)).toEqual(['PHONE', 'EMAIL', 'WEB', 'ADDRESS']);
		const multitext = await runAmoCrm(sandbox, { resource: 'customField', operation: 'getAll', entityType: 'contacts', returnAll: true, types: ['multitext'] });
		expect(multitext.out.map((f) => f.code)).toEqual(['PHONE', 'EMAIL']);
		expect((multitext.out[0].enums as any[]).map((e) => e.value)).toEqual(['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER']);
		const request = (await apiRequests(sandbox)).at(-1)!;
		expect(request.path).toBe('/api/v4/contacts/custom_fields');
		expect(request.query.filter).toEqual({ type: { 0: 'multitext' } });
	});
});
