// A private npm registry on the loopback interface: verdaccio 6.8.0 (cached by scripts/ensure-n8n.sh)
// with a generated config and storage in a temp folder. The package is published to it from its
// `npm pack` tarball; every other package is fetched from the public npm registry (its uplink).
// npm runs with a userconfig of the temp folder, so the real ~/.npmrc is neither read nor written.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { ensureN8n, PACKAGE, ROOT, stopProcessGroup } from './n8n';

const run = promisify(execFile);
const VERDACCIO_VERSION = '6.8.0';
const PUBLISHER = { name: 'publisher', password: 'loopback-registry-Passw0rd' };

/** One request verdaccio logged: what arrived, and the status it answered with once it did. */
export interface RegistryRequest {
	method: string;
	url: string;
	status?: number;
	userAgent?: string;
	/** The `npm-command` header npm sends (`pack`, `install`, `publish`, `view`, …). */
	npmCommand?: string;
}

export interface PublishedVersion {
	version: string;
	/** The tarball that was published. */
	file: string;
	/** `dist.integrity` and `dist.tarball` as the registry serves them. */
	integrity: string;
	tarball: string;
}

export interface LocalRegistry {
	/** `http://127.0.0.1:<port>`, without a trailing slash. */
	url: string;
	folder: string;
	storage: string;
	/** Publishes the package at `version` (default: the version in package.json). */
	publish(version?: string): Promise<PublishedVersion>;
	/** The registry's document of a package (404 answers `undefined`). */
	packument(name?: string): Promise<any>;
	requests(): RegistryRequest[];
	log(): string;
	/** Stops verdaccio's process group and removes the temp folder. */
	stop(): Promise<void>;
}

