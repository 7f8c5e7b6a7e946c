import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, credentialsFor, seed, useSandbox } from './amocrm';
import { callNodeMethod, chain } from './harness';

const sandbox = useSandbox();

/** Calls a dropdown or list-search method of an amoCRM node with these parameters. */
const call = async (
	parameters: Record<string, unknown>,
	kind: 'loadOptions' | 'listSearch',
	method: string,
	...args: unknown[]
) =>
	await callNodeMethod(
		chain([{ name: 'amoCRM', parameters: parameters as never }]),
		'amoCRM',
		credentialsFor(sandbox),
		kind,
		method,
		...args,
	);

const lead = { resource: 'lead', operation: 'create' };

describe('dropdowns', () => {
	it('lists users by name with their IDs', async () => {
		expect(await call(lead, 'loadOptions', 'getUsers')).toEqual([
			{
				name: 'Администратор',
				value: AMOCRM_SANDBOX.users.admin,
				description: 'admin@sandbox.test',
			},
			{ name: 'Анна Менеджер', value: AMOCRM_SANDBOX.users.anna, description: 'anna@sandbox.test' },
			{
				name: 'Борис Менеджер',
				value: AMOCRM_SANDBOX.users.boris,
				description: 'boris@sandbox.test',
			},
		]);
		expect((await apiRequests(sandbox)).map((r) => [r.path, r.query.limit])).toEqual([
			['/api/v4/users', '250'],
		]);
	});

	it('says the users dropdown needs an administrator’s token when the token is a manager’s', async () => {
		const credentials = credentialsFor(sandbox);
		credentials.amoCrmApi = { ...credentials.amoCrmApi, accessToken: AMOCRM_SANDBOX.managerToken };
		await expect(
			callNodeMethod(
				chain([{ name: 'amoCRM', parameters: lead as never }]),
				'amoCRM',
				credentials,
				'loadOptions',
				'getUsers',
			),
		).rejects.toThrow(
			'amoCRM refused: this needs the token of an account administrator (HTTP 403)',
		);
	});

	it('lists pipelines, and the stages of the chosen pipeline in pipeline order', async () => {
		expect(await call(lead, 'loadOptions', 'getPipelines')).toEqual([
			{ name: 'Воронка', value: AMOCRM_SANDBOX.pipelineId },
		]);
		const stages = await call(
			{ ...lead, additionalFields: { pipelineId: AMOCRM_SANDBOX.pipelineId } },
			'loadOptions',
			'getStatuses',
		);
		expect(stages.map((s: any) => s.value)).toEqual([
			AMOCRM_SANDBOX.statuses.first,
			AMOCRM_SANDBOX.statuses.second,
			142,
			143,
		]);
		expect(stages[0].name).toBe('Первичный контакт');
	});

	it('prefixes stages with their pipeline when no pipeline is chosen', async () => {
		await seed(sandbox, {
			pipelines: [
				{
					id: 1,
					name: 'A',
					sort: 1,
					is_main: true,
					is_unsorted_on: false,
					is_archive: false,
					account_id: 1,
					statuses: [
						{
							id: 11,
							name: 'a1',
							sort: 10,
							is_editable: true,
							pipeline_id: 1,
							color: '#fff',
							type: 0,
							account_id: 1,
						},
					],
				},
				{
					id: 2,
					name: 'B',
					sort: 2,
					is_main: false,
					is_unsorted_on: false,
					is_archive: false,
					account_id: 1,
					statuses: [
						{
							id: 21,
							name: 'b1',
							sort: 10,
							is_editable: true,
							pipeline_id: 2,
							color: '#fff',
							type: 0,
							account_id: 1,
						},
					],
				},
			],
		});
		expect(await call(lead, 'loadOptions', 'getStatuses')).toEqual([
			{ name: 'A → a1', value: 11 },
			{ name: 'B → b1', value: 21 },
		]);
		expect(
			await call({ ...lead, additionalFields: { pipelineId: 2 } }, 'loadOptions', 'getStatuses'),
		).toEqual([{ name: 'b1', value: 21 }]);
		expect(
			await call(
				{ resource: 'lead', operation: 'getAll', filters: { pipelineId: 1 } },
				'loadOptions',
				'getStatuses',
			),
		).toEqual([{ name: 'a1', value: 11 }]);
	});

	it('lists contact and lead custom fields by name, with code as the value where there is one', async () => {
		await seed(sandbox, {
			custom_fields: {
				leads: [
					{
						id: 777,
						name: 'Источник',
						type: 'select',
						code: null,
						sort: 1,
						entity_type: 'leads',
						enums: [{ id: 1, value: 'сайт', sort: 1 }],
					},
				],
			},
		});
		expect(await call(lead, 'loadOptions', 'getContactCustomFields')).toEqual([
			{ name: 'Email (EMAIL)', value: 'EMAIL', description: 'multitext' },
			{ name: 'Телефон (PHONE)', value: 'PHONE', description: 'multitext' },
		]);
		expect(await call(lead, 'loadOptions', 'getLeadCustomFields')).toEqual([
			{ name: 'Источник', value: 777, description: 'select' },
		]);
	});

	it('lists loss reasons by name, with their IDs', async () => {
		await seed(sandbox, {
			loss_reasons: [
				{ id: 8300011, name: 'Не дозвонились', sort: 10 },
				{ id: 8300012, name: 'Дорого', sort: 20 },
			],
		});
		expect(
			await call({ resource: 'lead', operation: 'closeAsLost' }, 'loadOptions', 'getLossReasons'),
		).toEqual([
			{ name: 'Дорого', value: 8300012 },
			{ name: 'Не дозвонились', value: 8300011 },
		]);
		expect((await apiRequests(sandbox)).map((r) => [r.path, r.query.limit])).toEqual([
			['/api/v4/leads/loss_reasons', '250'],
		]);
	});

	it('lists task types from the account', async () => {
		expect(await call(lead, 'loadOptions', 'getTaskTypes')).toEqual([
			{ name: 'Связаться', value: 1 },
			{ name: 'Встреча', value: 2 },
		]);
		expect((await apiRequests(sandbox))[0].query).toEqual({ with: 'task_types' });
	});
});

