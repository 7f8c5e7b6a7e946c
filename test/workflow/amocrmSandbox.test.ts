// The amoCRM sandbox answers the way the public evidence says amoCRM answers (DESIGN §5), each reading
// under its fault key: literal search, 429 with `retry_after`, HTML error pages, the 403 block after
// repeated 429s, the account-wide limit, 504 on big writes, partial saves, complex-lead quirks,
// ignored filters, calls from unknown numbers, the exact redirect URI, admin-only calls.
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { control, faults, requests, seed, state, useSandbox } from './amocrm';

const sandbox = useSandbox();
const F = AMOCRM_SANDBOX.fields;

async function api(
	method: string,
	path: string,
	body?: unknown,
	token: string = AMOCRM_SANDBOX.longLivedToken,
) {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
		redirect: 'manual',
	});
	const text = await response.text();
	let json: any;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return {
		status: response.status,
		contentType: response.headers.get('content-type') ?? '',
		text,
		json,
		location: response.headers.get('location'),
	};
}

const phone = (value: string) => [
	{ field_id: F.contactPhone, values: [{ value, enum_code: 'WORK' }] },
];
const foundIds = async (query: string) =>
	(
		(await api('GET', `/api/v4/contacts?query=${encodeURIComponent(query)}`)).json?._embedded
			?.contacts ?? []
	).map((c: any) => c.id);

describe('search', () => {
	beforeEach(async () => {
		await seed(sandbox, {
			contacts: [{ id: 1, name: 'Иван', custom_fields_values: phone('+7 (931) 604-70-33_') }],
		});
	});

	it('matches stored text as stored by default, as seed 000 shows', async () => {
		expect(await foundIds('604-70-33_')).toEqual([1]);
		expect(await foundIds('604-70-33')).toEqual([1]);
		expect(await foundIds('иван')).toEqual([1]);
		expect(await foundIds('9316047033')).toEqual([]);
		expect(await foundIds('604 70 33')).toEqual([]);
	});

	it('matches digits ignoring formatting when phoneSearch is "digits", until reset', async () => {
		await faults(sandbox, { phoneSearch: 'digits' });
		expect(await foundIds('9316047033')).toEqual([1]);
		await control(sandbox, 'POST', 'reset');
		await seed(sandbox, {
			contacts: [{ id: 1, name: 'Иван', custom_fields_values: phone('+7 (931) 604-70-33_') }],
		});
		expect(await foundIds('9316047033')).toEqual([]);
	});
});

describe('limits', () => {
	it('puts retry_after in a 429 body, or answers with an HTML page', async () => {
		await faults(sandbox, { script: [429], retryAfter: 7 });
		const json = await api('GET', '/api/v4/account');
		expect(json).toMatchObject({ status: 429, json: { retry_after: 7 } });
		await faults(sandbox, { script: [429], htmlErrors: true });
		const html = await api('GET', '/api/v4/account');
		expect(html.status).toBe(429);
		expect(html.contentType).toContain('text/html');
		expect(html.text).toContain('nginx');
	});

	it('blocks the account with 403 after blockAfter429s answers of 429 within a minute, until block403: false', async () => {
		await faults(sandbox, { blockAfter429s: 3, rate429: 1, htmlErrors: true });
		for (let i = 0; i < 3; i++) expect((await api('GET', '/api/v4/account')).status).toBe(429);
		await faults(sandbox, { rate429: 0 });
		const blocked = await api('GET', '/api/v4/account');
		expect(blocked.status).toBe(403);
		expect(blocked.text).toContain('403 Forbidden');
		expect((await control(sandbox, 'GET', 'faults')).block403).toBe(true);
		await faults(sandbox, { block403: false });
		expect((await api('GET', '/api/v4/account')).status).toBe(200);
	});

	/**
	 * Requests sent at once may arrive over more than a second on a busy machine, so each answer is judged
	 * against the arrivals the log records: refused exactly when `limit` requests were let through in the
	 * second before it arrived.
	 */
	async function expectLimitedTo(limit: number, sent: number) {
		const log = (await requests(sandbox)).filter((r) => r.path === '/api/v4/account');
		expect(log).toHaveLength(sent);
		const judged = log.map((r, i) => {
			const passedInTheSecondBefore = log
				.slice(0, i)
				.filter((o) => o.status === 200 && r.time - o.time < 1000).length;
			return { status: r.status, expected: passedInTheSecondBefore >= limit ? 429 : 200 };
		});
		expect(judged.map((j) => j.status)).toEqual(judged.map((j) => j.expected));
		expect(judged.filter((j) => j.status === 429).length).toBeGreaterThan(0);
	}

	it('counts 50 requests a second over all tokens of the account, 7 per token', async () => {
		await faults(sandbox, { rps: 0 });
		await Promise.all(
			Array.from({ length: 60 }, (_, i) =>
				api(
					'GET',
					'/api/v4/account',
					undefined,
					i % 2 ? AMOCRM_SANDBOX.longLivedToken : AMOCRM_SANDBOX.managerToken,
				),
			),
		);
		await expectLimitedTo(50, 60);
		await control(sandbox, 'POST', 'reset');
		await faults(sandbox, { rps: 7 });
		await Promise.all(Array.from({ length: 9 }, () => api('GET', '/api/v4/account')));
		await expectLimitedTo(7, 9);
	});
});

