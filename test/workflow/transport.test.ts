import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import {
	apiRequests,
	control,
	credentialsFor,
	faults,
	runAmoCrm,
	seed,
	state,
	useSandbox,
} from './amocrm';

const sandbox = useSandbox();
beforeEach(async () => {
	await seed(sandbox, { contacts: [{ id: 5, name: 'Анна' }] });
});

const getContact = {
	resource: 'contact',
	operation: 'get',
	contactId: { __rl: true, mode: 'id', value: '5' },
};
const createContact = { resource: 'contact', operation: 'create', name: 'Новый' };

const expectNoSecrets = (text: string) => {
	expect(text).not.toContain(AMOCRM_SANDBOX.longLivedToken);
	expect(text).not.toContain(AMOCRM_SANDBOX.oauth.accessToken);
	expect(text).not.toContain(AMOCRM_SANDBOX.oauth.clientSecret);
};

describe('transport', () => {
	it('waits out a burst of 429 and retries', async () => {
		await faults(sandbox, { script: [429, 429] });
		const { out } = await runAmoCrm(sandbox, getContact);
		expect(out[0]).toMatchObject({ id: 5 });
		expect((await apiRequests(sandbox)).map((r) => r.status)).toEqual([429, 429, 200]);
	});

	it('retries a read after 5xx and a dropped connection', async () => {
		await faults(sandbox, { script: [500, 'reset', 503] });
		const { out } = await runAmoCrm(sandbox, getContact);
		expect(out[0]).toMatchObject({ id: 5 });
		expect((await apiRequests(sandbox)).map((r) => r.status)).toEqual([500, 0, 503, 200]);
	});

	it('does not send a creation again after a 5xx: it looks for the record and says the outcome is unknown', async () => {
		await faults(sandbox, { script: [500] });
		const result = await runAmoCrm(sandbox, createContact);
		expect(result.error()?.message).toBe(
			'Outcome unknown: amoCRM may or may not have created this record (amoCRM answered with HTTP 500: internal error)',
		);
		const log = await apiRequests(sandbox);
		expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /api/v4/contacts',
			'GET /api/v4/contacts',
		]);
		expect(log[1].query).toMatchObject({ order: { id: 'desc' } });
		expect((await state(sandbox)).contacts).toHaveLength(1);
	});

	it('says the token is expired or revoked on 401, without showing it', async () => {
		const credentials = credentialsFor(sandbox);
		credentials.amoCrmApi = { ...credentials.amoCrmApi, accessToken: 'expired-token' };
		const result = await runAmoCrm(sandbox, getContact, { credentials });
		const error = result.error() as any;
		expect(error.message).toBe('amoCRM did not accept the token: it is wrong, expired or revoked');
		expectNoSecrets(
			JSON.stringify({
				message: error.message,
				description: error.description,
				context: error.context,
			}),
		);
	});

	it('says the subscription lapsed on 402', async () => {
		await seed(sandbox, { account: { paymentRequired: true } });
		const result = await runAmoCrm(sandbox, getContact);
		expect(result.error()?.message).toBe(
			'The amoCRM account subscription has lapsed (HTTP 402 Payment Required)',
		);
	});

	it.each([false, true])(
		'stops on 403 saying the account is blocked, without retrying (HTML page: %p)',
		async (htmlErrors) => {
			await faults(sandbox, { block403: true, htmlErrors });
			const result = await runAmoCrm(sandbox, createContact, { continueOnFail: true });
			expect(result.out[0].error).toBe('amoCRM has blocked API access for this account (HTTP 403)');
			expect(String(result.out[0].description)).toContain('until its support lifts the block');
			expect(String(result.out[0].description)).not.toContain('<');
			expect(await apiRequests(sandbox)).toHaveLength(1);
		},
	);

	it('waits as long as retry_after in the 429 body says', async () => {
		await faults(sandbox, { script: [429], retryAfter: 2 });
		const { out } = await runAmoCrm(sandbox, getContact);
		expect(out[0]).toMatchObject({ id: 5 });
		const log = await apiRequests(sandbox);
		expect(log.map((r) => r.status)).toEqual([429, 200]);
		expect(
			(log[1] as any).time - ((log[0] as any).time + (log[0] as any).durationMs),
		).toBeGreaterThanOrEqual(1990);
	});

	it('waits out a 429 that comes as an HTML page', async () => {
		await faults(sandbox, { script: [429, 429], htmlErrors: true });
		const { out } = await runAmoCrm(sandbox, getContact);
		expect(out[0]).toMatchObject({ id: 5 });
		expect((await apiRequests(sandbox)).map((r) => r.status)).toEqual([429, 429, 200]);
	});

	it('says an admin token is needed when a manager’s token lists users', async () => {
		const credentials = credentialsFor(sandbox);
		credentials.amoCrmApi = { ...credentials.amoCrmApi, accessToken: AMOCRM_SANDBOX.managerToken };
		const result = await runAmoCrm(
			sandbox,
			{ resource: 'user', operation: 'getAll', returnAll: true },
			{ credentials },
		);
		expect(result.error()?.message).toBe(
			'amoCRM refused: this needs the token of an account administrator (HTTP 403)',
		);
		expect(await apiRequests(sandbox)).toHaveLength(1);
		expect(
			JSON.stringify({
				message: result.error()?.message,
				description: (result.error() as any).description,
			}),
		).not.toContain(AMOCRM_SANDBOX.managerToken);
	});

	it('keeps under 7 requests per second: 30 reads in a row get no 429', async () => {
		await seed(sandbox, {
			contacts: Array.from({ length: 30 }, (_, i) => ({ id: 100 + i, name: `c${i}` })),
		});
		const items = Array.from({ length: 30 }, (_, i) => ({ id: 100 + i }));
		const started = Date.now();
		const { out } = await runAmoCrm(
			sandbox,
			{ ...getContact, contactId: { __rl: true, mode: 'id', value: '={{$json.id}}' } },
			{ items },
		);
		expect(out).toHaveLength(30);
		const log = await apiRequests(sandbox);
		expect(log.filter((r) => r.status === 429)).toHaveLength(0);
		expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
	});

	it('refreshes an expired OAuth2 token once and goes on', async () => {
		await control(sandbox, 'POST', 'oauth', { expireAccessTokens: true });
		const result = await runAmoCrm(sandbox, { ...getContact, authentication: 'oAuth2' });
		expect(result.out[0]).toMatchObject({ id: 5 });
		expect(result.credentialUpdates).toHaveLength(1);
		const refreshed = result.credentialUpdates[0].data.oauthTokenData as any;
		expect(refreshed.refresh_token).not.toBe(AMOCRM_SANDBOX.oauth.refreshToken);
		const log = await apiRequests(sandbox);
		expect(log.map((r) => r.status)).toEqual([401, 200]);
	});
	it('OAuth2 token refreshed by another execution meanwhile (n8n 1.x does not share refreshes): its refusal is followed by one more try with the saved token', async () => {
		await control(sandbox, 'POST', 'oauth', { expireAccessTokens: true });
		// The other execution: it spends the refresh token first and saves the new access token.
		const form = {
			client_id: AMOCRM_SANDBOX.oauth.clientId,
			client_secret: AMOCRM_SANDBOX.oauth.clientSecret,
			grant_type: 'refresh_token',
			refresh_token: AMOCRM_SANDBOX.oauth.refreshToken,
		};
		const renewed = (await (
			await fetch(`${sandbox.url}/oauth2/access_token`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(form),
			})
		).json()) as any;
		const stale = credentialsFor(sandbox);
		const saved = {
			...stale.amoCrmOAuth2Api,
			oauthTokenData: {
				...(stale.amoCrmOAuth2Api.oauthTokenData as object),
				access_token: renewed.access_token,
				refresh_token: renewed.refresh_token,
			},
		};
		// The saved token shows once this run's own refresh has been refused, as when the other saves a moment later.
		const refusedRefresh = () =>
			sandbox.requests.some((r) => r.path === '/oauth2/access_token' && r.status === 401);
		const store = { amoCrmApi: stale.amoCrmApi } as typeof stale;
		Object.defineProperty(store, 'amoCrmOAuth2Api', {
			enumerable: true,
			get: () => (refusedRefresh() ? saved : stale.amoCrmOAuth2Api),
			set: () => undefined,
		});
		const result = await runAmoCrm(
			sandbox,
			{ ...getContact, authentication: 'oAuth2' },
			{ credentials: store },
		);
		expect(result.out[0]).toMatchObject({ id: 5 });
		expect((await apiRequests(sandbox)).map((r) => r.status)).toEqual([401, 200]);
		expect(
			sandbox.requests.filter((r) => r.path === '/oauth2/access_token').map((r) => r.status),
		).toEqual([200, 401]);
	});

	it('OAuth2 refresh token spent and no new token saved: one refusal, no second try', async () => {
		await control(sandbox, 'POST', 'oauth', {
			expireAccessTokens: true,
			revokeRefreshTokens: true,
		});
		const result = await runAmoCrm(sandbox, { ...getContact, authentication: 'oAuth2' });
		expect(result.error()?.message).toBe(
			'amoCRM did not accept the token: it is wrong, expired or revoked',
		);
		expect((await apiRequests(sandbox)).map((r) => r.status)).toEqual([401]);
		expect(
			sandbox.requests.filter((r) => r.path === '/oauth2/access_token').map((r) => r.status),
		).toEqual([401]);
	});

	// Last: amoCRM's long wait keeps this credential paused for a minute, for the tests after it too.
	it('does not wait minutes: a retry_after beyond a minute fails the item at once, naming the wait', async () => {
		await faults(sandbox, { script: [429], retryAfter: 300 });
		const result = await runAmoCrm(sandbox, getContact);
		expect(result.error()?.message).toBe(
			'amoCRM asked to wait 300 s before the next request (HTTP 429)',
		);
		expect(await apiRequests(sandbox)).toHaveLength(1);
	});
});
