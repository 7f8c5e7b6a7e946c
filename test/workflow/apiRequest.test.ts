// API Request → Send: any endpoint through the node's own transport, against the amoCRM sandbox.
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import {
	credentialsFor,
	faults,
	requests,
	reset,
	runAmoCrm,
	seed,
	state,
	useSandbox,
} from './amocrm';

const sandbox = useSandbox();
const send = (parameters: Record<string, unknown>) => ({
	resource: 'apiRequest',
	operation: 'send',
	method: 'GET',
	...parameters,
});
const log = async () =>
	(await requests(sandbox)).map((r) => ({
		call: `${r.method} ${r.path}`,
		query: r.query,
		status: r.status,
		body: r.body,
	}));
const LEADS = Array.from({ length: 7 }, (_, i) => ({ id: 30000001 + i, name: `Сделка ${i + 1}` }));

beforeEach(async () => {
	await seed(sandbox, {
		leads: LEADS,
		contacts: [{ id: 20000001, name: 'Анна', _embedded: { leads: [{ id: 30000001 }] } }],
	});
});

describe('API Request: reads', () => {
	it('GETs a record as amoCRM answers it, with the query as given and nothing added', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			send({
				path: 'leads/30000001',
				queryParameters: { parameter: [{ name: 'with', value: 'contacts' }] },
			}),
		);
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({
			id: 30000001,
			name: 'Сделка 1',
			_links: { self: { href: `${sandbox.url}/api/v4/leads/30000001` } },
			_embedded: { contacts: [{ id: 20000001 }] },
		});
		const again = await runAmoCrm(
			sandbox,
			send({ path: ' /api/v4/leads/30000001/ ', splitIntoItems: true }),
		);
		expect(again.out).toEqual([expect.objectContaining({ id: 30000001 })]);
		expect(await log()).toEqual([
			{
				call: 'GET /api/v4/leads/30000001',
				query: { with: 'contacts' },
				status: 200,
				body: undefined,
			},
			{ call: 'GET /api/v4/leads/30000001', query: {}, status: 200, body: undefined },
		]);
	});

	it('Return All follows the pages of a list, with the query kept, and splits it into one item per record', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			send({
				path: 'leads',
				returnAll: true,
				splitIntoItems: true,
				queryJson: '{ "limit": 3, "order": { "id": "desc" } }',
			}),
		);
		expect(out.map((l) => l.id)).toEqual(LEADS.map((l) => l.id).reverse());
		expect(out[0]).toMatchObject({
			name: 'Сделка 7',
			_links: { self: { href: `${sandbox.url}/api/v4/leads/30000007` } },
		});
		expect((await log()).map((r) => [r.call, r.query])).toEqual([
			['GET /api/v4/leads', { limit: '3', order: { id: 'desc' } }],
			['GET /api/v4/leads', { limit: '3', order: { id: 'desc' }, page: '2' }],
			['GET /api/v4/leads', { limit: '3', order: { id: 'desc' }, page: '3' }],
		]);
	});

	it('Return All without a limit reads 250 per page; unsplit, the records of all pages are in one answer', async () => {
		await seed(sandbox, {
			leads: Array.from({ length: 260 }, (_, i) => ({ id: 31000001 + i, name: `m${i}` })),
		});
		const { out } = await runAmoCrm(sandbox, send({ path: '/api/v4/leads', returnAll: true }));
		expect(out).toHaveLength(1);
		expect(Object.keys(out[0])).toEqual(['_embedded']);
		const leads = (out[0]._embedded as any).leads as any[];
		expect(leads).toHaveLength(267);
		expect(new Set(leads.map((l) => l.id)).size).toBe(267);
		expect((await log()).map((r) => r.query)).toEqual([
			{ limit: '250' },
			{ limit: '250', page: '2' },
		]);
	});

	it('without Return All reads pages until the Limit, and stops there', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			send({
				path: 'leads',
				returnAll: false,
				limit: 5,
				splitIntoItems: true,
				queryJson: { limit: 2 },
			}),
		);
		expect(out.map((l) => l.id)).toEqual(LEADS.slice(0, 5).map((l) => l.id));
		expect((await log()).map((r) => r.query)).toEqual([
			{ limit: '2' },
			{ limit: '2', page: '2' },
			{ limit: '2', page: '3' },
		]);
	});

	it('Return All on events reads 100 per page, the most amoCRM gives there', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			send({ path: 'events', returnAll: true, splitIntoItems: true }),
		);
		expect(out.length).toBeGreaterThan(0);
		expect(out.every((e) => typeof e.type === 'string')).toBe(true);
		expect(await log()).toEqual([
			{ call: 'GET /api/v4/events', query: { limit: '100' }, status: 200, body: undefined },
		]);
	});

	it('with the default Limit sends the list request as given and passes the answer on unchanged', async () => {
		const { out } = await runAmoCrm(sandbox, send({ path: 'leads' }));
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({ _page: 1, _links: { next: expect.any(Object) } });
		expect((out[0]._embedded as any).leads.map((l: any) => l.id)).toEqual(LEADS.map((l) => l.id));
		expect((await log()).map((r) => r.query)).toEqual([{}]);
	});

	it('sends a name given several times with all its values; the JSON query is merged over the pairs', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			send({
				path: 'leads',
				splitIntoItems: true,
				queryParameters: {
					parameter: [
						{ name: 'filter[id]', value: '30000002' },
						{ name: 'filter[id]', value: '30000004' },
						{ name: 'limit', value: '1' },
					],
				},
				queryJson: '{ "limit": 10 }',
			}),
		);
		expect(out.map((l) => l.id)).toEqual([30000002, 30000004]);
		expect((await log()).map((r) => r.query)).toEqual([
			{ filter: { id: { 0: '30000002', 1: '30000004' } }, limit: '10' },
		]);
	});

	it('an empty answer (204) is {} for a record, and no items for a split list', async () => {
		const record = await runAmoCrm(sandbox, send({ path: 'leads/39999999' }));
		expect(record.out).toEqual([{}]);
		const list = await runAmoCrm(
			sandbox,
			send({
				path: 'leads',
				splitIntoItems: true,
				returnAll: true,
				queryJson: { filter: { id: [39999999] } },
			}),
		);
		expect(list.out).toEqual([]);
		expect(list.error()).toBeUndefined();
		expect((await log()).map((r) => `${r.call} ${r.status}`)).toEqual([
			'GET /api/v4/leads/39999999 204',
			'GET /api/v4/leads 204',
		]);
	});
});