describe('writes', () => {
	const contacts = (count: number) =>
		Array.from({ length: count }, (_, i) => ({ name: `c${i}`, request_id: String(i) }));

	it.each([false, true])(
		'answers 504 to writes over timeoutWritesOver, saving them or not (timeoutSaves %p)',
		async (timeoutSaves) => {
			await faults(sandbox, { timeoutWritesOver: 2, timeoutSaves });
			expect((await api('POST', '/api/v4/contacts', contacts(2))).status).toBe(200);
			const big = await api('POST', '/api/v4/contacts', contacts(3));
			expect(big.status).toBe(504);
			expect((await state(sandbox)).contacts).toHaveLength(timeoutSaves ? 5 : 2);
		},
	);

	it.each([false, true])(
		'refuses a batch with a bad element, saving the valid ones or not (partialSave %p)',
		async (partialSave) => {
			await faults(sandbox, { partialSave });
			const answer = await api('POST', '/api/v4/contacts', [
				{ name: 'ok', request_id: 'a' },
				{ name: 'bad', responsible_user_id: 1, request_id: 'b' },
			]);
			expect(answer.status).toBe(400);
			expect(answer.json['validation-errors']).toEqual([
				expect.objectContaining({ request_id: 'b' }),
			]);
			expect((await state(sandbox)).contacts.map((c: any) => c.name)).toEqual(
				partialSave ? ['ok'] : [],
			);
		},
	);

	it('refuses a call batch with a number nobody has: 400 Entity not found, nothing filed', async () => {
		await seed(sandbox, {
			contacts: [{ id: 1, name: 'Иван', custom_fields_values: phone('+79316047033') }],
		});
		const calls = [
			{ direction: 'inbound', phone: '+79316047033', duration: 5, source: 'pbx', request_id: '0' },
			{ direction: 'inbound', phone: '+79000000000', duration: 5, source: 'pbx', request_id: '1' },
		];
		const answer = await api('POST', '/api/v4/calls', calls);
		expect(answer.status).toBe(400);
		expect(answer.json).toMatchObject({ _total_items: 0, errors: [{ title: 'Entity not found' }] });
		expect((await state(sandbox)).notes).toHaveLength(0);
		await faults(sandbox, { partialSave: true });
		expect((await api('POST', '/api/v4/calls', calls)).status).toBe(400);
		expect((await state(sandbox)).notes).toHaveLength(1);
	});
});

