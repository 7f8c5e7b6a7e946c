import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, runAmoCrm, seed, state, useSandbox } from './amocrm';

const sandbox = useSandbox();
beforeEach(async () => {
	await seed(sandbox, {
		leads: [{ id: 61, name: 'L' }],
		contacts: [{ id: 71, name: 'C' }],
		companies: [{ id: 81, name: 'Co' }],
	});
});

describe('note', () => {
	it('adds text and call notes, grouped into one request per entity type', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'note',
				operation: 'create',
				entityType: '={{$json.type}}',
				entityId: '={{$json.id}}',
				noteType: '={{$json.noteType}}',
				text: '={{$json.text}}',
				phone: '+79316047033',
				duration: 65,
				source: 'telephony',
				uniq: '={{"call-" + $json.id}}',
				callDetails: {
					link: 'https://rec.example/1.mp3',
					callStatus: 4,
					callResult: 'договорились',
				},
			},
			{
				items: [
					{ type: 'leads', id: 61, noteType: 'common', text: 'Заявка с сайта\nИмя: Иван' },
					{ type: 'contacts', id: 71, noteType: 'call_in', text: '' },
					{ type: 'leads', id: 61, noteType: 'common', text: 'Повторная заявка' },
				],
			},
		);
		const posts = await apiRequests(sandbox);
		expect(posts.map((r) => [r.path, r.body.length])).toEqual([
			['/api/v4/leads/notes', 2],
			['/api/v4/contacts/notes', 1],
		]);
		const { notes } = await state(sandbox);
		const call = notes.find((n: any) => n.note_type === 'call_in');
		expect(call).toMatchObject({
			entity_id: 71,
			params: {
				uniq: 'call-71',
				duration: 65,
				source: 'telephony',
				phone: '+79316047033',
				link: 'https://rec.example/1.mp3',
				call_status: 4,
				call_result: 'договорились',
			},
		});
		expect(out.map((o) => o.entity_type)).toEqual(['leads', 'contacts', 'leads']);
		expect(out[0]).toMatchObject({
			id: expect.any(Number),
			entity_id: 61,
			note_type: 'common',
			params: { text: 'Заявка с сайта\nИмя: Иван' },
		});
	});

	it('lists the notes of one lead, filtered by type', async () => {
		await seed(sandbox, {
			notes: [
				{ id: 1, entity_type: 'leads', entity_id: 61, note_type: 'common', params: { text: 'a' } },
				{
					id: 2,
					entity_type: 'leads',
					entity_id: 61,
					note_type: 'call_in',
					params: { phone: '1' },
				},
				{
					id: 3,
					entity_type: 'leads',
					entity_id: 62,
					note_type: 'common',
					params: { text: 'other lead' },
				},
			],
		});
		const { out } = await runAmoCrm(sandbox, {
			resource: 'note',
			operation: 'getAll',
			entityType: 'leads',
			entityId: '61',
			returnAll: true,
			filters: { noteTypes: ['common'] },
		});
		expect(out).toEqual([expect.objectContaining({ id: 1, text: 'a', entity_type: 'leads' })]);
	});

	it('lists the notes of several leads changed since a time in one request', async () => {
		await seed(sandbox, {
			notes: [
				{
					id: 1,
					entity_type: 'leads',
					entity_id: 61,
					note_type: 'common',
					params: { text: 'old' },
					updated_at: 1700000000,
				},
				{
					id: 2,
					entity_type: 'leads',
					entity_id: 61,
					note_type: 'common',
					params: { text: 'new' },
					updated_at: 1700000100,
				},
				{
					id: 3,
					entity_type: 'leads',
					entity_id: 62,
					note_type: 'common',
					params: { text: 'other' },
					updated_at: 1700000200,
				},
				{
					id: 4,
					entity_type: 'leads',
					entity_id: 63,
					note_type: 'common',
					params: { text: 'not asked' },
					updated_at: 1700000200,
				},
			],
		});
		const { out } = await runAmoCrm(sandbox, {
			resource: 'note',
			operation: 'getAll',
			entityType: 'leads',
			entityId: '61, 62',
			returnAll: true,
			filters: { noteTypes: ['common'], updatedFrom: new Date(1700000050 * 1000).toISOString() },
		});
		expect(out.map((n) => [n.id, n.text])).toEqual([
			[2, 'new'],
			[3, 'other'],
		]);
		const [request] = await apiRequests(sandbox);
		expect(request.path).toBe('/api/v4/leads/notes');
		expect(request.query.filter).toMatchObject({
			entity_id: { 0: '61', 1: '62' },
			updated_at: { from: '1700000050' },
		});
	});

	it('refuses an entity ID that is not one, reading nothing', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'note',
			operation: 'getAll',
			entityType: 'leads',
			entityId: '61, шестьдесят',
			returnAll: true,
		});
		expect(result.error()?.message).toBe(
			'Entity ID takes record IDs separated by commas; "шестьдесят" is not one',
		);
		expect(await apiRequests(sandbox)).toHaveLength(0);
	});
});

