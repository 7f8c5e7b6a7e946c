import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, runAmoCrm, seed, state, useSandbox } from './amocrm';

const sandbox = useSandbox();

const formParameters = {
	resource: 'unsorted',
	operation: 'createFromForm',
	formName: 'Заявка с сайта',
	formId: 'callback',
	formPage: '={{$json.page}}',
	sentAt: '2026-11-20T10:00:00Z',
	ip: '203.0.113.7',
	sourceName: 'Сайт',
	sourceUid: '={{$json.uid}}',
	lead: { name: '={{"Заявка от " + $json.name}}', tags: 'сайт' },
	contact: { name: '={{$json.name}}', phones: { phone: [{ number: '={{$json.phone}}' }] } },
};

describe('unsorted', () => {
	it('creates incoming leads from forms in one request; their records stay hidden until accepted', async () => {
		const { out } = await runAmoCrm(sandbox, formParameters, {
			items: [
				{ name: 'Анна', phone: '+7 931 604 70 33', page: 'https://example.ru/a', uid: 'form-1' },
				{ name: 'Олег', phone: '89120001122', page: 'https://example.ru/b', uid: 'form-2' },
			],
		});
		const [write] = await apiRequests(sandbox);
		expect(write.path).toBe('/api/v4/leads/unsorted/forms');
		expect(write.body[0]).toMatchObject({
			source_name: 'Сайт',
			source_uid: 'form-1',
			metadata: {
				form_id: 'callback',
				form_name: 'Заявка с сайта',
				form_page: 'https://example.ru/a',
				form_sent_at: Date.UTC(2026, 10, 20, 10) / 1000,
				ip: '203.0.113.7',
			},
			_embedded: {
				leads: [{ name: 'Заявка от Анна', _embedded: { tags: [{ name: 'сайт' }] } }],
				contacts: [
					{
						name: 'Анна',
						custom_fields_values: [
							{ field_code: 'PHONE', values: [{ value: '+79316047033', enum_code: 'WORK' }] },
						],
					},
				],
			},
		});
		expect(out.map((o) => o.uid)).toEqual([expect.any(String), expect.any(String)]);
		const s = await state(sandbox);
		expect(s.unsorted).toHaveLength(2);
		expect(s.contacts).toHaveLength(0);
		expect(s.leads).toHaveLength(0);
	});

	it('the same form data twice is refused with amoCRM’s reason', async () => {
		await runAmoCrm(sandbox, formParameters, {
			items: [{ name: 'Анна', phone: '+79316047033', page: 'https://example.ru/a', uid: 'same' }],
		});
		const again = await runAmoCrm(sandbox, formParameters, {
			items: [{ name: 'Анна', phone: '+79316047033', page: 'https://example.ru/a', uid: 'same' }],
		});
		expect(again.error()?.message).toContain('source_uid');
		expect((await state(sandbox)).unsorted).toHaveLength(1);
	});

	it('creates from a call, lists, accepts into a stage and declines', async () => {
		const call = await runAmoCrm(sandbox, {
			resource: 'unsorted',
			operation: 'createFromCall',
			phone: '8 (931) 604-70-33',
			calledAt: '2026-11-20T10:00:00Z',
			duration: 42,
			uniq: 'pbx-1',
			serviceCode: 'pbx',
			sourceName: 'АТС',
			sourceUid: 'pbx',
			contact: { name: 'Звонивший' },
		});
		expect((await apiRequests(sandbox))[0].body[0].metadata).toEqual({
			phone: '+79316047033',
			called_at: Date.UTC(2026, 10, 20, 10) / 1000,
			duration: 42,
			uniq: 'pbx-1',
			service_code: 'pbx',
		});
		await runAmoCrm(sandbox, formParameters, {
			items: [{ name: 'Анна', phone: '+79120001122', page: 'https://example.ru/a', uid: 'f' }],
		});

		const calls = await runAmoCrm(sandbox, {
			resource: 'unsorted',
			operation: 'getAll',
			returnAll: true,
			filters: { categories: ['sip'] },
		});
		expect(calls.out.map((u) => u.uid)).toEqual([call.out[0].uid]);

		const accepted = await runAmoCrm(sandbox, {
			resource: 'unsorted',
			operation: 'accept',
			uid: call.out[0].uid,
			options: { userId: AMOCRM_SANDBOX.users.anna, statusId: AMOCRM_SANDBOX.statuses.second },
		});
		const s = await state(sandbox);
		expect(s.leads).toHaveLength(1);
		expect(s.leads[0]).toMatchObject({
			status_id: AMOCRM_SANDBOX.statuses.second,
			responsible_user_id: AMOCRM_SANDBOX.users.anna,
		});
		expect(accepted.out[0]).toEqual({
			uid: call.out[0].uid,
			accepted: true,
			lead_id: s.leads[0].id,
			contact_id: s.contacts[0].id,
			company_id: null,
		});

		const form = (
			await runAmoCrm(sandbox, { resource: 'unsorted', operation: 'getAll', returnAll: true })
		).out[0];
		const declined = await runAmoCrm(sandbox, {
			resource: 'unsorted',
			operation: 'decline',
			uid: form.uid,
		});
		expect(declined.out[0]).toEqual({ uid: form.uid, declined: true });
		expect(
			(await runAmoCrm(sandbox, { resource: 'unsorted', operation: 'getAll', returnAll: true }))
				.out,
		).toEqual([]);

		const twice = await runAmoCrm(sandbox, {
			resource: 'unsorted',
			operation: 'accept',
			uid: form.uid,
		});
		expect(twice.error()?.message).toMatch(/already declined/);
	});

	it('link works only for chats and says why', async () => {
		await seed(sandbox, {
			leads: [{ id: 30000001, name: 'A' }],
			unsorted: [
				{
					uid: 'chat-1',
					category: 'chats',
					status: 'pending',
					pipeline_id: AMOCRM_SANDBOX.pipelineId,
					created_at: 1,
					metadata: {},
					_embedded: {},
				},
			],
		});
		const linked = await runAmoCrm(sandbox, {
			resource: 'unsorted',
			operation: 'link',
			uid: 'chat-1',
			leadId: { mode: 'id', value: '30000001' },
		});
		expect(linked.out[0]).toEqual({ uid: 'chat-1', linked: true, lead_id: 30000001 });
		expect((await apiRequests(sandbox)).at(-1)!.body).toEqual({
			link: { entity_id: 30000001, entity_type: 'leads' },
		});
		const form = await runAmoCrm(sandbox, formParameters, {
			items: [{ name: 'A', phone: '+79120001122', page: 'https://example.ru', uid: 'x' }],
		});
		const refused = await runAmoCrm(sandbox, {
			resource: 'unsorted',
			operation: 'link',
			uid: form.out[0].uid,
			leadId: { mode: 'id', value: '30000001' },
		});
		expect(refused.error()?.message).toContain('Only chats can be linked');
	});

	it('refuses an empty or malformed UID before calling amoCRM', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'unsorted',
			operation: 'accept',
			uid: '../leads',
		});
		expect(result.error()?.message).toBe('"../leads" is not an unsorted UID');
		expect(await apiRequests(sandbox)).toHaveLength(0);
	});
});
