// The package installed the way users install community nodes: published to an npm registry (a
// private one on the loopback interface, verdaccio) and installed, updated and uninstalled through
// the REST endpoint that n8n's Settings → Community Nodes calls, in a running n8n 2.41.1 that
// started with no package and with N8N_COMMUNITY_PACKAGES_REGISTRY pointing at that registry.
//
// A custom registry is a licensed n8n feature (feat:communityNodes:customRegistry): without it n8n
// refuses to install from one (the second test shows the refusal). n8n's own end-to-end mode
// (E2E_TESTS=true) lets the suite switch that one feature on through PATCH /rest/e2e/feature; every
// other licensed feature stays off, as on an unlicensed instance.
import fs from 'node:fs';
import path from 'node:path';

import { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import {
	apiKey,
	type EditorSession,
	logIn,
	type N8nHome,
	PACKAGE,
	type RestAnswer,
	prepareHome,
	publicApi,
	ROOT,
	type RunningN8n,
	startN8n,
} from './n8n';
import {
	type LocalRegistry,
	type PublishedVersion,
	type RegistryRequest,
	startRegistry,
} from './registry';

jest.setTimeout(10 * 60 * 1000);

// Its task broker takes N8N_PORT + 10. The other suites and benchmarks keep n8n and their brokers
// below 5790 (an n8n on 5740 has its broker on 5750).
const N8N_PORT = 5800;
const REGISTRY_PORT = 4890;
const CUSTOM_REGISTRY_FEATURE = 'feat:communityNodes:customRegistry';
/** The nodes and credentials the package declares (package.json `n8n`). */
const NODES = [
	{ name: 'amoCRM', type: `${PACKAGE}.amoCrm`, latestVersion: 1 },
	{ name: 'amoCRM Trigger', type: `${PACKAGE}.amoCrmTrigger`, latestVersion: 1 },
	{ name: 'Envybox', type: `${PACKAGE}.envybox`, latestVersion: 1 },
	{ name: 'Envybox Trigger', type: `${PACKAGE}.envyboxTrigger`, latestVersion: 1 },
	{ name: 'Envybox Webhook Trigger', type: `${PACKAGE}.envyboxWebhookTrigger`, latestVersion: 1 },
];
/** The editor's list also has a Tool variant of each node usable as an AI agent's tool. */
const LISTED_NODE_TYPES = [
	...NODES.map((node) => node.type),
	`${PACKAGE}.amoCrmTool`,
	`${PACKAGE}.envyboxTool`,
].sort();
const CREDENTIAL_TYPES = ['amoCrmApi', 'amoCrmOAuth2Api', 'envyboxApi'];
const HOOK_PATH = 'community-install-contact';

let registry: LocalRegistry | undefined;
let sandbox: Awaited<ReturnType<typeof startAmoCrmSandbox>> | undefined;
let home: N8nHome | undefined;
let n8n: RunningN8n | undefined;
let editor: EditorSession;
let first: PublishedVersion;
let second: PublishedVersion;
let workflowId = '';
let api: ReturnType<typeof publicApi>;

const packageFolder = () => path.join(home!.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE);
const ledger = () =>
	JSON.parse(fs.readFileSync(path.join(home!.userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'));
const installedVersionOnDisk = () =>
	JSON.parse(fs.readFileSync(path.join(packageFolder(), 'package.json'), 'utf8')).version;
/** The package's nodes in the list the editor loads (`/types/nodes.json`). */
const listedNodes = async (): Promise<any[]> =>
	((await editor.file('/types/nodes.json')) as any[]).filter((node) =>
		node.name.startsWith(`${PACKAGE}.`),
	);
const listedNodeTypes = async (): Promise<string[]> =>
	[...new Set((await listedNodes()).map((node) => node.name as string))].sort();
/** The package version n8n loaded each listed node from. */
const listedPackageVersions = async (): Promise<string[]> => [
	...new Set((await listedNodes()).map((node) => node.communityNodePackageVersion as string)),
];
const listedCredentialTypes = async (): Promise<string[]> =>
	((await editor.file('/types/credentials.json')) as any[])
		.map((c) => c.name as string)
		.filter((name) => CREDENTIAL_TYPES.includes(name))
		.sort();
/** GETs of a version's tarball, as verdaccio logged them. */
const tarballFetches = (version: string): RegistryRequest[] =>
	registry!
		.requests()
		.filter((r) => r.method === 'GET' && r.url === `/${PACKAGE}/-/${PACKAGE}-${version}.tgz`);
const installedNodes = (answer: any) =>
	[...answer.installedNodes]
		.map(({ name, type, latestVersion }: any) => ({ name, type, latestVersion }))
		.sort((a, b) => a.type.localeCompare(b.type));
const expectedNodes = [...NODES].sort((a, b) => a.type.localeCompare(b.type));

/** Calls the workflow's webhook (404 until n8n has registered it) and answers the JSON of its last node. */
async function createContactThroughN8n(name: string): Promise<RestAnswer> {
	for (let attempt = 0; ; attempt++) {
		const response = await fetch(`${n8n!.url}/webhook/${HOOK_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name }),
		});
		if (response.status !== 404 || attempt >= 40)
			return { status: response.status, body: await response.json().catch(() => undefined) };
		await new Promise((r) => setTimeout(r, 250));
	}
}
const sandboxContacts = async (): Promise<any[]> =>
	((await (await fetch(`${sandbox!.url}/__sandbox/state`)).json()) as any).contacts;

beforeAll(
	async () => {
		registry = await startRegistry(REGISTRY_PORT);
		first = await registry.publish();
		sandbox = await startAmoCrmSandbox(0);
		home = await prepareHome(undefined, { installPackage: false });
		n8n = await startN8n(home, N8N_PORT, {
			E2E_TESTS: 'true',
			N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url,
			// The npm that n8n runs: its own cache (so every tarball is fetched from the registry), and one
			// attempt per request (`npm outdated`, run by the package list, asks the default registry).
			npm_config_cache: path.join(home.userFolder, 'npm-cache'),
			npm_config_fetch_retries: '0',
			npm_config_update_notifier: 'false',
		});
		editor = await logIn(n8n);
	},
	10 * 60 * 1000,
);

afterAll(async () => {
	const stops = await Promise.allSettled([n8n?.stop(), registry?.stop(), sandbox?.close()]);
	if (home) fs.rmSync(home.userFolder, { recursive: true, force: true });
	const failed = stops.filter((s) => s.status === 'rejected');
	if (failed.length)
		throw new Error(
			`stopping failed: ${failed.map((f) => String((f as PromiseRejectedResult).reason)).join('; ')}`,
		);
});

it('the registry holds the published version; n8n starts with no package and wants the browser id', async () => {
	const packument = await registry!.packument();
	expect(Object.keys(packument.versions)).toEqual([first.version]);
	expect(packument['dist-tags']).toEqual({ latest: first.version });
	expect(first.tarball).toBe(`${registry!.url}/${PACKAGE}/-/${PACKAGE}-${first.version}.tgz`);
	expect(first.version).toBe(
		JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
	);

	expect(await editor.rest('GET', '/community-packages')).toEqual({
		status: 200,
		body: { data: [] },
	});
	expect((await editor.restWithoutBrowserId('GET', '/community-packages')).status).toBe(401);
	expect(await listedNodeTypes()).toEqual([]);
	expect(fs.existsSync(packageFolder())).toBe(false);
});

it('without the custom-registry licence feature, n8n refuses to install from the registry', async () => {
	const refused = await editor.rest('POST', '/community-packages', { name: PACKAGE });
	expect(refused.status).toBe(500);
	expect(refused.body.message).toContain(
		`Your license does not allow for ${CUSTOM_REGISTRY_FEATURE}`,
	);
	expect(tarballFetches(first.version)).toEqual([]);
	expect(fs.existsSync(packageFolder())).toBe(false);
	expect(await editor.rest('GET', '/community-packages')).toEqual({
		status: 200,
		body: { data: [] },
	});

	const enabled = await fetch(`${n8n!.url}/rest/e2e/feature`, {
		method: 'PATCH',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ feature: CUSTOM_REGISTRY_FEATURE, enabled: true }),
	});
	expect(enabled.status).toBe(200);
});

it('installs the package from the loopback registry through the community-packages endpoint', async () => {
	const logged = n8n!.log().length;
	const installed = await editor.rest('POST', '/community-packages', { name: PACKAGE });
	expect(installed.status).toBe(200);
	expect(installed.body.data).toMatchObject({
		packageName: PACKAGE,
		installedVersion: first.version,
		authorName: 'n8n-nodes-amocrm-envybox contributors',
	});
	expect(installedNodes(installed.body.data)).toEqual(expectedNodes);

	// n8n asked the registry for the version, then its npm fetched the tarball from it.
	const requests = registry!.requests();
	expect(requests).toEqual(
		expect.arrayContaining([
			expect.objectContaining({ method: 'GET', url: `/${PACKAGE}/latest`, status: 200 }),
		]),
	);
	const fetched = tarballFetches(first.version);
	expect(fetched.length).toBeGreaterThan(0);
	for (const request of fetched) expect(request).toMatchObject({ status: 200, npmCommand: 'pack' });

	// On disk: the published files, recorded in n8n's ledger of the nodes folder.
	expect(installedVersionOnDisk()).toBe(first.version);
	expect(ledger().dependencies).toEqual({ [PACKAGE]: first.version });
	const built = 'dist/nodes/AmoCrm/AmoCrm.node.js';
	expect(fs.readFileSync(path.join(packageFolder(), built))).toEqual(
		fs.readFileSync(path.join(ROOT, built)),
	);

	const list = await editor.rest('GET', '/community-packages');
	expect(list.status).toBe(200);
	expect(list.body.data).toEqual([
		expect.objectContaining({
			packageName: PACKAGE,
			installedVersion: first.version,
			failedLoading: false,
		}),
	]);

	// The editor's node and credential lists, and the description it asks for when told of a new node.
	expect(await listedNodeTypes()).toEqual(LISTED_NODE_TYPES);
	expect(await listedPackageVersions()).toEqual([first.version]);
	expect(await listedCredentialTypes()).toEqual(CREDENTIAL_TYPES);
	const described = await editor.rest('POST', '/node-types', {
		nodeInfos: [{ name: `${PACKAGE}.amoCrm`, version: 1 }],
	});
	expect(described.status).toBe(200);
	expect(described.body.data).toEqual([
		expect.objectContaining({ displayName: 'amoCRM', communityNodePackageVersion: first.version }),
	]);
	expect(described.body.data[0].credentials.map((c: any) => c.name)).toEqual([
		'amoCrmApi',
		'amoCrmOAuth2Api',
	]);
	expect(n8n!.log().slice(logged)).not.toContain('Error loading package');
	expect(n8n!.log().slice(logged)).toContain(`Community package installed: ${PACKAGE}`);
});

it('runs the installed amoCRM node: a credential and a workflow made in n8n create a contact in the sandbox', async () => {
	const credential = await editor.rest('POST', '/credentials', {
		name: 'amoCRM sandbox (community install)',
		type: 'amoCrmApi',
		data: {
			zone: 'custom',
			baseUrl: sandbox!.url,
			subdomain: '',
			accessToken: AMOCRM_SANDBOX.longLivedToken,
		},
	});
	expect(credential.status).toBe(200);
	const credentialRef = { id: credential.body.data.id, name: credential.body.data.name };

	api = publicApi(n8n!, await apiKey(n8n!));
	const workflow = await api('POST', '/workflows', {
		name: 'amoCRM contact from a webhook (community install)',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'hook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: HOOK_PATH,
				parameters: { path: HOOK_PATH, httpMethod: 'POST', responseMode: 'lastNode', options: {} },
			},
			{
				id: 'contact',
				name: 'Create Contact',
				type: `${PACKAGE}.amoCrm`,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'contact', operation: 'create', name: '={{ $json.body.name }}' },
				credentials: { amoCrmApi: credentialRef },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Create Contact', type: 'main', index: 0 }]] } },
	});
	workflowId = workflow.id;
	await api('POST', `/workflows/${workflowId}/activate`);

	const answer = await createContactThroughN8n(`Контакт ${first.version}`);
	expect(answer.status).toBe(200);
	expect(answer.body).toMatchObject({ id: expect.any(Number), name: `Контакт ${first.version}` });
	expect(
		(await sandboxContacts()).filter((c) => c.name === `Контакт ${first.version}`).map((c) => c.id),
	).toEqual([answer.body.id]);
});

it('updates to a newer version published to the registry, and the node still runs', async () => {
	const [major, minor, patch] = first.version.split('.').map(Number);
	second = await registry!.publish(`${major}.${minor}.${patch + 1}`);
	expect((await registry!.packument())['dist-tags']).toEqual({ latest: second.version });

	const updated = await editor.rest('PATCH', '/community-packages', { name: PACKAGE });
	expect(updated.status).toBe(200);
	expect(updated.body.data).toMatchObject({
		packageName: PACKAGE,
		installedVersion: second.version,
	});
	expect(installedNodes(updated.body.data)).toEqual(expectedNodes);

	const fetched = tarballFetches(second.version);
	expect(fetched.length).toBeGreaterThan(0);
	for (const request of fetched) expect(request).toMatchObject({ status: 200, npmCommand: 'pack' });
	expect(installedVersionOnDisk()).toBe(second.version);
	expect(ledger().dependencies).toEqual({ [PACKAGE]: second.version });
	// n8n keeps no backup folder of the previous version once the update succeeded.
	expect(
		fs.readdirSync(path.dirname(packageFolder())).filter((name) => name.startsWith(PACKAGE)),
	).toEqual([PACKAGE]);
	const list = await editor.rest('GET', '/community-packages');
	expect(list.body.data).toEqual([
		expect.objectContaining({
			packageName: PACKAGE,
			installedVersion: second.version,
			failedLoading: false,
		}),
	]);
	expect(await listedNodeTypes()).toEqual(LISTED_NODE_TYPES);
	expect(await listedPackageVersions()).toEqual([second.version]);

	// The workflow stayed active: the updated node runs in it.
	const answer = await createContactThroughN8n(`Контакт ${second.version}`);
	expect(answer.status).toBe(200);
	expect(answer.body).toMatchObject({ id: expect.any(Number), name: `Контакт ${second.version}` });
	const names = (await sandboxContacts()).map((c) => c.name);
	expect(names).toEqual(
		expect.arrayContaining([`Контакт ${first.version}`, `Контакт ${second.version}`]),
	);
});

it('uninstalls through the endpoint: the nodes leave the editor’s list and the package folder is removed', async () => {
	await api('POST', `/workflows/${workflowId}/deactivate`);
	const asked = registry!.requests().length;
	const removed = await editor.rest(
		'DELETE',
		`/community-packages?name=${encodeURIComponent(PACKAGE)}`,
	);
	expect(removed.status).toBe(200);

	expect(await editor.rest('GET', '/community-packages')).toEqual({
		status: 200,
		body: { data: [] },
	});
	expect(await listedNodeTypes()).toEqual([]);
	expect(await listedCredentialTypes()).toEqual([]);
	expect(fs.existsSync(packageFolder())).toBe(false);
	expect(
		fs.readdirSync(path.dirname(packageFolder())).filter((name) => name.startsWith(PACKAGE)),
	).toEqual([]);
	expect(ledger().dependencies).toEqual({});
	// Uninstalling asks nothing of the registry.
	expect(registry!.requests().slice(asked)).toEqual([]);
});
