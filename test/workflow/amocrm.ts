// Shared set-up for in-process workflow tests: a fresh amoCRM sandbox per test file on a free
// loopback port, credentials pointing at it, and helpers to read its state and request log.
import type { IDataObject } from 'n8n-workflow';

import { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { chain, runWorkflow, type CredentialStore, PACKAGE, type TestFile } from './harness';

export type Sandbox = Awaited<ReturnType<typeof startAmoCrmSandbox>>;

export async function startSandbox(): Promise<Sandbox> {
	return await startAmoCrmSandbox(0);
}

/**
 * Starts a sandbox for the test file (closed after it) and resets it before each test. The returned
 * object is filled in when the sandbox has started, so test bodies can use it directly.
 */
export function useSandbox(): Sandbox {
	const sandbox = {} as Sandbox;
	beforeAll(async () => {
		Object.assign(sandbox, await startSandbox());
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(async () => {
		await reset(sandbox);
	});
	return sandbox;
}

export function credentialsFor(sandbox: Sandbox): CredentialStore {
	return {
		amoCrmApi: {
			zone: 'custom',
			baseUrl: sandbox.url,
			subdomain: '',
			accessToken: AMOCRM_SANDBOX.longLivedToken,
		},
		amoCrmOAuth2Api: {
			zone: 'custom',
			baseUrl: sandbox.url,
			subdomain: '',
			clientId: AMOCRM_SANDBOX.oauth.clientId,
			clientSecret: AMOCRM_SANDBOX.oauth.clientSecret,
			grantType: 'authorizationCode',
			authUrl: `${sandbox.url}/oauth`,
			accessTokenUrl: `${sandbox.url}/oauth2/access_token`,
			authentication: 'body',
			scope: '',
			authQueryParameters: '',
			oauthTokenData: {
				access_token: AMOCRM_SANDBOX.oauth.accessToken,
				refresh_token: AMOCRM_SANDBOX.oauth.refreshToken,
				token_type: 'Bearer',
				expires_in: 86400,
			},
		},
	};
}

export async function control(
	sandbox: Sandbox,
	method: 'GET' | 'POST' | 'DELETE',
	path: string,
	body?: unknown,
): Promise<any> {
	const response = await fetch(`${sandbox.url}/__sandbox/${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return await response.json();
}

export const reset = (sandbox: Sandbox) => control(sandbox, 'POST', 'reset');
export const seed = (sandbox: Sandbox, body: IDataObject) => control(sandbox, 'POST', 'seed', body);
export const state = (sandbox: Sandbox) => control(sandbox, 'GET', 'state');
export const requests = async (
	sandbox: Sandbox,
): Promise<
	Array<{
		method: string;
		path: string;
		query: any;
		status: number;
		time: number;
		body?: any;
		bytes?: number;
	}>
> => await control(sandbox, 'GET', 'requests');
export const faults = (sandbox: Sandbox, body: IDataObject) =>
	control(sandbox, 'POST', 'faults', body);

/** API requests only (the log holds nothing else, but keep the intent explicit). */
export const apiRequests = async (sandbox: Sandbox) =>
	(await requests(sandbox)).filter((r) => r.path.startsWith('/api/v4/'));

/** An input item with files: `binary` maps a binary field to a file's bytes (base64), name and MIME type. */
export type FileItem = { json?: IDataObject; binary?: Record<string, TestFile> };

/** Runs one AmoCrm node fed by `items`, or by `files` (items with binary data); one empty item when both are omitted. */
export async function runAmoCrm(
	sandbox: Sandbox,
	parameters: IDataObject,
	options: {
		items?: IDataObject[];
		files?: FileItem[];
		continueOnFail?: boolean;
		errorOutput?: boolean;
		credentials?: CredentialStore;
	} = {},
) {
	const nodes: any[] = [];
	if (options.items)
		nodes.push({
			name: 'Items',
			type: 'test.items',
			credentials: {},
			parameters: { items: JSON.stringify(options.items) },
		});
	if (options.files)
		nodes.push({
			name: 'Files',
			type: 'test.files',
			credentials: {},
			parameters: { items: JSON.stringify(options.files) },
		});
	const oauth = parameters.authentication === 'oAuth2';
	nodes.push({
		name: 'amoCRM',
		type: `${PACKAGE}.amoCrm`,
		credentials: oauth ? { amoCrmOAuth2Api: { id: 'cred-2', name: 'amoCRM OAuth2' } } : undefined,
		parameters,
		onError: options.errorOutput
			? 'continueErrorOutput'
			: options.continueOnFail
				? 'continueRegularOutput'
				: undefined,
	});
	const result = await runWorkflow(chain(nodes), options.credentials ?? credentialsFor(sandbox));
	return { ...result, out: result.output('amoCRM') };
}