describe('API Request: writes', () => {
	it('POSTs the body as given; the created records come out split', async () => {
		const body = [
			{ name: 'Из API', price: 1500 },
			{ name: 'Из API 2', price: 10 },
		];
		const { out } = await runAmoCrm(
			sandbox,
			send({ method: 'POST', path: 'leads', body: JSON.stringify(body), splitIntoItems: true }),
		);
		const created = (await state(sandbox)).leads.filter((l: any) => l.name.startsWith('Из API'));
		expect(created.map((l: any) => [l.name, l.price])).toEqual([
			['Из API', 1500],
			['Из API 2', 10],
		]);
		expect(out.map((o) => o.id)).toEqual(created.map((l: any) => l.id));
		expect(await log()).toEqual([{ call: 'POST /api/v4/leads', query: {}, status: 200, body }]);
	});

	it('PATCHes one record with an object body given as an expression', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			send({
				method: 'PATCH',
				path: '=leads/{{ $json.id }}',
				body: '={{ { name: $json.name, price: 700 } }}',
			}),
			{ items: [{ id: 30000003, name: 'Переименована' }] },
		);
		expect(out[0]).toMatchObject({ id: 30000003 });
		expect((await state(sandbox)).leads.find((l: any) => l.id === 30000003)).toMatchObject({
			name: 'Переименована',
			price: 700,
		});
		expect(await log()).toEqual([
			{
				call: 'PATCH /api/v4/leads/30000003',
				query: {},
				status: 200,
				body: { name: 'Переименована', price: 700 },
			},
		]);
	});

	it('a DELETE with a body answered 204 gives {}', async () => {
		await seed(sandbox, {
			webhooks: [{ destination: 'https://hooks.example.com/a', settings: ['add_lead'] }],
		});
		const { out } = await runAmoCrm(
			sandbox,
			send({
				method: 'DELETE',
				path: 'webhooks',
				body: '{ "destination": "https://hooks.example.com/a" }',
			}),
		);
		expect(out).toEqual([{}]);
		expect((await state(sandbox)).webhooks).toEqual([]);
		expect(await log()).toEqual([
			{
				call: 'DELETE /api/v4/webhooks',
				query: {},
				status: 204,
				body: { destination: 'https://hooks.example.com/a' },
			},
		]);
	});

	it('sends /api/v2/ paths (salesbot) as they are', async () => {
		const body = [{ bot_id: 36143, entity_id: 30000001, entity_type: 2 }];
		const result = await runAmoCrm(
			sandbox,
			send({ method: 'POST', path: '/api/v2/salesbot/run', body: JSON.stringify(body) }),
			{ continueOnFail: true },
		);
		expect(result.out[0].error).toBeUndefined();
		expect(await log()).toEqual([
			{ call: 'POST /api/v2/salesbot/run', query: {}, status: 202, body },
		]);
		expect((await state(sandbox)).salesbot_runs).toEqual([
			expect.objectContaining({ action: 'run', bot_id: 36143, entity_id: 30000001 }),
		]);
		const unknownBot = await runAmoCrm(
			sandbox,
			send({
				method: 'POST',
				path: '/api/v2/salesbot/run',
				body: '[{ "bot_id": 1, "entity_id": 30000001, "entity_type": 2 }]',
			}),
			{ continueOnFail: true },
		);
		expect(unknownBot.out[0].error).toBe('amoCRM rejected the request: Бот не найден');
	});

	it('does not send a write again after a 5xx, so nothing is done twice; a read is retried', async () => {
		await faults(sandbox, { script: [500] });
		const write = await runAmoCrm(
			sandbox,
			send({ method: 'POST', path: 'leads', body: '[{ "name": "Один раз" }]' }),
		);
		expect(write.error()?.message).toBe('amoCRM answered with HTTP 500: internal error');
		await faults(sandbox, { script: [500] });
		const read = await runAmoCrm(sandbox, send({ path: 'leads/30000001' }));
		expect(read.out[0]).toMatchObject({ id: 30000001 });
		expect((await log()).map((r) => `${r.call} ${r.status}`)).toEqual([
			'POST /api/v4/leads 500',
			'GET /api/v4/leads/30000001 500',
			'GET /api/v4/leads/30000001 200',
		]);
	});
});

