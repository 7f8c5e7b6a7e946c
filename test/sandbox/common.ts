// Plumbing shared by the loopback sandboxes: request parsing, the control surface
// (/__sandbox/reset|seed|state|requests|faults), fault injection and a per-token rate limiter.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type JsonObject = { [key: string]: any };

export interface SandboxRequest {
	method: string;
	path: string;
	query: JsonObject;
	rawQuery: string;
	headers: http.IncomingHttpHeaders;
	body: any;
	rawBody: string;
	/** The body as it came, for bodies that are not text (a part of a file). */
	rawBytes: Buffer;
}

export interface SandboxResponse {
	status: number;
	/** JSON, text, or bytes (a Buffer, sent as it is). */
	body?: unknown;
	headers?: Record<string, string>;
	contentType?: string;
}

export interface LoggedRequest {
	method: string;
	path: string;
	query: JsonObject;
	status: number;
	time: number;
	durationMs: number;
	body?: unknown;
	/** Size of a body that is not JSON (raw bytes), logged in its place. */
	bytes?: number;
	fault?: string;
	/** The caller's TCP port: which process sent it, when several share one token. */
	remotePort?: number;
}

export interface Faults {
	rps: number;
	rate429: number;
	rate5xx: number;
	rateReset: number;
	latencyMs: number;
	/** Share of requests held for `spikeMs` more before they are handled: latency spikes. */
	rateSpike: number;
	spikeMs: number;
	block403: boolean;
	/** Records created or changed within this many ms are not found by full-text search yet, as when a search index lags. */
	searchLagMs: number;
	/** Deterministic outcomes for the next API requests, consumed in order: 429, 500, 502, 503, 'reset'. */
	script: Array<number | 'reset'>;
	/** Seed of the pseudo-random generator behind rate429/rate5xx/rateReset/rateSpike, so runs repeat. */
	seed: number;
	/** Seconds a 429 tells the client to wait (amoCRM: `retry_after` in the body). */
	retryAfter: number;
	/** 429 and 403 answered with a web server's HTML page instead of the API's JSON. */
	htmlErrors: boolean;
	/** This many 429 answers within any 60 s turn into a 403 block until `reset` or `block403: false`; 0 never. */
	blockAfter429s: number;
	/** Readings of one service only (DESIGN §5), e.g. amoCRM's `phoneSearch`. */
	[reading: string]: unknown;
}

export const defaultFaults = (): Faults => ({
	rps: 7,
	rate429: 0,
	rate5xx: 0,
	rateReset: 0,
	latencyMs: 0,
	rateSpike: 0,
	spikeMs: 0,
	block403: false,
	searchLagMs: 0,
	script: [],
	seed: 1,
	retryAfter: 1,
	htmlErrors: false,
	blockAfter429s: 0,
});

/** Parses a PHP-style query string (`filter[id][]=1&filter[statuses][0][status_id]=2`) into nested objects. */
export function parseBracketQuery(search: string): JsonObject {
	const result: JsonObject = {};
	const params = new URLSearchParams(search);
	for (const [rawKey, value] of params) {
		const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
		if (!match) {
			result[rawKey] = value;
			continue;
		}
		const keys = [match[1], ...Array.from(match[2].matchAll(/\[([^[\]]*)\]/g), (m) => m[1])];
		let node: any = result;
		for (let i = 0; i < keys.length; i++) {
			const key = keys[i];
			const last = i === keys.length - 1;
			if (last) {
				if (key === '') {
					if (!Array.isArray(node)) break;
					node.push(value);
				} else if (Array.isArray(node)) {
					node[Number(key)] = value;
				} else {
					node[key] = value;
				}
				break;
			}
			const nextIsList = keys[i + 1] === '';
			let child = key === '' ? undefined : node[key];
			if (child === undefined || typeof child !== 'object') {
				child = nextIsList ? [] : {};
				if (key === '' && Array.isArray(node)) node.push(child);
				else node[key] = child;
			}
			node = child;
		}
	}
	return result;
}

/** Values of a filter that may be given as a scalar, a list or an indexed object. */
export function listOf(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(String);
	if (typeof value === 'object') return Object.values(value as object).map(String);
	return [String(value)];
}

