import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, credentialsFor, runAmoCrm, seed, state, useSandbox } from './amocrm';
import { callNodeMethod, chain } from './harness';

const sandbox = useSandbox();
const PIPELINE = AMOCRM_SANDBOX.pipelineId;

/** A second pipeline, so that a source's pipeline can be told from the main one. */
async function seedSecondPipeline(): Promise<number> {
	const { pipelines } = await state(sandbox);
	const second = {
		...pipelines[0],
		id: 7000002,
		name: 'Чаты',
		is_main: false,
		statuses: pipelines[0].statuses.map((s: any) => ({ ...s, pipeline_id: 7000002 })),
	};
	await seed(sandbox, { pipelines: [...pipelines, second] });
	return second.id;
}

const seedSources = async () =>
	await seed(sandbox, {
		sources: [
			{ id: 9619, name: 'Номер отдела продаж', external_id: '+7 912 100 00 00', default: true },
			{
				id: 4460,
				name: 'Лендинг',
				external_id: '65bd500b-fd52-4599-ab58-943ce3dd058c',
				origin_code: 'amo.ext.30490163_v2',
			},
			{ id: 4461, name: 'Форма', external_id: 'form' },
		],
	});

const sourceState = async () => (await state(sandbox)).sources as any[];

describe('source: get many', () => {
	beforeEach(seedSources);

	it('reads every source in one request, without paging, and leaves HAL links out', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'getAll',
			returnAll: true,
		});
		expect(out).toEqual([
			{
				id: 9619,
				name: 'Номер отдела продаж',
				pipeline_id: PIPELINE,
				external_id: '+7 912 100 00 00',
				default: true,
				origin_code: null,
				services: [],
			},
			{
				id: 4460,
				name: 'Лендинг',
				pipeline_id: PIPELINE,
				external_id: '65bd500b-fd52-4599-ab58-943ce3dd058c',
				default: false,
				origin_code: 'amo.ext.30490163_v2',
				services: [],
			},
			{
				id: 4461,
				name: 'Форма',
				pipeline_id: PIPELINE,
				external_id: 'form',
				default: false,
				origin_code: null,
				services: [],
			},
		]);
		expect((await apiRequests(sandbox)).map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/api/v4/sources', {}],
		]);
	});

	it('keeps to the limit, and filters by external IDs given as text or as a list', async () => {
		const limited = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'getAll',
			returnAll: false,
			limit: 2,
		});
		expect(limited.out.map((s) => s.id)).toEqual([9619, 4460]);
		const filtered = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'getAll',
			returnAll: true,
			filters: { externalIds: 'form, +7 912 100 00 00' },
		});
		expect(filtered.out.map((s) => s.id)).toEqual([9619, 4461]);
		const listed = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'getAll',
			returnAll: true,
			filters: { externalIds: '={{ ["a,b", "form"] }}' },
		});
		expect(listed.out.map((s) => s.id)).toEqual([4461]);
		const [, second, third] = await apiRequests(sandbox);
		expect(second.query).toEqual({ filter: { external_id: { 0: 'form', 1: '+7 912 100 00 00' } } });
		expect(third.query).toEqual({ filter: { external_id: { 0: 'a,b', 1: 'form' } } });
	});

	it('an integration without sources gives no items', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'getAll',
			returnAll: true,
			filters: { externalIds: 'nothing' },
		});
		expect(out).toEqual([]);
	});

	it('a refusal of the sources says what amoCRM requires', async () => {
		const credentials = credentialsFor(sandbox);
		credentials.amoCrmApi = { ...credentials.amoCrmApi, accessToken: AMOCRM_SANDBOX.managerToken };
		const manager = await runAmoCrm(
			sandbox,
			{ resource: 'source', operation: 'getAll', returnAll: true },
			{ credentials },
		);
		expect(manager.error()?.message).toBe('amoCRM refused access to the sources (HTTP 403)');
		await seed(sandbox, { sourcesUnavailable: true });
		const noWidget = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'getAll',
			returnAll: true,
		});
		expect(noWidget.error()?.message).toBe('amoCRM refused access to the sources (HTTP 403)');
		expect((noWidget.error() as any).description).toContain('lead_sources');
	});

	it('the source dropdown lists the sources by name', async () => {
		const options = await callNodeMethod(
			chain([{ name: 'amoCRM', parameters: { resource: 'source', operation: 'update' } as never }]),
			'amoCRM',
			credentialsFor(sandbox),
			'loadOptions',
			'getSources',
		);
		expect(options).toEqual([
			{
				name: 'Лендинг',
				value: 4460,
				description: 'External ID: 65bd500b-fd52-4599-ab58-943ce3dd058c',
			},
			{ name: 'Номер отдела продаж', value: 9619, description: 'External ID: +7 912 100 00 00' },
			{ name: 'Форма', value: 4461, description: 'External ID: form' },
		]);
	});
});

