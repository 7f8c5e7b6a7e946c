import { ENVYBOX_SANDBOX } from '../sandbox/envybox/state';
import { apiRequests, runEnvybox, seed, state, useEnvyboxSandbox } from './envybox';

const S = ENVYBOX_SANDBOX;
const sandbox = useEnvyboxSandbox();

beforeEach(async () => {
	await seed(sandbox, {
		clients: [
			{ id: 549001, name: 'ООО Ромашка', phone: '74993229710', email: 'office@romashka.ru' },
			{ id: 549002, name: 'Лютик', phone: '79120001122' },
		],
		deals: [
			{ id: 326001, client_id: 549001, name: 'Поставка', custom: { [S.fields.dealSum]: '1000' } },
		],
	});
});

describe('Envybox client', () => {
	it('creates a client, adds a contact person, sets fields and reads it back with contacts and deals', async () => {
		const created = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'create',
			name: 'Иван Петров',
		});
		const id = created.out[0].id as number;
		expect(created.out[0]).toMatchObject({ id: expect.any(Number), name: 'Иван Петров' });
		await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'addContact',
			clientId: String(id),
			name: 'Иван',
			phone: '+7 (912) 345-67-89',
			email: 'Ivan@Example.com',
			additionalFields: {
				telegram: '@ivan',
				workPhone: '74950000000',
				workPhoneAddon: '101',
				birthday: '1990-05-08T00:00:00',
			},
		});
		expect((await apiRequests(sandbox)).at(-1)!.body.request).toEqual({
			client_id: id,
			name: 'Иван',
			phone: 79123456789,
			email: 'ivan@example.com',
			telegram: '@ivan',
			work_phone: { value: '74950000000', addon: '101' },
			birthday: '1990-05-08',
		});
		await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'updateFields',
			clientId: String(id),
			fields: {
				service: [{ inputId: 1011, value: 'UTC+05:00' }],
				custom: [{ inputId: S.fields.clientCity, value: 'Екатеринбург' }],
			},
		});
		const contacts = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'getContacts',
			clientId: String(id),
		});
		expect(contacts.out.map((c) => [c.type_id, c.value])).toEqual([
			[1, '79123456789'],
			[4, 'ivan@example.com'],
			[8, '@ivan'],
			[2, '74950000000'],
		]);
		const { out } = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'get',
			clientId: String(id),
		});
		expect(out[0]).toMatchObject({
			id,
			name: 'Иван Петров',
			fields: {
				name: 'Иван Петров',
				timezone: 'UTC+05:00',
				[`crm_${S.fields.clientCity}`]: 'Екатеринбург',
			},
			deals: [],
		});
		const missing = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'updateFields',
			clientId: '1',
			fields: { service: [{ inputId: 1001, value: 'x' }] },
		});
		expect(missing.error()?.message).toBe(
			'Envybox has no client with this ID («Клиент не найден»)',
		);
	});

	it('get many finds clients by keyword, with deals as one list', async () => {
		const { out } = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'getAll',
			returnAll: true,
			filters: { keyword: 'ромаш' },
		});
		expect(out).toEqual([
			expect.objectContaining({
				id: 549001,
				name: 'ООО Ромашка',
				deals: [expect.objectContaining({ id: 326001, name: 'Поставка' })],
			}),
		]);
		const all = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
		});
		expect(all.out.map((c) => c.id)).toEqual(['549002', '549001']);
		expect(all.out[1].deals).toEqual({ 549001: [expect.objectContaining({ id: '326001' })] });
	});

	it('adds a company to a client and lists its companies; refuses a malformed INN before sending', async () => {
		const added = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'addCompany',
			clientId: '549001',
			shortName: 'Империя',
			inn: '7856265232',
			additionalFields: { kpp: '562365956', full_name: 'ООО "Империя"' },
		});
		expect(added.out[0]).toMatchObject({
			short_name: 'Империя',
			inn: 7856265232,
			kpp: '562365956',
			element_id: 549001,
			primary: 1,
		});
		expect((await apiRequests(sandbox)).at(-1)!.path).toBe('/openapi/v1/client/549001/addCompany/');
		const listed = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'getCompanies',
			clientId: '549001',
		});
		expect(listed.out.map((c) => c.short_name)).toEqual(['Империя']);
		expect((await apiRequests(sandbox)).at(-1)).toMatchObject({
			method: 'GET',
			path: '/openapi/v1/client/549001/getCompanies/',
		});
		const bad = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'addCompany',
			clientId: '549001',
			shortName: 'X',
			inn: '123',
		});
		expect(bad.error()?.message).toBe('"123" is not an INN');
		const badKpp = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'addCompany',
			clientId: '549001',
			shortName: 'X',
			inn: '7856265232',
			additionalFields: { kpp: '1' },
		});
		expect(badKpp.error()?.message).toBe('Envybox refused the request («Неверный КПП»)');
	});

	it('lists and reads client fields', async () => {
		const custom = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'getFields',
			returnAll: true,
		});
		expect(custom.out).toEqual([
			expect.objectContaining({ id: S.fields.clientCity, name: 'Город', crm_element_id: 2 }),
		]);
		const service = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'getFields',
			fieldKind: 'service',
			returnAll: true,
		});
		expect(service.out.map((f) => f.id)).toEqual([1001, 1010, 1011]);
		const one = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'getField',
			fieldKind: 'service',
			inputId: '1011',
		});
		expect(one.out[0]).toMatchObject({ id: 1011, name: 'Часовой пояс' });
	});

	it('a contact without phone and email is refused before sending', async () => {
		const result = await runEnvybox(sandbox, {
			resource: 'client',
			operation: 'addContact',
			clientId: '549001',
			name: 'Без связи',
		});
		expect(result.error()?.message).toBe('A contact needs a phone or an email');
		expect(await apiRequests(sandbox)).toHaveLength(0);
	});
});

describe('Envybox custom report', () => {
	it('runs a report for a pipeline and period', async () => {
		const { out } = await runEnvybox(sandbox, {
			resource: 'statistics',
			operation: 'getCustom',
			statId: '1',
			pipelineId: S.deal.pipelineId,
			startDate: '2020-01-01T00:00:00',
			endDate: '2099-12-31T00:00:00',
		});
		expect((await apiRequests(sandbox))[0].body.request).toEqual({
			stat_id: 1,
			pipeline_id: S.deal.pipelineId,
			start_date: '2020-01-01',
			end_date: '2099-12-31',
			show_type: 'table',
		});
		const data = out[0].data as any[];
		expect(data[0]).toMatchObject({
			'1_value': S.deal.stages.new,
			'2_column': 1,
			'3_column': 1000,
		});
		expect(data.at(-1)).toEqual({ total: true, '2_column': 1, '3_column': 1000 });
		const unknown = await runEnvybox(sandbox, {
			resource: 'statistics',
			operation: 'getCustom',
			statId: '9',
			pipelineId: S.deal.pipelineId,
			startDate: '2020-01-01',
			endDate: '2020-02-01',
		});
		expect(unknown.error()?.message).toBe('Envybox refused the request («Статистика не найдена»)');
		expect((await state(sandbox)).deals).toHaveLength(1);
	});
});