/** Mulberry32: a tiny seeded generator so injected faults repeat from run to run. */
export function seededRandom(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Sliding one-second windows per key (a token, the account): at most `rps` requests in any 1,000 ms,
 * a request counting from the moment it arrived. Arrivals are not always handled in arrival order (a
 * body may take longer to read), so a window keeps a second of slack before it forgets a request.
 */
export class RateLimiter {
	private readonly windows = new Map<string, number[]>();

	allow(key: string, rps: number, now = Date.now()): boolean {
		return this.allowAll([[key, rps]], now);
	}

	/** A request counts against every window or none: refused when any of them is full. */
	allowAll(limits: Array<[key: string, rps: number]>, now = Date.now()): boolean {
		const active = limits.filter(([, rps]) => rps > 0);
		const windows = active.map(([key]) => {
			const window = (this.windows.get(key) ?? []).filter((t) => now - t < 2000);
			this.windows.set(key, window);
			return window;
		});
		if (active.some(([, rps], i) => windows[i].filter((t) => now - t < 1000).length >= rps))
			return false;
		for (const window of windows) window.push(now);
		return true;
	}

	reset() {
		this.windows.clear();
	}
}

export interface ApiContext {
	request: SandboxRequest;
	baseUrl: string;
	faults: Faults;
}

export interface SandboxDefinition {
	name: string;
	reset(): void;
	seed(body: JsonObject): void;
	dump(): JsonObject;
	/** Answers an API request; returns null when no route matches. */
	handle(ctx: ApiContext): Promise<SandboxResponse | null> | SandboxResponse | null;
	/** Identifies the caller for rate limiting; null for requests that are not rate limited. */
	rateKey(req: SandboxRequest): string | null;
	/** Error responses the sandbox gives for injected faults, in the API's own envelope (or HTML, per `faults`). */
	faultResponse(kind: 429 | 403 | 500 | 502 | 503, faults: Faults): SandboxResponse;
	/** Fault settings this service starts from (its own request limit, for instance). */
	defaultFaults?: Partial<Faults>;
	/** Admission in place of the sliding windows, for a service limited another way (Bitrix24: a leaky bucket). */
	admit?(key: string, faults: Faults, now: number): boolean;
	/** A second limit over every rate-limited request, whatever its token (amoCRM: 50 per second per account). */
	accountRps?: number;
	/** Control calls of this sandbox beyond the common ones (e.g. `/__sandbox/oauth`). */
	control?(
		request: SandboxRequest,
	): Promise<SandboxResponse | undefined> | SandboxResponse | undefined;
}

export interface RunningSandbox {
	url: string;
	port: number;
	close(): Promise<void>;
	requests: LoggedRequest[];
	faults: Faults;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > 20 * 1024 * 1024) throw new Error('body too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

function parseBody(raw: string, contentType: string | undefined): any {
	if (!raw) return undefined;
	if (contentType?.includes('application/x-www-form-urlencoded')) return parseBracketQuery(raw);
	try {
		return JSON.parse(raw);
	} catch {
		return { __invalidJson: raw };
	}
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startSandbox(
	definition: SandboxDefinition,
	port: number,
	host = '127.0.0.1',
): Promise<RunningSandbox> {
	const requests: LoggedRequest[] = [];
	let faults: Faults = { ...defaultFaults(), ...definition.defaultFaults };
	let random = seededRandom(faults.seed);
	const limiter = new RateLimiter();
	definition.reset();
	// Times of recent 429 answers: repeated ones get the account blocked (`blockAfter429s`).
	let recent429s: number[] = [];
	let blockedBy429s = false;
	const count429 = () => {
		if (!(faults.blockAfter429s > 0)) return;
		const now = Date.now();
		recent429s = recent429s.filter((t) => now - t < 60_000);
		recent429s.push(now);
		if (recent429s.length >= faults.blockAfter429s && !faults.block403) {
			faults.block403 = true;
			blockedBy429s = true;
		}
	};

	const server = http.createServer(async (req, res) => {
		const started = Date.now();
		const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
		const send = (response: SandboxResponse) => {
			const headers: Record<string, string> = { ...(response.headers ?? {}) };
			let payload: string | Buffer = '';
			if (response.body !== undefined && response.status !== 204) {
				payload =
					typeof response.body === 'string' || Buffer.isBuffer(response.body)
						? response.body
						: JSON.stringify(response.body);
				headers['content-type'] = response.contentType ?? 'application/json; charset=utf-8';
			}
			res.writeHead(response.status, headers);
			res.end(payload);
		};
		let rawBytes: Buffer;
		try {
			rawBytes = await readBody(req);
		} catch {
			res.destroy();
			return;
		}
		const raw = rawBytes.toString('utf8');
		const request: SandboxRequest = {
			method: (req.method ?? 'GET').toUpperCase(),
			path: url.pathname,
			query: parseBracketQuery(url.search),
			rawQuery: url.search,
			headers: req.headers,
			body: parseBody(raw, req.headers['content-type']),
			rawBody: raw,
			rawBytes,
		};

		if (request.path.startsWith('/__sandbox/')) {
			send(await control(request));
			return;
		}

		const log: LoggedRequest = {
			method: request.method,
			path: request.path,
			query: request.query,
			status: 0,
			time: started,
			durationMs: 0,
			remotePort: req.socket.remotePort,
		};
		if (request.method !== 'GET' && request.body?.__invalidJson !== undefined)
			log.bytes = rawBytes.length;
		else if (request.method !== 'GET' && request.body !== undefined) log.body = request.body;
		requests.push(log);
		if (requests.length > 200_000) requests.splice(0, requests.length - 200_000);

		const finish = (response: SandboxResponse | 'reset', fault?: string) => {
			log.durationMs = Date.now() - started;
			if (fault) log.fault = fault;
			if (response === 'reset') {
				log.status = 0;
				req.socket.destroy();
				return;
			}
			log.status = response.status;
			if (response.status === 429) count429();
			send(response);
		};

		if (faults.latencyMs > 0) await wait(faults.latencyMs);
		if (faults.rateSpike > 0 && random() < faults.rateSpike) {
			log.fault = 'spike';
			await wait(faults.spikeMs);
		}

		const scripted = faults.script.shift();
		if (scripted !== undefined) {
			if (scripted === 'reset') return finish('reset', 'reset');
			return finish(
				definition.faultResponse(scripted as 429 | 500 | 502 | 503, faults),
				`scripted ${scripted}`,
			);
		}
		if (faults.block403)
			return finish(
				definition.faultResponse(403, faults),
				blockedBy429s ? 'blocked after repeated 429s' : 'block403',
			);
		const key = definition.rateKey(request);
		if (key !== null) {
			const limits: Array<[string, number]> = [[`token ${key}`, faults.rps]];
			if (definition.accountRps) limits.push(['account', definition.accountRps]);
			const admitted = definition.admit
				? definition.admit(key, faults, started)
				: limiter.allowAll(limits, started);
			if (!admitted) return finish(definition.faultResponse(429, faults), 'rate limit');
		}
		if (faults.rate429 > 0 && random() < faults.rate429)
			return finish(definition.faultResponse(429, faults), 'rate429');
		if (faults.rate5xx > 0 && random() < faults.rate5xx) {
			const kinds = [500, 502, 503] as const;
			return finish(definition.faultResponse(kinds[Math.floor(random() * 3)], faults), 'rate5xx');
		}
		if (faults.rateReset > 0 && random() < faults.rateReset) return finish('reset', 'rateReset');

		try {
			const response = await definition.handle({
				request,
				baseUrl: `http://${req.headers.host ?? host}`,
				faults,
			});
			finish(
				response ?? {
					status: 404,
					contentType: 'application/problem+json',
					body: {
						title: 'Not Found',
						type: 'https://httpstatus.es/404',
						status: 404,
						detail: `Cannot ${request.method} ${request.path}`,
					},
				},
			);
		} catch (error) {
			finish({
				status: 500,
				contentType: 'application/problem+json',
				body: {
					title: 'ErrInternalServer',
					status: 500,
					detail: String((error as Error)?.stack ?? error),
				},
			});
		}
	});

	async function control(request: SandboxRequest): Promise<SandboxResponse> {
		const route = `${request.method} ${request.path}`;
		switch (route) {
			case 'POST /__sandbox/reset':
				definition.reset();
				requests.length = 0;
				faults = { ...defaultFaults(), ...definition.defaultFaults };
				random = seededRandom(faults.seed);
				limiter.reset();
				recent429s = [];
				blockedBy429s = false;
				return { status: 200, body: { ok: true } };
			case 'POST /__sandbox/seed':
				try {
					definition.seed((request.body ?? {}) as JsonObject);
				} catch (error) {
					return { status: 400, body: { error: (error as Error).message } };
				}
				return { status: 200, body: { ok: true } };
			case 'GET /__sandbox/state':
				return { status: 200, body: definition.dump() };
			case 'GET /__sandbox/requests':
				return { status: 200, body: requests };
			case 'DELETE /__sandbox/requests':
				requests.length = 0;
				return { status: 200, body: { ok: true } };
			case 'GET /__sandbox/faults':
				return { status: 200, body: faults };
			case 'POST /__sandbox/faults': {
				const body = (request.body ?? {}) as Partial<Faults>;
				faults = { ...faults, ...body, script: [...(body.script ?? faults.script)] };
				if (body.seed !== undefined) random = seededRandom(body.seed);
				if (body.rps !== undefined) limiter.reset();
				// Lifting the block (as amoCRM's support does) starts the count of 429s afresh.
				if (body.block403 === false) {
					recent429s = [];
					blockedBy429s = false;
				}
				return { status: 200, body: faults };
			}
			default: {
				const extra = await definition.control?.(request);
				return extra ?? { status: 404, body: { error: `unknown control call ${route}` } };
			}
		}
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
	const address = server.address() as AddressInfo;
	return {
		url: `http://${host}:${address.port}`,
		port: address.port,
		requests,
		get faults() {
			return faults;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	} as RunningSandbox;
}
