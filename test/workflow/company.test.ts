import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, runAmoCrm, seed, state, useSandbox } from './amocrm';

const F = AMOCRM_SANDBOX.fields;
const sandbox = useSandbox();

const byId = (list: any[], id: unknown) => list.find((e) => e.id === id);

describe('company: create', () => {
	it('creates companies in one request and links their contacts and leads in one more', async () => {
		await seed(sandbox, {
			contacts: [
				{ id: 20000001, name: 'Иван' },
				{ id: 20000002, name: 'Пётр' },
			],
			leads: [{ id: 30000001, name: 'Сделка' }],
		});
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'company',
				operation: 'create',
				name: '={{$json.name}}',
				additionalFields: {
					phones: { phone: [{ number: '={{$json.phone}}', type: 'WORK' }] },
					emails: { email: [{ address: 'office@romashka.ru', type: 'WORK' }] },
					web: 'https://romashka.ru',
					address: 'Москва, ул. Ленина, 1',
					tags: 'поставщик',
					contactIds: '={{$json.contacts}}',
					leadIds: '={{$json.leads}}',
				},
			},
			{
				items: [
					{
						name: 'Ромашка',
						phone: '8 (495) 123-45-67',
						contacts: '20000001, 20000002',
						leads: '30000001',
					},
					{ name: 'Лютик', phone: '+7 495 765 43 21', contacts: '', leads: '' },
				],
			},
		);
		const writes = (await apiRequests(sandbox)).filter((r) => r.method !== 'GET');
		expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /api/v4/companies',
			'POST /api/v4/companies/link',
		]);
		expect(writes[1].body).toEqual([
			{ entity_id: out[0].id, to_entity_type: 'contacts', to_entity_id: 20000001 },
			{ entity_id: out[0].id, to_entity_type: 'contacts', to_entity_id: 20000002 },
			{ entity_id: out[0].id, to_entity_type: 'leads', to_entity_id: 30000001 },
		]);
		const s = await state(sandbox);
		const romashka = byId(s.companies, out[0].id);
		expect(romashka.name).toBe('Ромашка');
		expect(romashka.custom_fields_values).toEqual([
			expect.objectContaining({
				field_code: 'PHONE',
				values: [expect.objectContaining({ value: '+74951234567', enum_code: 'WORK' })],
			}),
			expect.objectContaining({
				field_code: 'EMAIL',
				values: [expect.objectContaining({ value: 'office@romashka.ru' })],
			}),
			expect.objectContaining({ field_code: 'WEB', values: [{ value: 'https://romashka.ru' }] }),
			expect.objectContaining({
				field_code: 'ADDRESS',
				values: [{ value: 'Москва, ул. Ленина, 1' }],
			}),
		]);
		expect(romashka._embedded.tags.map((t: any) => t.name)).toEqual(['поставщик']);
		expect(romashka._embedded.contacts.map((c: any) => c.id)).toEqual([20000001, 20000002]);
		expect(romashka._embedded.leads.map((c: any) => c.id)).toEqual([30000001]);
		expect(byId(s.leads, 30000001)._embedded.companies.map((c: any) => c.id)).toEqual([out[0].id]);
		expect(out[0]).toMatchObject({
			name: 'Ромашка',
			linked_contact_ids: [20000001, 20000002],
			linked_lead_ids: [30000001],
		});
		expect(out[1]).toMatchObject({ id: expect.any(Number), name: 'Лютик' });
		expect(out[1].linked_contact_ids).toBeUndefined();
	});

	it('reports a company that was saved but could not be linked, with its ID', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'company',
				operation: 'create',
				name: 'Ромашка',
				additionalFields: { contactIds: '20009999' },
			},
			{ items: [{}], continueOnFail: true },
		);
		const { companies } = await state(sandbox);
		expect(companies).toHaveLength(1);
		expect(out[0].error).toMatch(
			new RegExp(
				`^Company ${companies[0].id} was saved, but linking it failed: contacts 20009999: `,
			),
		);
	});

	it('refuses an ID list with a non-number before writing anything', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'company',
			operation: 'create',
			name: 'X',
			additionalFields: { leadIds: '30000001, abc' },
		});
		expect(result.error()?.message).toBe('"abc" is not a lead ID');
		expect(await apiRequests(sandbox)).toHaveLength(0);
	});

	it('a website that is not a web address is refused with the field named', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'company',
			operation: 'create',
			name: 'X',
			additionalFields: { web: 'romashka' },
		});
		expect(result.error()?.message).toBe('The value "romashka" does not fit the url field "Web"');
		expect((await state(sandbox)).companies).toHaveLength(0);
	});
});

