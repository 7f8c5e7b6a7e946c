import { apiRequests, runAmoCrm, seed, state, useSandbox } from './amocrm';

const sandbox = useSandbox();
const tagsOf = (list: any[], id: number) =>
	list.find((e) => e.id === id)._embedded.tags.map((t: any) => t.name);

beforeEach(async () => {
	await seed(sandbox, {
		leads: [
			{ id: 30000001, name: 'A', _embedded: { tags: [{ name: 'сайт' }, { name: 'VIP' }] } },
			{ id: 30000002, name: 'B', _embedded: { tags: [{ name: 'звонок' }] } },
		],
		contacts: [{ id: 20000001, name: 'Иван', _embedded: { tags: [{ name: 'клиент' }] } }],
	});
});

describe('tag: add and remove keep the other tags', () => {
	it('adds to several records with one read and one write, merging items for the same record', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'tag',
				operation: 'add',
				entityType: 'leads',
				recordId: '={{$json.id}}',
				tags: '={{$json.tags}}',
			},
			{
				items: [
					{ id: 30000001, tags: 'повтор, vip' },
					{ id: 30000002, tags: 'повтор' },
					{ id: 30000001, tags: 'горячий' },
				],
			},
		);
		const { leads } = await state(sandbox);
		expect(tagsOf(leads, 30000001)).toEqual(['сайт', 'VIP', 'повтор', 'горячий']);
		expect(tagsOf(leads, 30000002)).toEqual(['звонок', 'повтор']);
		expect((await apiRequests(sandbox)).map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v4/leads',
			'PATCH /api/v4/leads',
		]);
		expect(out[0]).toMatchObject({
			entity_type: 'leads',
			id: 30000001,
			added: ['повтор'],
			tags: ['сайт', 'VIP', 'повтор', 'горячий'],
		});
		expect(out[2]).toMatchObject({ id: 30000001, added: ['горячий'] });
	});

	it('removes by name regardless of case; removing the last tag clears the list', async () => {
		await runAmoCrm(
			sandbox,
			{
				resource: 'tag',
				operation: 'remove',
				entityType: '={{$json.type}}',
				recordId: '={{$json.id}}',
				tags: '={{$json.tags}}',
			},
			{
				items: [
					{ type: 'leads', id: 30000001, tags: 'САЙТ, нет такого' },
					{ type: 'contacts', id: 20000001, tags: 'клиент' },
				],
			},
		);
		const s = await state(sandbox);
		expect(tagsOf(s.leads, 30000001)).toEqual(['VIP']);
		expect(tagsOf(s.contacts, 20000001)).toEqual([]);
		const patch = (await apiRequests(sandbox)).find(
			(r) => r.path === '/api/v4/contacts' && r.method === 'PATCH',
		);
		expect(patch?.body).toEqual([{ id: 20000001, _embedded: { tags: null }, request_id: '1' }]);
	});

	it('writes nothing when there is nothing to change', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'tag',
			operation: 'add',
			entityType: 'leads',
			recordId: '30000001',
			tags: 'Сайт',
		});
		expect(out[0]).toMatchObject({ added: [], tags: ['сайт', 'VIP'] });
		const removed = await runAmoCrm(sandbox, {
			resource: 'tag',
			operation: 'remove',
			entityType: 'leads',
			recordId: '30000001',
			tags: 'нет такого',
		});
		expect(removed.out[0]).toMatchObject({ removed: [], tags: ['сайт', 'VIP'] });
		expect((await apiRequests(sandbox)).map((r) => r.method)).toEqual(['GET', 'GET']);
	});

	it('an unknown record is reported on its item and the others are still written', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'tag',
				operation: 'add',
				entityType: 'leads',
				recordId: '={{$json.id}}',
				tags: 'x',
			},
			{ items: [{ id: 39999999 }, { id: 30000002 }], continueOnFail: true },
		);
		expect(out[0].error).toBe('amoCRM has no lead with ID 39999999');
		expect(tagsOf((await state(sandbox)).leads, 30000002)).toEqual(['звонок', 'x']);
	});

	it('empty tags and bad IDs are refused before anything is read', async () => {
		const empty = await runAmoCrm(sandbox, {
			resource: 'tag',
			operation: 'add',
			entityType: 'leads',
			recordId: '30000001',
			tags: ' , ',
		});
		expect(empty.error()?.message).toBe('No tags given');
		const bad = await runAmoCrm(sandbox, {
			resource: 'tag',
			operation: 'add',
			entityType: 'leads',
			recordId: 'abc',
			tags: 'x',
		});
		expect(bad.error()?.message).toBe('"abc" is not an amoCRM ID');
		expect(await apiRequests(sandbox)).toHaveLength(0);
	});
});

describe('tag: create and get many', () => {
	it('creates tags per entity type in one request each', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'tag',
				operation: 'create',
				entityType: '={{$json.type}}',
				name: '={{$json.name}}',
				color: '={{$json.color}}',
			},
			{
				items: [
					{ type: 'leads', name: 'Горячий', color: '#ff8f92' },
					{ type: 'leads', name: 'Холодный', color: '' },
					{ type: 'companies', name: 'Партнёр', color: '' },
				],
			},
		);
		expect(out).toEqual([
			{ entity_type: 'leads', id: expect.any(Number), name: 'Горячий', color: 'FF8F92' },
			{ entity_type: 'leads', id: expect.any(Number), name: 'Холодный', color: null },
			{ entity_type: 'companies', id: expect.any(Number), name: 'Партнёр', color: null },
		]);
		const s = await state(sandbox);
		expect(s.tags.leads.map((t: any) => t.name)).toContain('Горячий');
		expect(s.tags.companies.map((t: any) => t.name)).toEqual(['Партнёр']);
		expect((await apiRequests(sandbox)).map((r) => r.path)).toEqual([
			'/api/v4/leads/tags',
			'/api/v4/companies/tags',
		]);
	});

	it('refuses a colour that is not six hex digits', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'tag',
			operation: 'create',
			entityType: 'leads',
			name: 'x',
			color: 'red',
		});
		expect(result.error()?.message).toBe('"RED" is not a tag color');
	});

	it('get many filters by exact name or by a part of it', async () => {
		const exact = await runAmoCrm(sandbox, {
			resource: 'tag',
			operation: 'getAll',
			entityType: 'leads',
			returnAll: true,
			filters: { name: 'VIP' },
		});
		expect(exact.out.map((t) => t.name)).toEqual(['VIP']);
		const part = await runAmoCrm(sandbox, {
			resource: 'tag',
			operation: 'getAll',
			entityType: 'leads',
			returnAll: true,
			filters: { query: 'зво' },
		});
		expect(part.out.map((t) => t.name)).toEqual(['звонок']);
		expect((await apiRequests(sandbox))[0].query.filter).toEqual({ name: 'VIP' });
	});
});