describe('task', () => {
	it('creates, updates, completes and lists tasks', async () => {
		const created = await runAmoCrm(sandbox, {
			resource: 'task',
			operation: 'create',
			text: 'Обработать заявку от клиента',
			completeTill: '2030-01-01T10:15:00Z',
			additionalFields: {
				entityType: 'leads',
				entityId: '61',
				responsibleUserId: AMOCRM_SANDBOX.users.anna,
			},
		});
		const id = created.out[0].id as number;
		let [task] = (await state(sandbox)).tasks;
		expect(task).toMatchObject({
			id,
			text: 'Обработать заявку от клиента',
			complete_till: 1893492900,
			entity_type: 'leads',
			entity_id: 61,
			task_type_id: 1,
			responsible_user_id: AMOCRM_SANDBOX.users.anna,
		});
		expect((await state(sandbox)).leads[0].closest_task_at).toBe(1893492900);

		await runAmoCrm(sandbox, {
			resource: 'task',
			operation: 'update',
			taskId: String(id),
			updateFields: { text: 'Перезвонить', completeTill: '2030-01-02T10:15:00Z' },
		});
		await runAmoCrm(sandbox, {
			resource: 'task',
			operation: 'complete',
			taskId: String(id),
			resultText: 'Клиент перезвонит',
		});
		[task] = (await state(sandbox)).tasks;
		expect(task).toMatchObject({
			text: 'Перезвонить',
			complete_till: 1893579300,
			is_completed: true,
			result: { text: 'Клиент перезвонит' },
		});

		const open = await runAmoCrm(sandbox, {
			resource: 'task',
			operation: 'getAll',
			returnAll: true,
			filters: { completed: 'open' },
		});
		expect(open.out).toHaveLength(0);
		const done = await runAmoCrm(sandbox, {
			resource: 'task',
			operation: 'getAll',
			returnAll: true,
			filters: { completed: 'completed', entityType: 'leads', entityId: '61' },
		});
		expect(done.out).toEqual([expect.objectContaining({ id, result: 'Клиент перезвонит' })]);
	});

	it('filters by due range on the client side, reading in due order', async () => {
		await seed(sandbox, {
			tasks: [1000, 2000, 3000, 4000].map((t, i) => ({
				id: 900 + i,
				text: `t${i}`,
				complete_till: 1800000000 + t,
				responsible_user_id: AMOCRM_SANDBOX.users.admin,
			})),
		});
		const { out } = await runAmoCrm(sandbox, {
			resource: 'task',
			operation: 'getAll',
			returnAll: true,
			filters: {
				dueFrom: new Date((1800000000 + 1500) * 1000).toISOString(),
				dueTo: new Date((1800000000 + 3500) * 1000).toISOString(),
			},
		});
		expect(out.map((t) => t.id)).toEqual([901, 902]);
		expect((await apiRequests(sandbox))[0].query.order).toEqual({ complete_till: 'asc' });
	});

	it('lists the tasks of several leads changed since a time in one request', async () => {
		await seed(sandbox, {
			tasks: [
				{
					id: 911,
					text: 'old',
					entity_type: 'leads',
					entity_id: 61,
					complete_till: 1800000000,
					updated_at: 1700000000,
				},
				{
					id: 912,
					text: 'new',
					entity_type: 'leads',
					entity_id: 61,
					complete_till: 1800000000,
					updated_at: 1700000100,
				},
				{
					id: 913,
					text: 'other',
					entity_type: 'leads',
					entity_id: 62,
					complete_till: 1800000000,
					updated_at: 1700000200,
				},
				{
					id: 914,
					text: 'not asked',
					entity_type: 'leads',
					entity_id: 63,
					complete_till: 1800000000,
					updated_at: 1700000200,
				},
			],
		});
		const { out } = await runAmoCrm(sandbox, {
			resource: 'task',
			operation: 'getAll',
			returnAll: true,
			filters: {
				entityType: 'leads',
				entityId: '61,62',
				updatedFrom: new Date(1700000050 * 1000).toISOString(),
			},
		});
		expect(out.map((t) => t.id)).toEqual([912, 913]);
		const [request] = await apiRequests(sandbox);
		expect(request.query.filter).toMatchObject({
			entity_type: 'leads',
			entity_id: { 0: '61', 1: '62' },
			updated_at: { from: '1700000050' },
		});
	});

	it('refuses a task without a due date', async () => {
		const result = await runAmoCrm(
			sandbox,
			{ resource: 'task', operation: 'create', text: 'x', completeTill: '={{ $json.due }}' },
			{ items: [{ due: '' }] },
		);
		expect(result.error()?.message).toBe('A task needs a due date');
		expect(await apiRequests(sandbox)).toHaveLength(0);
	});
});