/** npm without the `npm_*` settings an npm-started test run passes down, and with the given userconfig. */
function npmEnv(): NodeJS.ProcessEnv {
	return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

function configYaml(folder: string): string {
	const storage = path.join(folder, 'storage');
	return [
		`storage: ${JSON.stringify(storage)}`,
		'auth:',
		'  htpasswd:',
		`    file: ${JSON.stringify(path.join(folder, 'htpasswd'))}`,
		'uplinks:',
		'  npmjs:',
		'    url: https://registry.npmjs.org/',
		'    timeout: 60s',
		'packages:',
		// The package itself comes only from here, never from the uplink.
		`  ${JSON.stringify(PACKAGE)}:`,
		'    access: $all',
		'    publish: $authenticated',
		'    unpublish: $authenticated',
		"  '**':",
		'    access: $all',
		'    publish: $authenticated',
		'    proxy: npmjs',
		'web:',
		'  enable: false',
		'middlewares:',
		'  audit:',
		'    enabled: false',
		'log:',
		'  type: stdout',
		'  format: json',
		'  level: http',
		'',
	].join('\n');
}

function parseRequests(log: string): RegistryRequest[] {
	const requests: RegistryRequest[] = [];
	for (const line of log.split('\n')) {
		if (!line.startsWith('{')) continue;
		let entry: any;
		try {
			entry = JSON.parse(line);
		} catch {
			continue;
		}
		if (entry.sub !== 'in') continue;
		if (entry.req) {
			const headers = entry.req.headers ?? {};
			requests.push({
				method: entry.req.method,
				url: entry.req.url,
				userAgent: headers['user-agent'],
				npmCommand: headers['npm-command'],
			});
		} else if (entry.request && typeof entry.status === 'number') {
			// The answer to the earliest request with this method and URL not yet answered.
			const open = requests.find(
				(r) =>
					r.status === undefined &&
					r.method === entry.request.method &&
					r.url === entry.request.url,
			);
			if (open) open.status = entry.status;
		}
	}
	return requests;
}

/** verdaccio on 127.0.0.1:`port` in its own process group, ready to publish to. */
export async function startRegistry(port = 4890): Promise<LocalRegistry> {
	const { cache, nodeBin } = ensureN8n();
	const bin = path.join(
		cache,
		`verdaccio-${VERDACCIO_VERSION}`,
		'node_modules',
		'verdaccio',
		'bin',
		'verdaccio',
	);
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amocrm-envybox-registry-'));
	const storage = path.join(folder, 'storage');
	const config = path.join(folder, 'config.yaml');
	fs.writeFileSync(config, configYaml(folder));
	const url = `http://127.0.0.1:${port}`;

	const child: ChildProcess = spawn(
		path.join(nodeBin, 'node'),
		[bin, '--config', config, '--listen', `127.0.0.1:${port}`],
		{
			cwd: folder,
			env: { ...npmEnv(), HOME: folder },
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = async () => {
		await stopProcessGroup(child, exited);
		fs.rmSync(folder, { recursive: true, force: true });
	};

	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`verdaccio exited during start:\n${output}`);
		try {
			if ((await fetch(`${url}/-/ping`)).ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`verdaccio did not become ready on port ${port}:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}

	// The publisher's account (the registry's storage is new, so the name is free) and its token.
	let token: string;
	try {
		const added = await fetch(`${url}/-/user/org.couchdb.user:${PUBLISHER.name}`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: PUBLISHER.name, password: PUBLISHER.password }),
		});
		const body = (await added.json()) as any;
		if (!added.ok || !body.token)
			throw new Error(
				`verdaccio refused the publisher account: ${added.status} ${JSON.stringify(body)}`,
			);
		token = body.token;
	} catch (error) {
		await stop();
		throw error;
	}
	const userconfig = path.join(folder, 'npmrc');
	fs.writeFileSync(
		userconfig,
		[
			`registry=${url}/`,
			`//127.0.0.1:${port}/:_authToken=${token}`,
			'update-notifier=false',
			'fund=false',
			'audit=false',
			'',
		].join('\n'),
		{ mode: 0o600 },
	);
	const npm = async (args: string[], cwd: string) =>
		await run('npm', [...args, '--userconfig', userconfig, '--registry', `${url}/`], {
			cwd,
			env: npmEnv(),
			maxBuffer: 16 * 1024 * 1024,
		});

	const packs = path.join(folder, 'packs');
	fs.mkdirSync(packs, { recursive: true });
	let packed: { file: string; version: string } | undefined;
	/** `npm pack` of the built repository (`npm run build` first), once. */
	const packRepository = async () => {
		if (!packed) {
			const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', packs], {
				cwd: ROOT,
				env: npmEnv(),
			});
			const file = path.join(packs, stdout.trim().split('\n').pop()!);
			const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
			packed = { file, version };
		}
		return packed;
	};

	const packument = async (name = PACKAGE): Promise<any> => {
		const response = await fetch(`${url}/${name.replace('/', '%2f')}`);
		if (response.status === 404) return undefined;
		if (!response.ok)
			throw new Error(`GET ${name} from the registry: ${response.status} ${await response.text()}`);
		return await response.json();
	};

	const publish = async (version?: string): Promise<PublishedVersion> => {
		const original = await packRepository();
		let file = original.file;
		const wanted = version ?? original.version;
		if (wanted !== original.version) {
			// The same tarball with another version in its package.json.
			const work = fs.mkdtempSync(path.join(folder, 'repack-'));
			await run('tar', ['-xzf', original.file, '-C', work]);
			const manifestPath = path.join(work, 'package', 'package.json');
			const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
			manifest.version = wanted;
			fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
			file = path.join(packs, `${PACKAGE}-${wanted}.tgz`);
			await run('tar', ['-czf', file, '-C', work, 'package']);
			fs.rmSync(work, { recursive: true, force: true });
		}
		await npm(['publish', file, '--ignore-scripts', '--tag', 'latest'], folder);
		const published = (await packument())?.versions?.[wanted];
		if (!published) throw new Error(`${PACKAGE}@${wanted} is not in the registry after publishing`);
		return {
			version: wanted,
			file,
			integrity: published.dist.integrity,
			tarball: published.dist.tarball,
		};
	};

	return {
		url,
		folder,
		storage,
		publish,
		packument,
		requests: () => parseRequests(output),
		log: () => output,
		stop,
	};
}