describe('API Request: refusals', () => {
	it.each([
		[
			'https://evil.example/api/v4/leads',
			'Path is a full URL; only a path under /api/v4/ or /api/v2/ is sent',
		],
		[
			'//evil.example/api/v4/leads',
			'Path is a full URL; only a path under /api/v4/ or /api/v2/ is sent',
		],
		['javascript:alert(1)', 'Path is a full URL; only a path under /api/v4/ or /api/v2/ is sent'],
		[
			'leads\\..\\..\\oauth2',
			'Path "leads\\..\\..\\oauth2" has characters amoCRM paths do not use',
		],
		[
			'leads/../../../oauth2/access_token',
			'Path "leads/../../../oauth2/access_token" has a ".." segment',
		],
		['/api/v4/../v3/leads', 'Path "/api/v4/../v3/leads" has a ".." segment'],
		['/api/v4/leads/./1', 'Path "/api/v4/leads/./1" has a "." segment'],
		['leads/%2e%2e/oauth2', 'Path "leads/%2e%2e/oauth2" has characters amoCRM paths do not use'],
		['/api/v3/leads', 'Path "/api/v3/leads" is not under /api/v4/ or /api/v2/'],
		['api/v1/leads', 'Path "api/v1/leads" is not under /api/v4/ or /api/v2/'],
		['/oauth2/access_token', 'Path "/oauth2/access_token" is not under /api/v4/ or /api/v2/'],
		[
			'/private/api/v2/json/leads',
			'Path "/private/api/v2/json/leads" is not under /api/v4/ or /api/v2/',
		],
		['leads?with=contacts', 'Path "leads" holds a query'],
		['/api/v4/', 'Path "/api/v4/" names no endpoint'],
		['   ', 'No path given'],
	])('refuses %p on its item and sends nothing', async (path, message) => {
		const { out } = await runAmoCrm(sandbox, send({ path: '={{ $json.path }}' }), {
			items: [{ path: 'account' }, { path }],
			continueOnFail: true,
		});
		expect(out[0]).toMatchObject({ id: AMOCRM_SANDBOX.accountId });
		expect(out[1].error).toBe(message);
		expect((await log()).map((r) => r.call)).toEqual(['GET /api/v4/account']);
	});

	it('stops the node on a refused path with the item named, when not continuing on fail', async () => {
		const result = await runAmoCrm(sandbox, send({ path: '={{ $json.path }}' }), {
			items: [{ path: 'account' }, { path: 'https://evil.example/x' }],
		});
		const error = result.error() as any;
		expect(error.message).toBe(
			'Path is a full URL; only a path under /api/v4/ or /api/v2/ is sent',
		);
		expect(error.context.itemIndex).toBe(1);
		expect(error.description).toContain('the account address comes from the credential');
	});

	it('refuses an invalid JSON body or query on its item; the valid items go on (error output)', async () => {
		const { run } = await runAmoCrm(
			sandbox,
			send({
				method: 'POST',
				path: 'leads',
				body: '={{ $json.body }}',
				queryJson: '={{ $json.query }}',
			}),
			{
				items: [
					{ body: '[{ "name": "Годная" }]', query: '' },
					{ body: '[{ "name": "Битая", }', query: '' },
					{ body: '"text"', query: '' },
					{ body: '', query: '{ with: contacts }' },
					{ body: '', query: '[1, 2]' },
				],
				errorOutput: true,
			},
		);
		const [success, failure] = run.data.resultData.runData.amoCRM[0].data!.main;
		expect(success!.map((i) => i.json._embedded)).toEqual([
			{ leads: [expect.objectContaining({ id: expect.any(Number) })] },
		]);
		expect(failure!.map((i) => [i.pairedItem, i.json.error])).toEqual([
			[{ item: 1 }, 'Body is not valid JSON'],
			[{ item: 2 }, 'Body is not a JSON object or list'],
			[{ item: 3 }, 'Query Parameters (JSON) is not valid JSON'],
			[{ item: 4 }, 'Query Parameters (JSON) is not a JSON object'],
		]);
		// With the error output n8n keeps only the message in json; the description stays on the error.
		expect(String((failure![0].error as any).description)).toMatch(/JSON/);
		expect((await state(sandbox)).leads.map((l: any) => l.name)).toContain('Годная');
		expect((await log()).map((r) => r.call)).toEqual(['POST /api/v4/leads']);
	});
});