describe('source: create', () => {
	it('creates sources in one request with the fields given, and the new default takes the flag', async () => {
		await seedSources();
		const chats = await seedSecondPipeline();
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'source',
				operation: 'create',
				name: '={{ $json.name }}',
				externalId: '={{ $json.code }}',
				additionalFields: { pipelineId: '={{ $json.pipeline }}', default: '={{ $json.default }}' },
			},
			{
				items: [
					{ name: ' Сайт ', code: 'site', pipeline: '', default: false },
					{ name: 'Чат', code: 'chat 1', pipeline: chats, default: true },
				],
			},
		);
		const writes = (await apiRequests(sandbox)).filter((r) => r.method !== 'GET');
		expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v4/sources']);
		expect(writes[0].body).toEqual([
			{ name: 'Сайт', default: false, external_id: 'site', request_id: '0' },
			{ name: 'Чат', pipeline_id: chats, default: true, external_id: 'chat 1', request_id: '1' },
		]);
		expect(out).toEqual([
			{
				id: expect.any(Number),
				name: 'Сайт',
				pipeline_id: PIPELINE,
				external_id: 'site',
				default: false,
				origin_code: null,
				services: [],
			},
			{
				id: expect.any(Number),
				name: 'Чат',
				pipeline_id: chats,
				external_id: 'chat 1',
				default: true,
				origin_code: null,
				services: [],
			},
		]);
		const sources = await sourceState();
		expect(sources.map((s) => [s.external_id, s.default])).toEqual([
			['+7 912 100 00 00', false],
			['65bd500b-fd52-4599-ab58-943ce3dd058c', false],
			['form', false],
			['site', false],
			['chat 1', true],
		]);
		expect(sources.find((s) => s.external_id === 'chat 1').id).toBe(out[1].id);
	});

	it('writes the WhatsApp numbers and flags as the one WhatsApp service, and the chat channel code', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'create',
			name: 'WhatsApp',
			externalId: 'wa',
			additionalFields: {
				originCode: 'amo.ext.1_v2',
				waba: true,
				whatsappNumbers: {
					number: [{ phone: '+7 912 123-45-67' }, { label: 'Склад', phone: '+79120000000' }],
				},
			},
		});
		const services = [
			{
				type: 'whatsapp',
				params: { waba: true, is_supports_list_message: false },
				pages: [
					{ id: '79121234567', name: 'WhatsApp +7 912 123-45-67', link: '+7 912 123-45-67' },
					{ id: '79120000000', name: 'Склад', link: '+79120000000' },
				],
			},
		];
		expect((await apiRequests(sandbox))[0].body).toEqual([
			{
				name: 'WhatsApp',
				origin_code: 'amo.ext.1_v2',
				services,
				external_id: 'wa',
				request_id: '0',
			},
		]);
		expect(out).toEqual([
			{
				id: expect.any(Number),
				name: 'WhatsApp',
				pipeline_id: PIPELINE,
				external_id: 'wa',
				default: false,
				origin_code: 'amo.ext.1_v2',
				services,
			},
		]);
		expect(await sourceState()).toEqual([
			{
				id: out[0].id,
				name: 'WhatsApp',
				pipeline_id: PIPELINE,
				external_id: 'wa',
				default: false,
				origin_code: 'amo.ext.1_v2',
				services,
			},
		]);
	});

	it('refuses a blank name and a bad external ID before anything is sent', async () => {
		const blank = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'create',
			name: '  ',
			externalId: 'x',
		});
		expect(blank.error()?.message).toBe('A source needs a name');
		const cyrillic = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'create',
			name: 'Сайт',
			externalId: 'сайт',
		});
		expect(cyrillic.error()?.message).toBe('"сайт" is not a source external ID');
		const long = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'create',
			name: 'Сайт',
			externalId: 'x'.repeat(37),
		});
		expect(long.error()?.message).toBe(`"${'x'.repeat(37)}" is not a source external ID`);
		const none = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'create',
			name: 'Сайт',
			externalId: '={{ "" }}',
		});
		expect(none.error()?.message).toBe('A source needs an external ID');
		const emptyNumber = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'create',
			name: 'Сайт',
			externalId: 'x',
			additionalFields: { whatsappNumbers: { number: [{ phone: ' ' }] } },
		});
		expect(emptyNumber.error()?.message).toBe('A WhatsApp number is empty');
		expect(await apiRequests(sandbox)).toHaveLength(0);
		expect(await sourceState()).toEqual([]);
	});

	it('a taken external ID and an unknown pipeline fail their items; the others are created once', async () => {
		await seedSources();
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'source',
				operation: 'create',
				name: '={{ $json.name }}',
				externalId: '={{ $json.code }}',
				additionalFields: { pipelineId: '={{ $json.pipeline }}' },
			},
			{
				items: [
					{ name: 'Дубль', code: 'form', pipeline: '' },
					{ name: 'Новый', code: 'new', pipeline: '' },
					{ name: 'Чужая воронка', code: 'other', pipeline: 7999999 },
				],
				continueOnFail: true,
			},
		);
		expect(out[0].error).toBe(
			'amoCRM rejected the data: external_id: A source with this external_id already exists.',
		);
		expect(out[1]).toMatchObject({ name: 'Новый', external_id: 'new' });
		expect(out[2].error).toBe(
			'amoCRM rejected the data: pipeline_id: The value you selected is not a valid choice.',
		);
		// The refused batch saved nothing; the sources of the valid items were looked for, then sent again.
		expect((await apiRequests(sandbox)).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'POST /api/v4/sources 400',
			'GET /api/v4/sources 204',
			'POST /api/v4/sources 200',
		]);
		expect((await sourceState()).map((s) => s.external_id)).toEqual([
			'+7 912 100 00 00',
			'65bd500b-fd52-4599-ab58-943ce3dd058c',
			'form',
			'new',
		]);
	});
});