describe('complex leads', () => {
	beforeEach(async () => {
		await seed(sandbox, {
			contacts: [{ id: 1, name: 'Иван', custom_fields_values: phone('+7 (931) 604-70-33') }],
			companies: [{ id: 2, name: 'Ромашка' }],
			leads: [{ id: 3, name: 'Открытая', _embedded: { contacts: [{ id: 1 }] } }],
		});
	});

	it('leaves out an existing company given by ID unless complexLinksCompany, answering as HAL', async () => {
		const dropped = await api('POST', '/api/v4/leads/complex', [
			{ name: 'A', _embedded: { companies: [{ id: 2 }] } },
		]);
		expect(dropped.contentType).toContain('application/hal+json');
		expect(dropped.json[0]).toMatchObject({ company_id: null, merged: false });
		await faults(sandbox, { complexLinksCompany: true });
		const linked = await api('POST', '/api/v4/leads/complex', [
			{ name: 'B', _embedded: { companies: [{ id: 2 }] } },
		]);
		expect(linked.json[0]).toMatchObject({ company_id: 2 });
	});

	it('merges a lead for a client with an open lead when duplicateControl is on, one answer for several', async () => {
		await faults(sandbox, { duplicateControl: true });
		const answer = await api('POST', '/api/v4/leads/complex', [
			{
				name: 'A',
				request_id: 'a',
				_embedded: {
					contacts: [
						{
							name: 'Иван',
							custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '89316047033' }] }],
						},
					],
				},
			},
			{ name: 'B', request_id: 'b', _embedded: { contacts: [{ id: 1 }] } },
		]);
		expect(answer.json).toEqual([
			{ id: 3, contact_id: 1, company_id: null, request_id: ['a', 'b'], merged: true },
		]);
		expect((await state(sandbox)).leads).toHaveLength(1);
	});
});

describe('filters', () => {
	beforeEach(async () => {
		await seed(sandbox, {
			contacts: [
				{ id: 1, name: 'a' },
				{ id: 2, name: 'b', responsible_user_id: AMOCRM_SANDBOX.users.anna },
			],
		});
	});
	const ids = async (query: string) =>
		((await api('GET', `/api/v4/contacts?${query}`)).json?._embedded?.contacts ?? []).map(
			(c: any) => c.id,
		);

	it.each([
		[false, [2], [2]],
		[true, [1, 2], [2]],
		['all', [1, 2], [1, 2]],
	])(
		'filtersIgnored %p: a responsible filter gives %p, an ID filter %p',
		async (filtersIgnored, byResponsible, byId) => {
			await faults(sandbox, { filtersIgnored });
			expect(await ids(`filter[responsible_user_id]=${AMOCRM_SANDBOX.users.anna}`)).toEqual(
				byResponsible,
			);
			expect(await ids('filter[id][]=2')).toEqual(byId);
			expect(
				(await api('GET', '/api/v4/account?with=is_api_filter_enabled')).json.is_api_filter_enabled,
			).toBe(!filtersIgnored);
		},
	);
});

describe('access', () => {
	it('answers 403 to a manager’s token on users and webhooks, 200 on the rest', async () => {
		const users = await api('GET', '/api/v4/users', undefined, AMOCRM_SANDBOX.managerToken);
		expect(users.status).toBe(403);
		expect(users.contentType).toContain('application/problem+json');
		expect(
			(await api('GET', '/api/v4/webhooks', undefined, AMOCRM_SANDBOX.managerToken)).status,
		).toBe(403);
		expect(
			(await api('GET', '/api/v4/account', undefined, AMOCRM_SANDBOX.managerToken)).status,
		).toBe(200);
	});

	it('takes only the integration’s own redirect URI, exactly', async () => {
		const form = (extra: Record<string, string>) =>
			fetch(`${sandbox.url}/oauth2/access_token`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					client_id: AMOCRM_SANDBOX.oauth.clientId,
					client_secret: AMOCRM_SANDBOX.oauth.clientSecret,
					grant_type: 'refresh_token',
					refresh_token: AMOCRM_SANDBOX.oauth.refreshToken,
					...extra,
				}),
			});
		expect((await form({ redirect_uri: `${AMOCRM_SANDBOX.oauth.redirectUri}/` })).status).toBe(400);
		expect((await form({ redirect_uri: AMOCRM_SANDBOX.oauth.redirectUri })).status).toBe(200);
		const consent = await api(
			'GET',
			`/oauth?client_id=${AMOCRM_SANDBOX.oauth.clientId}&redirect_uri=${encodeURIComponent('https://attacker.example/cb')}&state=s`,
		);
		expect(consent.status).toBe(302);
		expect(consent.location).toMatch(
			new RegExp(`^${AMOCRM_SANDBOX.oauth.redirectUri.replace(/[.?]/g, '\\$&')}\\?code=`),
		);
	});
});
