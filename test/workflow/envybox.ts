// Shared set-up for Envybox workflow tests: a fresh sandbox per test file, the credential that
// reaches it, and helpers to read its state and request log.
import type { IDataObject } from 'n8n-workflow';

import { startEnvyboxSandbox } from '../sandbox/envybox/server';
import { ENVYBOX_SANDBOX } from '../sandbox/envybox/state';
import { chain, type CredentialStore, PACKAGE, runWorkflow } from './harness';

export type EnvyboxSandbox = Awaited<ReturnType<typeof startEnvyboxSandbox>>;

export function useEnvyboxSandbox(): EnvyboxSandbox {
	const sandbox = {} as EnvyboxSandbox;
	beforeAll(async () => {
		Object.assign(sandbox, await startEnvyboxSandbox(0));
	});
	afterAll(async () => await sandbox.close());
	beforeEach(async () => {
		await control(sandbox, 'POST', 'reset');
	});
	return sandbox;
}

export const envyboxCredentials = (
	sandbox: EnvyboxSandbox,
	apiKey: string = ENVYBOX_SANDBOX.apiKey,
): CredentialStore => ({
	envyboxApi: { crmUrl: `${sandbox.url}/`, apiKey },
});

export async function control(
	sandbox: EnvyboxSandbox,
	method: 'GET' | 'POST',
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

export const state = (sandbox: EnvyboxSandbox) => control(sandbox, 'GET', 'state');
export const seed = (sandbox: EnvyboxSandbox, body: IDataObject) =>
	control(sandbox, 'POST', 'seed', body);
export const apiRequests = async (
	sandbox: EnvyboxSandbox,
): Promise<Array<{ method: string; path: string; query: any; status: number; body?: any }>> =>
	(await control(sandbox, 'GET', 'requests')).filter((r: any) => r.path.startsWith('/openapi/'));

/** Runs one Envybox node fed by `items` (one empty item when omitted). */
export async function runEnvybox(
	sandbox: EnvyboxSandbox,
	parameters: IDataObject,
	options: { items?: IDataObject[]; continueOnFail?: boolean; apiKey?: string } = {},
) {
	const nodes: any[] = [];
	if (options.items)
		nodes.push({
			name: 'Items',
			type: 'test.items',
			credentials: {},
			parameters: { items: JSON.stringify(options.items) },
		});
	nodes.push({
		name: 'Envybox',
		type: `${PACKAGE}.envybox`,
		credentials: { envyboxApi: { id: 'env-1', name: 'Envybox sandbox' } },
		parameters,
		onError: options.continueOnFail ? 'continueRegularOutput' : undefined,
	});
	const result = await runWorkflow(chain(nodes), envyboxCredentials(sandbox, options.apiKey));
	return { ...result, out: result.output('Envybox') };
}