describe('source: update', () => {
	beforeEach(seedSources);

	it('changes several sources in one request; the external ID stays', async () => {
		const chats = await seedSecondPipeline();
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'source',
				operation: 'update',
				sourceId: '={{ $json.id }}',
				updateFields: {
					name: '={{ $json.name }}',
					pipelineId: '={{ $json.pipeline }}',
					default: '={{ $json.default }}',
				},
			},
			{
				items: [
					{ id: 4460, name: 'Лендинг весна', pipeline: chats, default: false },
					{ id: 4461, name: 'Форма', pipeline: PIPELINE, default: true },
				],
			},
		);
		const requests = await apiRequests(sandbox);
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['PATCH /api/v4/sources']);
		expect(requests[0].body).toEqual([
			{ id: 4460, name: 'Лендинг весна', pipeline_id: chats, default: false, request_id: '0' },
			{ id: 4461, name: 'Форма', pipeline_id: PIPELINE, default: true, request_id: '1' },
		]);
		expect(out).toEqual([
			{
				id: 4460,
				name: 'Лендинг весна',
				pipeline_id: chats,
				external_id: '65bd500b-fd52-4599-ab58-943ce3dd058c',
				default: false,
				origin_code: 'amo.ext.30490163_v2',
				services: [],
			},
			{
				id: 4461,
				name: 'Форма',
				pipeline_id: PIPELINE,
				external_id: 'form',
				default: true,
				origin_code: null,
				services: [],
			},
		]);
		expect((await sourceState()).map((s) => [s.id, s.name, s.pipeline_id, s.default])).toEqual([
			[9619, 'Номер отдела продаж', PIPELINE, false],
			[4460, 'Лендинг весна', chats, false],
			[4461, 'Форма', PIPELINE, true],
		]);
	});

	it('an empty chat channel code clears it; only the fields given are sent', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'update',
			sourceId: 4460,
			updateFields: { originCode: '' },
		});
		expect((await apiRequests(sandbox))[0].body).toEqual([
			{ id: 4460, origin_code: null, request_id: '0' },
		]);
		expect(out[0]).toMatchObject({ id: 4460, name: 'Лендинг', origin_code: null });
		expect((await sourceState()).find((s) => s.id === 4460)).toMatchObject({
			name: 'Лендинг',
			origin_code: null,
		});
	});

	it('refuses an update without fields, a blank name and a bad ID before anything is sent', async () => {
		const nothing = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'update',
			sourceId: 4460,
			updateFields: {},
		});
		expect(nothing.error()?.message).toBe('No fields to update were given');
		const blank = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'update',
			sourceId: 4460,
			updateFields: { name: ' ' },
		});
		expect(blank.error()?.message).toBe('A source needs a name');
		const bad = await runAmoCrm(sandbox, {
			resource: 'source',
			operation: 'update',
			sourceId: 'Лендинг',
			updateFields: { name: 'x' },
		});
		expect(bad.error()?.message).toBe('"Лендинг" is not a source ID');
		expect(await apiRequests(sandbox)).toHaveLength(0);
	});

	it('an unknown source fails its item; the others are updated', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'source',
				operation: 'update',
				sourceId: '={{ $json.id }}',
				updateFields: { name: '={{ $json.name }}' },
			},
			{
				items: [
					{ id: 1, name: 'Нет такого' },
					{ id: 4461, name: 'Форма 2' },
				],
				continueOnFail: true,
			},
		);
		expect(out[0].error).toBe('amoCRM rejected the data: id: Source not found.');
		expect(out[1]).toMatchObject({ id: 4461, name: 'Форма 2' });
		expect((await apiRequests(sandbox)).map((r) => `${r.method} ${r.status}`)).toEqual([
			'PATCH 400',
			'PATCH 200',
		]);
		expect((await sourceState()).find((s) => s.id === 4461).name).toBe('Форма 2');
	});
});