describe('resource locator search', () => {
	it('searches contacts by text, with their amoCRM addresses, a page at a time', async () => {
		await seed(sandbox, {
			contacts: [
				...Array.from({ length: 55 }, (_, i) => ({
					name: `Иван ${i}`,
					updated_at: 1700000000 + i,
				})),
				{ id: 3, name: 'Пётр' },
			],
		});
		const first = await call(lead, 'listSearch', 'searchContacts', 'Иван');
		expect(first.results).toHaveLength(50);
		expect(first.results[0]).toEqual({
			name: 'Иван 54',
			value: expect.any(String),
			url: `${sandbox.url}/contacts/detail/${first.results[0].value}`,
		});
		expect(first.paginationToken).toBe('2');
		const second = await call(lead, 'listSearch', 'searchContacts', 'Иван', '2');
		expect(second.results.map((r: any) => r.name)).toEqual([
			'Иван 4',
			'Иван 3',
			'Иван 2',
			'Иван 1',
			'Иван 0',
		]);
		expect(second.paginationToken).toBeUndefined();
		expect(
			(await apiRequests(sandbox)).map((r) => [r.query.query, r.query.page, r.query.order]),
		).toEqual([
			['Иван', '1', { updated_at: 'desc' }],
			['Иван', '2', { updated_at: 'desc' }],
		]);
	});

	it('searches leads and names a lead without a name by its ID', async () => {
		await seed(sandbox, { leads: [{ id: 44, name: '' }] });
		const { results } = await call(lead, 'listSearch', 'searchLeads');
		expect(results).toEqual([{ name: '#44', value: '44', url: `${sandbox.url}/leads/detail/44` }]);
	});
});