describe('API Request: the transport’s limits and errors', () => {
	it('keeps under 7 requests per second: 15 requests in a row get no 429 (before any 429 has slowed the pace)', async () => {
		const items = Array.from({ length: 15 }, (_, i) => ({ id: LEADS[i % 7].id }));
		const started = Date.now();
		const { out } = await runAmoCrm(sandbox, send({ path: '=leads/{{ $json.id }}' }), { items });
		expect(out.map((o) => o.id)).toEqual(items.map((i) => i.id));
		expect((await log()).filter((r) => r.status === 429)).toHaveLength(0);
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
	});

	it('waits out 429s, also between the pages of a list, like every operation', async () => {
		await faults(sandbox, { script: [429, 429] });
		const { out } = await runAmoCrm(sandbox, send({ path: 'leads/30000001' }));
		expect(out[0]).toMatchObject({ id: 30000001 });
		expect((await log()).map((r) => r.status)).toEqual([429, 429, 200]);
		// amoCRM leaves this token one request a second: the pages after the first meet 429s.
		await reset(sandbox);
		await seed(sandbox, { leads: LEADS });
		await faults(sandbox, { rps: 1 });
		const list = await runAmoCrm(
			sandbox,
			send({ path: 'leads', returnAll: true, splitIntoItems: true, queryJson: { limit: 3 } }),
		);
		expect(list.out.map((l) => l.id)).toEqual(LEADS.map((l) => l.id));
		const pages = await log();
		expect(pages.filter((r) => r.status === 200).map((r) => r.query.page ?? '1')).toEqual([
			'1',
			'2',
			'3',
		]);
		expect(pages.filter((r) => r.status === 429).length).toBeGreaterThan(0);
		expect(pages.every((r) => r.status === 200 || r.status === 429)).toBe(true);
	}, 60_000);

	it('stops on 403 saying the account is blocked, without retrying', async () => {
		await faults(sandbox, { block403: true });
		const result = await runAmoCrm(
			sandbox,
			send({ method: 'POST', path: 'leads', body: '[{ "name": "x" }]' }),
			{ continueOnFail: true },
		);
		expect(result.out[0]).toMatchObject({
			error: 'amoCRM has blocked API access for this account (HTTP 403)',
			httpCode: '403',
		});
		expect(String(result.out[0].description)).toContain('The node does not retry a 403');
		expect((await log()).map((r) => `${r.call} ${r.status}`)).toEqual(['POST /api/v4/leads 403']);
	});

	it('says an administrator’s token is needed when a manager’s token reads users', async () => {
		const credentials = credentialsFor(sandbox);
		credentials.amoCrmApi = { ...credentials.amoCrmApi, accessToken: AMOCRM_SANDBOX.managerToken };
		const result = await runAmoCrm(sandbox, send({ path: 'users' }), { credentials });
		expect(result.error()?.message).toBe(
			'amoCRM refused: this needs the token of an account administrator (HTTP 403)',
		);
		expect(
			JSON.stringify({
				message: result.error()?.message,
				description: (result.error() as any).description,
			}),
		).not.toContain(AMOCRM_SANDBOX.managerToken);
		expect(await log()).toHaveLength(1);
	});

	it('says the token is expired or revoked on 401, without showing it', async () => {
		const credentials = credentialsFor(sandbox);
		credentials.amoCrmApi = { ...credentials.amoCrmApi, accessToken: 'expired-token-api-request' };
		const result = await runAmoCrm(sandbox, send({ path: 'leads/30000001' }), { credentials });
		const error = result.error() as any;
		expect(error.message).toBe('amoCRM did not accept the token: it is wrong, expired or revoked');
		expect(error.context.itemIndex).toBe(0);
		expect(
			JSON.stringify({
				message: error.message,
				description: error.description,
				context: error.context,
			}),
		).not.toContain('expired-token-api-request');
		// n8n's httpRequestWithAuthentication sends a request answered 401 once more after re-authenticating; the node adds no retry.
		expect((await log()).map((r) => `${r.call} ${r.status}`)).toEqual([
			'GET /api/v4/leads/30000001 401',
			'GET /api/v4/leads/30000001 401',
		]);
	});
});