describe('company: get, get many, update', () => {
	beforeEach(async () => {
		await seed(sandbox, {
			contacts: [{ id: 20000001, name: 'Иван' }],
			leads: [{ id: 30000001, name: 'Сделка' }],
			companies: [
				{
					id: 40000001,
					name: 'Ромашка',
					custom_fields_values: [
						{ field_id: F.companyPhone, values: [{ value: '+74951234567', enum_code: 'WORK' }] },
					],
					_embedded: { tags: [{ name: 'старый' }] },
				},
				{ id: 40000002, name: 'Лютик', responsible_user_id: AMOCRM_SANDBOX.users.anna },
			],
			links: [
				{
					entity_type: 'contacts',
					entity_id: 20000001,
					to_entity_type: 'companies',
					to_entity_id: 40000001,
					metadata: null,
				},
			],
		});
	});

	it('gets a company with its linked contacts, simplified', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'company',
			operation: 'get',
			companyId: { mode: 'url', value: 'https://sandbox.amocrm.ru/companies/detail/40000001' },
			options: { withContacts: true, withLeads: true },
		});
		expect(out).toEqual([
			expect.objectContaining({
				id: 40000001,
				name: 'Ромашка',
				phones: ['+74951234567'],
				tags: ['старый'],
				contact_ids: [20000001],
				lead_ids: [],
			}),
		]);
		const [request] = await apiRequests(sandbox);
		expect(request.path).toBe('/api/v4/companies/40000001');
		expect(request.query.with).toBe('contacts,leads');
	});

	it('an unknown company ID is a clear error', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'company',
			operation: 'get',
			companyId: { mode: 'id', value: '40009999' },
		});
		expect(result.error()?.message).toBe('amoCRM has no company with ID 40009999');
	});

	it('gets many companies filtered by responsible user', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'company',
			operation: 'getAll',
			returnAll: true,
			filters: { responsibleUserId: AMOCRM_SANDBOX.users.anna },
		});
		expect(out.map((c) => c.name)).toEqual(['Лютик']);
		const [request] = await apiRequests(sandbox);
		expect(request.query.filter).toEqual({
			responsible_user_id: String(AMOCRM_SANDBOX.users.anna),
		});
		expect(request.query.limit).toBe('250');
	});

	it('update keeps existing phones and tags, and links a lead later', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'company',
			operation: 'update',
			companyId: { mode: 'id', value: '40000001' },
			updateFields: {
				phones: { phone: [{ number: '+7 495 000 00 01', type: 'WORK' }] },
				tags: 'новый',
				leadIds: '30000001',
				name: 'Ромашка+',
			},
		});
		const s = await state(sandbox);
		const company = byId(s.companies, 40000001);
		expect(company.name).toBe('Ромашка+');
		expect(company.custom_fields_values[0].values.map((v: any) => v.value)).toEqual([
			'+74951234567',
			'+74950000001',
		]);
		expect(company._embedded.tags.map((t: any) => t.name)).toEqual(['старый', 'новый']);
		expect(company._embedded.leads.map((l: any) => l.id)).toEqual([30000001]);
		expect(out[0]).toMatchObject({
			id: 40000001,
			linked_lead_ids: [30000001],
			updated_at: expect.any(Number),
		});
		expect((await apiRequests(sandbox)).map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v4/companies',
			'PATCH /api/v4/companies',
			'POST /api/v4/companies/link',
		]);
	});
});