describe('source: delete', () => {
	beforeEach(seedSources);

	it('reads the sources once and deletes several in one request', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{ resource: 'source', operation: 'delete', sourceId: '={{ $json.id }}' },
			{ items: [{ id: 4460 }, { id: 9619 }] },
		);
		expect(out).toEqual([
			{ id: 4460, deleted: true },
			{ id: 9619, deleted: true },
		]);
		const requests = await apiRequests(sandbox);
		expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'GET /api/v4/sources 200',
			'DELETE /api/v4/sources 204',
		]);
		expect(requests[1].body).toEqual([
			{ id: 4460, request_id: '0' },
			{ id: 9619, request_id: '1' },
		]);
		expect((await sourceState()).map((s) => s.id)).toEqual([4461]);
	});

	it('an unknown source stops the node before anything is deleted, or fails only its item with Continue On Fail', async () => {
		const stopped = await runAmoCrm(
			sandbox,
			{ resource: 'source', operation: 'delete', sourceId: '={{ $json.id }}' },
			{ items: [{ id: 4460 }, { id: 1 }] },
		);
		expect(stopped.error()?.message).toBe('amoCRM has no source with ID 1');
		expect((await sourceState()).map((s) => s.id)).toEqual([9619, 4460, 4461]);
		const continued = await runAmoCrm(
			sandbox,
			{ resource: 'source', operation: 'delete', sourceId: '={{ $json.id }}' },
			{ items: [{ id: 4460 }, { id: 1 }], continueOnFail: true },
		);
		expect(continued.out[0]).toEqual({ id: 4460, deleted: true });
		expect(continued.out[1].error).toBe('amoCRM has no source with ID 1');
		expect(
			(await apiRequests(sandbox)).filter((r) => r.method === 'DELETE').map((r) => r.body),
		).toEqual([[{ id: 4460, request_id: '0' }]]);
		expect((await sourceState()).map((s) => s.id)).toEqual([9619, 4461]);
	});

	it('the sandbox refuses a whole batch that names an unknown source, in the shape amoCRM documents', async () => {
		const response = await fetch(`${sandbox.url}/api/v4/sources`, {
			method: 'DELETE',
			headers: {
				authorization: `Bearer ${AMOCRM_SANDBOX.longLivedToken}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify([{ id: 4460 }, { id: 31075178 }]),
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({
			errors: [
				{
					request_id: '1',
					errors: {
						code: 'EntityNotFound',
						path: 'id',
						detail: 'source with id = 31075178 not found',
					},
				},
			],
			detail: 'Invalid request items',
		});
		expect((await sourceState()).map((s) => s.id)).toEqual([9619, 4460, 4461]);
	});
});

const TALK = {
	talk_id: 117,
	contact_id: 20000001,
	chat_id: '88278e98-2b8d-4ae2-a5f0-bfab511cd621',
	entity_id: 30000001,
	entity_type: 'lead',
	origin: 'telegram',
	is_read: true,
	created_at: 1631018291,
	updated_at: 1631035929,
};
const talkState = async (id: number) =>
	((await state(sandbox)).talks as any[]).find((t) => t.talk_id === id);

describe('talk', () => {
	beforeEach(async () => {
		await seed(sandbox, { talks: [TALK, { talk_id: 118, contact_id: 20000002 }] });
	});

	it('get reads one talk; simplified, without HAL links and the embedded repeats', async () => {
		const simple = await runAmoCrm(sandbox, { resource: 'talk', operation: 'get', talkId: '117' });
		expect(simple.out).toEqual([
			{ ...TALK, rate: 0, is_in_work: true, missed_at: null, account_id: AMOCRM_SANDBOX.accountId },
		]);
		const raw = await runAmoCrm(sandbox, {
			resource: 'talk',
			operation: 'get',
			talkId: 117,
			simplify: false,
		});
		expect(raw.out[0]._embedded).toEqual({
			contacts: [{ id: 20000001, _links: expect.any(Object) }],
			leads: [{ id: 30000001, _links: expect.any(Object) }],
			customers: [],
		});
		expect((await apiRequests(sandbox)).map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v4/talks/117',
			'GET /api/v4/talks/117',
		]);
	});

	it('get: an unknown talk and a bad ID are clear errors', async () => {
		const unknown = await runAmoCrm(sandbox, { resource: 'talk', operation: 'get', talkId: '999' });
		expect(unknown.error()?.message).toBe('amoCRM has no talk with ID 999');
		const bad = await runAmoCrm(sandbox, { resource: 'talk', operation: 'get', talkId: 'abc' });
		expect(bad.error()?.message).toBe('"abc" is not a talk ID');
		expect((await apiRequests(sandbox)).map((r) => r.path)).toEqual(['/api/v4/talks/999']);
	});

	it('close with Skip NPS Bot closes at once; closing again is a clear error', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'talk',
			operation: 'close',
			talkId: '117',
			options: { forceClose: true },
		});
		expect(out).toEqual([{ talk_id: 117, close_requested: true, nps_bot_skipped: true }]);
		const [close] = await apiRequests(sandbox);
		expect(close).toMatchObject({
			method: 'POST',
			path: '/api/v4/talks/117/close',
			status: 202,
			body: { force_close: true },
		});
		expect(await talkState(117)).toMatchObject({ is_in_work: false, nps_bot_started: false });
		const again = await runAmoCrm(sandbox, {
			resource: 'talk',
			operation: 'close',
			talkId: '117',
			options: { forceClose: true },
		});
		expect(again.error()?.message).toBe('Talk 117 is already closed or being closed');
	});

	it('close without Skip NPS Bot leaves the talk to the NPS bot when the account has it on', async () => {
		await seed(sandbox, { npsBot: true });
		const { out } = await runAmoCrm(sandbox, {
			resource: 'talk',
			operation: 'close',
			talkId: '117',
		});
		expect(out).toEqual([{ talk_id: 117, close_requested: true, nps_bot_skipped: false }]);
		expect((await apiRequests(sandbox))[0].body).toEqual({ force_close: false });
		expect(await talkState(117)).toMatchObject({ is_in_work: true, nps_bot_started: true });
		const again = await runAmoCrm(sandbox, {
			resource: 'talk',
			operation: 'close',
			talkId: '117',
			options: { forceClose: true },
		});
		expect(again.error()?.message).toBe('Talk 117 is already closed or being closed');
	});

	it('close goes talk by talk; an unknown talk fails only its item with Continue On Fail', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{ resource: 'talk', operation: 'close', talkId: '={{ $json.id }}' },
			{ items: [{ id: 999 }, { id: 118 }], continueOnFail: true },
		);
		expect(out[0].error).toBe('amoCRM has no talk with ID 999');
		expect(out[1]).toEqual({ talk_id: 118, close_requested: true, nps_bot_skipped: false });
		expect((await apiRequests(sandbox)).map((r) => `${r.path} ${r.status}`)).toEqual([
			'/api/v4/talks/999/close 404',
			'/api/v4/talks/118/close 202',
		]);
		expect(await talkState(118)).toMatchObject({ is_in_work: false });
		expect(await talkState(117)).toMatchObject({ is_in_work: true });
	});
});

describe('short link', () => {
	beforeEach(async () => {
		await seed(sandbox, {
			contacts: [
				{ id: 20000001, name: 'Иван' },
				{ id: 20000002, name: 'Пётр' },
			],
		});
	});

	const shortLinks = async () => (await state(sandbox)).short_links as any[];

	it('makes one link per item in one request and pairs each with its item', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'shortLink',
				operation: 'create',
				url: '={{ $json.url }}',
				contactId: { __rl: true, mode: 'id', value: '={{ $json.contact }}' },
			},
			{
				items: [
					{ url: 'https://example.com/offer', contact: '20000001' },
					{ url: ' https://example.com/offer ', contact: '20000002' },
					{ url: 'http://example.com/price?x=1', contact: '20000001' },
				],
			},
		);
		const requests = await apiRequests(sandbox);
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v4/short_links']);
		expect(requests[0].body).toEqual([
			{
				url: 'https://example.com/offer',
				metadata: { entity_type: 'contacts', entity_id: 20000001 },
			},
			{
				url: 'https://example.com/offer',
				metadata: { entity_type: 'contacts', entity_id: 20000002 },
			},
			{
				url: 'http://example.com/price?x=1',
				metadata: { entity_type: 'contacts', entity_id: 20000001 },
			},
		]);
		expect(out).toEqual([
			{
				short_url: expect.stringMatching(/^https:\/\/amo\.sh\/[A-Za-z0-9]{12}$/),
				url: 'https://example.com/offer',
				contact_id: 20000001,
			},
			{
				short_url: expect.stringMatching(/^https:\/\/amo\.sh\/[A-Za-z0-9]{12}$/),
				url: 'https://example.com/offer',
				contact_id: 20000002,
			},
			{
				short_url: expect.stringMatching(/^https:\/\/amo\.sh\/[A-Za-z0-9]{12}$/),
				url: 'http://example.com/price?x=1',
				contact_id: 20000001,
			},
		]);
		const links = await shortLinks();
		expect(out.map((o) => links.find((l) => l.url === o.short_url))).toEqual(
			out.map((o) =>
				expect.objectContaining({
					target: o.url,
					entity_type: 'contacts',
					entity_id: o.contact_id,
				}),
			),
		);
	});

	it('a contact amoCRM makes no link for fails its item; the links after it stay with their items', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'shortLink',
				operation: 'create',
				url: '={{ $json.url }}',
				contactId: { __rl: true, mode: 'url', value: '={{ $json.contact }}' },
			},
			{
				items: [
					{
						url: 'https://example.com/a',
						contact: 'https://sandbox.amocrm.ru/contacts/detail/20000001',
					},
					{
						url: 'https://example.com/b',
						contact: 'https://sandbox.amocrm.ru/contacts/detail/29999999',
					},
					{
						url: 'https://example.com/c',
						contact: 'https://sandbox.amocrm.ru/contacts/detail/20000002',
					},
				],
				continueOnFail: true,
			},
		);
		expect(out[0]).toMatchObject({ url: 'https://example.com/a', contact_id: 20000001 });
		expect(out[1].error).toBe('amoCRM made no short link for contact 29999999');
		expect(out[2]).toMatchObject({ url: 'https://example.com/c', contact_id: 20000002 });
		const links = await shortLinks();
		expect(links.map((l) => [l.target, l.entity_id])).toEqual([
			['https://example.com/a', 20000001],
			['https://example.com/c', 20000002],
		]);
		expect(links.find((l) => l.url === out[2].short_url).target).toBe('https://example.com/c');
		expect(await apiRequests(sandbox)).toHaveLength(1);
	});

	it('refuses an address that is not a web page and a bad contact before anything is sent', async () => {
		const contactId = { __rl: true, mode: 'id', value: '20000001' };
		const bare = await runAmoCrm(sandbox, {
			resource: 'shortLink',
			operation: 'create',
			url: 'example.com/offer',
			contactId,
		});
		expect(bare.error()?.message).toBe('"example.com/offer" is not a web address');
		const ftp = await runAmoCrm(sandbox, {
			resource: 'shortLink',
			operation: 'create',
			url: 'ftp://example.com/file',
			contactId,
		});
		expect(ftp.error()?.message).toBe('"ftp://example.com/file" is not a web address');
		const blank = await runAmoCrm(sandbox, {
			resource: 'shortLink',
			operation: 'create',
			url: ' ',
			contactId,
		});
		expect(blank.error()?.message).toBe('A short link needs a URL');
		const noContact = await runAmoCrm(sandbox, {
			resource: 'shortLink',
			operation: 'create',
			url: 'https://example.com',
			contactId: { __rl: true, mode: 'id', value: '={{ "Иван" }}' },
		});
		expect(noContact.error()?.message).toBe('"Иван" is not an amoCRM ID');
		expect(await apiRequests(sandbox)).toHaveLength(0);
		expect(await shortLinks()).toEqual([]);
	});

	it('the sandbox refuses what amoCRM does not document: request_id, another entity type, a relative URL', async () => {
		const post = async (body: unknown) =>
			await fetch(`${sandbox.url}/api/v4/short_links`, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${AMOCRM_SANDBOX.longLivedToken}`,
					'content-type': 'application/json',
				},
				body: JSON.stringify(body),
			});
		const refused = await post([
			{
				url: 'https://example.com',
				metadata: { entity_type: 'contacts', entity_id: 20000001 },
				request_id: '0',
			},
			{ url: '/offer', metadata: { entity_type: 'leads', entity_id: 30000001 } },
		]);
		expect(refused.status).toBe(400);
		expect(((await refused.json()) as any)['validation-errors']).toEqual([
			{
				request_id: '0',
				errors: [
					{ code: 'NotSupportedField', path: 'request_id', detail: 'This field was not expected.' },
				],
			},
			{
				request_id: '1',
				errors: [
					{ code: 'InvalidUrl', path: 'url', detail: 'This value is not a valid URL.' },
					{
						code: 'NotSupportedChoice',
						path: 'metadata.entity_type',
						detail: 'The value you selected is not a valid choice.',
					},
				],
			},
		]);
		expect(
			(
				await post(
					Array.from({ length: 251 }, () => ({
						url: 'https://example.com',
						metadata: { entity_type: 'contacts', entity_id: 20000001 },
					})),
				)
			).status,
		).toBe(422);
		expect(await shortLinks()).toEqual([]);
	});
});