describe('link', () => {
	it('links, lists and unlinks records', async () => {
		await runAmoCrm(sandbox, {
			resource: 'link',
			operation: 'link',
			fromEntityType: 'leads',
			fromEntityId: '61',
			toEntityType: 'contacts',
			toEntityId: '71',
			isMain: true,
		});
		await runAmoCrm(sandbox, {
			resource: 'link',
			operation: 'link',
			fromEntityType: 'contacts',
			fromEntityId: '71',
			toEntityType: 'companies',
			toEntityId: '81',
		});
		expect((await state(sandbox)).links).toEqual([
			{
				entity_type: 'leads',
				entity_id: 61,
				to_entity_type: 'contacts',
				to_entity_id: 71,
				metadata: { main_contact: true },
			},
			{
				entity_type: 'contacts',
				entity_id: 71,
				to_entity_type: 'companies',
				to_entity_id: 81,
				metadata: null,
			},
		]);
		const listed = await runAmoCrm(sandbox, {
			resource: 'link',
			operation: 'list',
			fromEntityType: 'contacts',
			fromEntityId: '71',
		});
		expect(listed.out.map((l) => [l.to_entity_type, l.to_entity_id])).toEqual([
			['leads', 61],
			['companies', 81],
		]);
		const onlyCompanies = await runAmoCrm(sandbox, {
			resource: 'link',
			operation: 'list',
			fromEntityType: 'contacts',
			fromEntityId: '71',
			toEntityType: 'companies',
		});
		expect(onlyCompanies.out).toHaveLength(1);
		const unlinked = await runAmoCrm(sandbox, {
			resource: 'link',
			operation: 'unlink',
			fromEntityType: 'leads',
			fromEntityId: '61',
			toEntityType: 'contacts',
			toEntityId: '71',
		});
		expect(unlinked.out[0]).toMatchObject({ unlinked: true });
		expect((await state(sandbox)).links).toHaveLength(1);
		const paths = (await apiRequests(sandbox)).map((r) => `${r.method} ${r.path}`);
		expect(paths).toEqual([
			'POST /api/v4/leads/link',
			'POST /api/v4/contacts/link',
			'GET /api/v4/contacts/71/links',
			'GET /api/v4/contacts/71/links',
			'POST /api/v4/leads/unlink',
		]);
	});

	it('refuses a pair amoCRM does not link', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'link',
			operation: 'link',
			fromEntityType: 'leads',
			fromEntityId: '61',
			toEntityType: 'leads',
			toEntityId: '61',
		});
		expect(result.error()?.message).toBe('amoCRM does not link leads to leads');
	});
});
