import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, faults, runAmoCrm, seed, state, useSandbox } from './amocrm';

const S = AMOCRM_SANDBOX.statuses;
const P = AMOCRM_SANDBOX.pipelineId;
const sandbox = useSandbox();

const rl = (value: number | string) => ({ __rl: true, mode: 'id', value: String(value) });

describe('lead', () => {
	it('creates leads in one request, linked to an existing contact at creation', async () => {
		await seed(sandbox, { contacts: [{ id: 11, name: 'Иван' }] });
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'create',
				name: '={{"Заявка с сайта от " + $json.name}}',
				additionalFields: {
					pipelineId: P,
					statusId: S.second,
					price: 1500,
					tags: 'сайт',
					contactIds: '11',
					responsibleUserId: AMOCRM_SANDBOX.users.boris,
				},
			},
			{ items: [{ name: 'Иван' }, { name: 'Пётр' }] },
		);
		const posts = (await apiRequests(sandbox)).filter((r) => r.method === 'POST');
		expect(posts.map((r) => [r.path, r.body.length])).toEqual([['/api/v4/leads', 2]]);
		const { leads, links } = await state(sandbox);
		expect(
			leads.map((l: any) => [l.name, l.status_id, l.pipeline_id, l.price, l.responsible_user_id]),
		).toEqual([
			['Заявка с сайта от Иван', S.second, P, 1500, AMOCRM_SANDBOX.users.boris],
			['Заявка с сайта от Пётр', S.second, P, 1500, AMOCRM_SANDBOX.users.boris],
		]);
		expect(links.filter((l: any) => l.to_entity_id === 11)).toHaveLength(2);
		expect(out.map((o) => o.id)).toEqual(leads.map((l: any) => l.id));
	});

	it('creates lead, new contact, company and tags in one complex request', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'createComplex',
			name: 'Заявка с сайта от Анны',
			contactMode: 'new',
			contactFields: {
				name: 'Анна',
				phones: { phone: [{ number: '8 (912) 345-67-89' }] },
				emails: { email: [{ address: 'Anna@Mail.ru' }] },
				tags: 'сайт',
			},
			companyMode: 'new',
			companyName: 'ООО Ромашка',
			additionalFields: { tags: 'сайт', statusId: S.first },
		});
		const log = await apiRequests(sandbox);
		expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v4/leads/complex']);
		const { leads, contacts, companies, links } = await state(sandbox);
		expect(out[0]).toEqual({
			id: leads[0].id,
			contact_id: contacts[0].id,
			company_id: companies[0].id,
			merged: false,
		});
		expect(contacts[0].custom_fields_values.map((f: any) => f.values[0].value)).toEqual([
			'+79123456789',
			'anna@mail.ru',
		]);
		expect(companies[0].name).toBe('ООО Ромашка');
		expect(links).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ entity_id: contacts[0].id, to_entity_id: companies[0].id }),
			]),
		);
		expect(leads[0]._embedded.tags.map((t: any) => t.name)).toEqual(['сайт']);
	});

	it('sends complex leads 50 per request and maps each result back to its item', async () => {
		const items = Array.from({ length: 120 }, (_, i) => ({ n: i }));
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'createComplex',
				name: '={{"L" + $json.n}}',
				contactMode: 'new',
				contactFields: { name: '={{"C" + $json.n}}' },
				companyMode: 'none',
			},
			{ items },
		);
		expect((await apiRequests(sandbox)).map((r) => r.body.length)).toEqual([50, 50, 20]);
		const { leads, contacts } = await state(sandbox);
		const leadName = new Map(leads.map((l: any) => [l.id, l.name]));
		const contactName = new Map(contacts.map((c: any) => [c.id, c.name]));
		out.forEach((o, i) => {
			expect(leadName.get(o.id)).toBe(`L${i}`);
			expect(contactName.get(o.contact_id)).toBe(`C${i}`);
		});
	});

	// amocrm-api-php issue #370: a complex lead with an existing company by ID was made without it.
	it.each([false, true])(
		'ends a complex lead linked to an existing company (amoCRM links it itself: %p)',
		async (complexLinksCompany) => {
			await seed(sandbox, {
				contacts: [{ id: 11, name: 'Иван' }],
				companies: [{ id: 41, name: 'ООО Ромашка' }],
			});
			await faults(sandbox, { complexLinksCompany });
			const { out } = await runAmoCrm(
				sandbox,
				{
					resource: 'lead',
					operation: 'createComplex',
					name: '={{"Заявка " + $json.n}}',
					contactMode: '={{$json.contact}}',
					contactId: '11',
					contactFields: { name: 'Новый' },
					companyMode: 'existing',
					companyId: '41',
				},
				{
					items: [
						{ n: 1, contact: 'existing' },
						{ n: 2, contact: 'new' },
					],
				},
			);
			const { leads, contacts, links } = await state(sandbox);
			const linked = (type: string, id: number) =>
				links.some(
					(l: any) =>
						l.entity_type === type &&
						l.entity_id === id &&
						l.to_entity_type === 'companies' &&
						l.to_entity_id === 41,
				);
			expect(out.map((o) => o.company_id)).toEqual([41, 41]);
			for (const lead of leads) expect(linked('leads', lead.id)).toBe(true);
			const newContact = contacts.find((c: any) => c.name === 'Новый');
			expect(linked('contacts', newContact.id)).toBe(true);
			expect(linked('contacts', 11)).toBe(true);
			const paths = (await apiRequests(sandbox)).map((r) => r.path);
			expect(paths).toEqual(
				complexLinksCompany
					? ['/api/v4/leads/complex']
					: ['/api/v4/leads/complex', '/api/v4/companies/link'],
			);
		},
	);

	it('says merged when amoCRM’s duplicate control adds the lead to the client’s open one', async () => {
		await seed(sandbox, {
			contacts: [
				{
					id: 11,
					name: 'Иван',
					custom_fields_values: [
						{ field_code: 'PHONE', values: [{ value: '+7 (931) 604-70-33', enum_code: 'WORK' }] },
					],
				},
			],
			leads: [{ id: 21, name: 'Открытая', _embedded: { contacts: [{ id: 11 }] } }],
		});
		await faults(sandbox, { duplicateControl: true });
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'createComplex',
				name: 'Заявка с сайта',
				contactMode: 'new',
				contactFields: { name: 'Иван', phones: { phone: [{ number: '={{$json.phone}}' }] } },
				companyMode: 'none',
			},
			{ items: [{ phone: '89316047033' }, { phone: '+7 900 000 00 00' }] },
		);
		expect(out[0]).toMatchObject({ id: 21, contact_id: 11, merged: true });
		expect(out[1]).toMatchObject({ merged: false });
		const { leads } = await state(sandbox);
		expect(leads.map((l: any) => l.id)).toEqual([21, out[1].id]);
	});

	it('moves a lead to another stage and adds a tag without dropping others', async () => {
		await seed(sandbox, { leads: [{ id: 21, name: 'L', tags: [{ name: 'old' }] }] });
		await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'update',
			leadId: rl(21),
			updateFields: { statusId: S.won, pipelineId: P, tags: 'won' },
		});
		const [lead] = (await state(sandbox)).leads;
		expect(lead.status_id).toBe(142);
		expect(lead.closed_at).toEqual(expect.any(Number));
		expect(lead._embedded.tags.map((t: any) => t.name)).toEqual(['old', 'won']);
	});

	it('reports an invalid item of a batch on that item and writes the others', async () => {
		await seed(sandbox, {
			leads: [
				{ id: 31, name: 'a' },
				{ id: 32, name: 'b' },
				{ id: 33, name: 'c' },
			],
		});
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'update',
				leadId: '={{$json.id}}',
				updateFields: { statusId: '={{$json.status}}' },
			},
			{
				items: [
					{ id: 31, status: S.second },
					{ id: 32, status: 999 },
					{ id: 33, status: S.second },
				],
				continueOnFail: true,
			},
		);
		expect(out[1].error).toBe(
			'amoCRM rejected the data: status_id: The value you selected is not a valid choice.',
		);
		expect(out[0].updated_at).toEqual(expect.any(Number));
		const statuses = (await state(sandbox)).leads.map((l: any) => l.status_id);
		expect(statuses).toEqual([S.second, S.first, S.second]);
		expect((await apiRequests(sandbox)).map((r) => r.body.length)).toEqual([3, 2]);
	});

	it('gets a lead and filters many by stage and dates', async () => {
		await seed(sandbox, {
			leads: [
				{ id: 41, name: 'open', status_id: S.first, created_at: 1700000000 },
				{ id: 42, name: 'second', status_id: S.second, created_at: 1700000100 },
				{ id: 43, name: 'won', status_id: 142, pipeline_id: P, created_at: 1700000200 },
			],
			contacts: [{ id: 12, name: 'x', _embedded: { leads: [{ id: 41 }] } }],
		});
		const got = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'get',
			leadId: rl(41),
			options: { withContacts: true },
		});
		expect(got.out[0]).toMatchObject({ id: 41, name: 'open', contact_ids: [12] });
		const byStage = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'getAll',
			returnAll: true,
			filters: { pipelineId: P, statusId: S.second },
		});
		expect(byStage.out.map((l) => l.id)).toEqual([42]);
		const byDate = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'getAll',
			returnAll: true,
			filters: { createdFrom: '2023-11-14T22:14:00Z' },
		});
		expect(byDate.out.map((l) => l.id)).toEqual([42, 43]);
		const last = (await apiRequests(sandbox)).pop()!;
		expect(last.query.filter.created_at.from).toBe('1700000040');
	});

	it('gets the open leads of a contact, most recently updated first', async () => {
		await seed(sandbox, {
			leads: [
				{ id: 51, name: 'old open', updated_at: 1700000000 },
				{ id: 52, name: 'won', status_id: 142, pipeline_id: P },
				{ id: 53, name: 'new open', updated_at: 1700009999 },
				{ id: 54, name: 'lost', status_id: 143, pipeline_id: P },
			],
			contacts: [
				{
					id: 13,
					name: 'x',
					_embedded: { leads: [{ id: 51 }, { id: 52 }, { id: 53 }, { id: 54 }] },
				},
			],
		});
		const { out } = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'getOpenLeadsOfContact',
			contactId: rl(13),
		});
		expect(out.map((l) => l.id)).toEqual([53, 51]);
		expect(out[0].contact_id).toBe(13);
		expect((await apiRequests(sandbox)).length).toBe(2);
	});

	it('answers many contacts together: contacts and leads read once each, or only leads when their IDs are given', async () => {
		await seed(sandbox, {
			leads: [
				{ id: 61, name: 'open a', updated_at: 1700000000 },
				{ id: 62, name: 'won b', status_id: 142, pipeline_id: P },
				{ id: 63, name: 'open c', updated_at: 1700000500 },
			],
			contacts: [
				{ id: 21, name: 'a', _embedded: { leads: [{ id: 61 }] } },
				{ id: 22, name: 'b', _embedded: { leads: [{ id: 62 }] } },
				{ id: 23, name: 'c', _embedded: { leads: [{ id: 63 }] } },
				{ id: 24, name: 'd' },
			],
		});
		const items = [{ id: 21 }, { id: 22 }, { id: 23 }, { id: 24 }];
		const perContact = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'getOpenLeadsOfContact',
				contactId: '={{ $json.id }}',
				options: { perContact: true },
			},
			{ items },
		);
		expect(
			perContact.out.map((o) => [
				o.contact_id,
				(o.lead as any)?.id ?? null,
				(o.open_leads as any[]).length,
			]),
		).toEqual([
			[21, 61, 1],
			[22, null, 0],
			[23, 63, 1],
			[24, null, 0],
		]);
		expect((await apiRequests(sandbox)).map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v4/contacts',
			'GET /api/v4/leads',
		]);
		await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE' });

		const known = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'getOpenLeadsOfContact',
				contactId: '={{ $json.id }}',
				options: { leadIds: '={{ $json.leads }}' },
			},
			{
				items: [
					{ id: 21, leads: [61, 62] },
					{ id: 23, leads: '63' },
					{ id: 24, leads: [] },
				],
			},
		);
		expect(known.out.map((o) => [o.contact_id, o.id])).toEqual([
			[21, 61],
			[23, 63],
		]);
		const log = (await apiRequests(sandbox)).filter((r) => r.path.startsWith('/api/v4/'));
		expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v4/leads']);
		expect(Object.values(log[0].query.filter.id)).toEqual(['61', '62', '63']);
	});

	it('reports an unknown contact on its own item and answers the others', async () => {
		await seed(sandbox, {
			leads: [{ id: 71, name: 'open' }],
			contacts: [{ id: 31, name: 'a', _embedded: { leads: [{ id: 71 }] } }],
		});
		const result = await runAmoCrm(
			sandbox,
			{
				resource: 'lead',
				operation: 'getOpenLeadsOfContact',
				contactId: '={{ $json.id }}',
				options: { perContact: true },
			},
			{ items: [{ id: 99999 }, { id: 31 }, { id: 'abc' }], continueOnFail: true },
		);
		expect(result.out).toEqual([
			expect.objectContaining({ error: 'Contact 99999 was not found' }),
			expect.objectContaining({ contact_id: 31, lead: expect.objectContaining({ id: 71 }) }),
			expect.objectContaining({ error: '"abc" is not an amoCRM ID' }),
		]);
	});

	it('with Continue On Fail, a failed read is an error on every item, not items without leads', async () => {
		await seed(sandbox, {
			leads: [{ id: 81, name: 'open' }],
			contacts: [{ id: 41, name: 'a', _embedded: { leads: [{ id: 81 }] } }],
		});
		await faults(sandbox, { block403: true });
		try {
			const result = await runAmoCrm(
				sandbox,
				{
					resource: 'lead',
					operation: 'getOpenLeadsOfContact',
					contactId: '={{ $json.id }}',
					options: { perContact: true, leadIds: '={{ $json.leads }}' },
				},
				{ items: [{ id: 41, leads: [81] }, { id: 'abc' }, { id: 41 }], continueOnFail: true },
			);
			expect(
				result.out.map((o) => [o.error === undefined ? 'answer' : 'error', o.lead ?? null]),
			).toEqual([
				['error', null],
				['error', null],
				['error', null],
			]);
			expect(result.out[1].error).toBe('"abc" is not an amoCRM ID');
		} finally {
			await faults(sandbox, { block403: false });
		}
	});

	it('refuses a closing stage without a pipeline before writing', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'create',
			name: 'x',
			additionalFields: { statusId: 142 },
		});
		expect(result.error()?.message).toBe('Closing stages (142 won, 143 lost) need a pipeline');
		expect(await apiRequests(sandbox)).toHaveLength(0);
	});
});
