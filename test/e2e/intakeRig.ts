// Driving the intake workflows in a running n8n and reading what they did: submissions to the site
// form's webhook, the core's queue table, the amoCRM sandbox's state and request log. Shared by the
// intake E2E suite and the intake benchmark.
import type { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { type publicApi, type RunningN8n, sampleWorkflow, waitFor } from './n8n';

type AmoSandbox = Awaited<ReturnType<typeof startAmoCrmSandbox>>;

export interface Ack {
	status: number;
	body: any;
	ms: number;
	/** When the submission was sent (ms since the epoch). */
	sentAt: number;
}

export const CORE_ID = 'amoIntakeCore001';
export const INTAKE_WORKFLOW_IDS = [CORE_ID, 'amoSiteLead00001', 'envyToAmoCrm0001'];

/** The core workflow as shipped, with some of its Settings replaced (values are n8n expressions). */
export function coreWorkflow(settings: Record<string, string> = {}): any {
	const workflow = sampleWorkflow('amocrm-intake-core.json');
	const node = workflow.nodes.find((n: any) => n.name === 'Settings');
	for (const assignment of node.parameters.assignments.assignments) {
		if (settings[assignment.name] !== undefined) assignment.value = settings[assignment.name];
	}
	return workflow;
}

const digitsKey = (phone: string) => phone.replace(/\D/g, '').slice(-10);

/**
 * The core's index of contacts keeps itself current by reading the contacts and leads changed since
 * its last look, newest first: every minute, whatever is submitted. Those requests are its upkeep,
 * counted apart from what a submission costs.
 */
export const isIndexUpkeep = (r: { method: string; path: string; query?: any }) =>
	r.method === 'GET' &&
	(r.path === '/api/v4/contacts' || r.path === '/api/v4/leads') &&
	r.query?.order?.updated_at !== undefined;
const phonesOf = (contact: any): string[] =>
	(contact.custom_fields_values ?? [])
		.filter((f: any) => f.field_code === 'PHONE')
		.flatMap((f: any) => f.values.map((v: any) => v.value));

export function intakeRig(n8n: RunningN8n, api: ReturnType<typeof publicApi>, amo: AmoSandbox) {
	/** Posts a submission to the site form's webhook (waiting for n8n to register it after activation). */
	async function submit(body: unknown, contentType = 'application/json'): Promise<Ack> {
		for (let attempt = 0; attempt < 80; attempt++) {
			const sentAt = Date.now();
			const started = performance.now();
			const response = await fetch(`${n8n.url}/webhook/site-lead`, {
				method: 'POST',
				headers: { 'content-type': contentType },
				body: typeof body === 'string' ? body : JSON.stringify(body),
			});
			const ms = performance.now() - started;
			if (response.status !== 404)
				return { status: response.status, body: await response.json(), ms, sentAt };
			await new Promise((r) => setTimeout(r, 250));
		}
		throw new Error('the site form webhook was never registered');
	}

	/** Sends the bodies `concurrency` at a time, in order; every answer must be a 200. */
	async function submitAll(bodies: unknown[], concurrency = 10): Promise<Ack[]> {
		const acks: Ack[] = [];
		for (let start = 0; start < bodies.length; start += concurrency) {
			const answers = await Promise.all(
				bodies.slice(start, start + concurrency).map((b) => submit(b)),
			);
			const refused = answers.find((a) => a.status !== 200);
			if (refused)
				throw new Error(
					`a submission was refused: ${refused.status} ${JSON.stringify(refused.body)}`,
				);
			acks.push(...answers);
		}
		return acks;
	}

	async function tableId(name: string): Promise<string> {
		const tables = await waitFor(
			async () => (await api('GET', '/data-tables')).data as any[],
			(list) => list.some((t) => t.name === name),
		);
		return tables.find((t) => t.name === name).id;
	}

	async function rowsOf(table: string): Promise<any[]> {
		const id = await tableId(table);
		const rows: any[] = [];
		let cursor: string | null = null;
		do {
			const page: any = await api(
				'GET',
				`/data-tables/${id}/rows?limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			rows.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		return rows.sort((a, b) => a.id - b.id);
	}

	/**
	 * The queue, each done entry with what it made (its row in amocrm_intake_results: outcome, contact,
	 * lead, note and task IDs) as a user reads the two tables side by side.
	 */
	async function queue(): Promise<any[]> {
		const tables = ((await api('GET', '/data-tables')).data as any[]).map((t) => t.name);
		const [entries, results] = await Promise.all([
			rowsOf('amocrm_intake_queue'),
			tables.includes('amocrm_intake_results') ? rowsOf('amocrm_intake_results') : [],
		]);
		const resultOf = new Map(
			results.map(({ id, entry_id, createdAt, updatedAt, received_at, ...made }) => [
				entry_id,
				made,
			]),
		);
		return entries.map((entry) =>
			entry.state === 'done' ? { ...entry, ...resultOf.get(entry.id) } : entry,
		);
	}

	/** Waits until no entry is pending or being worked on (or the time is up) and returns the queue. */
	async function settled(timeoutMs = 60_000): Promise<any[]> {
		return await waitFor(
			queue,
			(rows) => rows.every((r) => r.state !== 'pending' && r.state !== 'working'),
			timeoutMs,
		);
	}

	/**
	 * Submits one submission and waits until it is processed; returns the amoCRM requests it cost.
	 * A request the sandbox turned away with 429 (the previous submission's requests may still fill the
	 * one-second window) is repeated by the transport and not counted: the cost is the work done. The
	 * index's upkeep, which runs every minute whatever comes in, is not the submission's either.
	 */
	async function costOf(body: unknown, timeoutMs = 60_000): Promise<number> {
		const answered = () => apiCalls().filter((r) => r.status !== 429 && !isIndexUpkeep(r)).length;
		const before = answered();
		const ack = await submit(body);
		if (ack.status !== 200)
			throw new Error(`a submission was refused: ${ack.status} ${JSON.stringify(ack.body)}`);
		const rows = await settled(timeoutMs);
		const unsettled = rows.filter(
			(r) => ack.body.queued.includes(r.id) && (r.state === 'pending' || r.state === 'working'),
		);
		if (unsettled.length)
			throw new Error(`submission ${ack.body.queued} was not processed within ${timeoutMs} ms`);
		return answered() - before;
	}

	/** Sets `data` on the rows of data table `table` where `column` `condition` `value`, as a user can in n8n. */
	async function updateRows(
		table: string,
		[column, condition, value]: [string, string, unknown],
		data: Record<string, unknown>,
	) {
		const id = await tableId(table);
		await api('PATCH', `/data-tables/${id}/rows/update`, {
			filter: { type: 'and', filters: [{ columnName: column, condition, value }] },
			data,
		});
	}

	/** Deletes the rows of data table `table` where `column` `condition` `value`, as a user can in n8n. */
	async function deleteRows(table: string, [column, condition, value]: [string, string, unknown]) {
		const id = await tableId(table);
		const filter = JSON.stringify({
			type: 'and',
			filters: [{ columnName: column, condition, value }],
		});
		await api('DELETE', `/data-tables/${id}/rows/delete?filter=${encodeURIComponent(filter)}`);
	}

	/** Puts failed entries back in the queue the way a user does in the data table, for the every-minute run. */
	async function requeueFailed() {
		await updateRows('amocrm_intake_queue', ['state', 'eq', 'failed'], {
			state: 'pending',
			attempts: 0,
			next_attempt_at: 0,
			last_error: '',
		});
	}

	const state = () => amo.sandbox.dump() as any;
	const apiCalls = () => amo.requests.filter((r) => r.path.startsWith('/api/v4/'));
	const faults = async (body: Record<string, unknown>) =>
		await fetch(`${amo.url}/__sandbox/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
	const notesOf = (leadId: number) =>
		state()
			.notes.filter((n: any) => n.entity_type === 'leads' && n.entity_id === leadId)
			.map((n: any) => n.params.text as string);
	const tasksOf = (leadId: number) =>
		state()
			.tasks.filter((t: any) => t.entity_id === leadId)
			.map((t: any) => t.text as string);
	const contactsWith = (phone: string) =>
		state().contacts.filter((c: any) =>
			phonesOf(c).some((p: string) => digitsKey(p) === digitsKey(phone)),
		);
	const leadsOf = (contactId: number) =>
		state().leads.filter((l: any) => l._embedded.contacts?.some((c: any) => c.id === contactId));

	/**
	 * Blocks the account (amoCRM's 403) for at least `ms` and until `refusals` requests were refused,
	 * so the block is felt even when it falls while the core waits out a back-off; then lifts it.
	 */
	async function block(ms: number, refusals: number, maxMs = 10 * ms) {
		const refused = () => apiCalls().filter((r) => r.fault === 'block403').length;
		const before = refused();
		const started = Date.now();
		await faults({ block403: true });
		while (
			Date.now() - started < maxMs &&
			(Date.now() - started < ms || refused() - before < refusals)
		)
			await new Promise((r) => setTimeout(r, 200));
		await faults({ block403: false });
	}

	/** Waits until the core's index of contacts has been filled (the every-minute run or a first round does it). */
	async function indexFilled(timeoutMs = 150_000) {
		await waitFor(
			async () =>
				((await api('GET', '/data-tables')).data as any[]).some(
					(t) => t.name === 'amocrm_intake_sync',
				)
					? await rowsOf('amocrm_intake_sync')
					: [],
			(rows) => rows.some((r) => Number(r.filled_at) > 0),
			timeoutMs,
		);
	}

	/**
	 * Waits until the index has looked at amoCRM since these phones were saved there (a manager's
	 * work, or a seed): it learns of changes once a minute.
	 */
	async function indexKnows(phones: string[], timeoutMs = 150_000) {
		const keys = phones.map((phone) => `phone:${digitsKey(phone)}`);
		await waitFor(
			async () => new Set((await rowsOf('amocrm_intake_contacts')).map((r) => r.key)),
			(known) => keys.every((key) => known.has(key)),
			timeoutMs,
		);
	}

	/** Sets the core's lock as if `holder` ran a round until `until` (ms since the epoch); 0 frees it. */
	async function setLock(holder: string, until: number) {
		await updateRows('amocrm_intake_lock', ['id', 'gt', 0], { holder, until });
	}

	/** Runs `arrange` while the core is held (another run has the lock), then frees the lock. */
	async function whileCoreHeld<T>(arrange: () => Promise<T>): Promise<T> {
		await setLock('another run', Date.now() + 10 * 60_000);
		try {
			return await arrange();
		} finally {
			await setLock('', 0);
		}
	}

	return {
		submit,
		submitAll,
		costOf,
		block,
		setLock,
		whileCoreHeld,
		indexFilled,
		indexKnows,
		tableId,
		rowsOf,
		queue,
		settled,
		updateRows,
		deleteRows,
		requeueFailed,
		state,
		apiCalls,
		faults,
		notesOf,
		tasksOf,
		contactsWith,
		leadsOf,
		phonesOf,
	};
}

export type IntakeRig = ReturnType<typeof intakeRig>;

export interface LoadOptions {
	/** Marks this run's submissions (their comment is `<tag> №<n>`), so runs can share one sandbox. */
	tag: string;
	count: number;
	/** Phones of clients already in the account; every fifth submission comes from one of them. */
	returning: string[];
	/** Every `doubleEvery`-th submission is sent twice (an exact double submit); 0 for none. */
	doubleEvery: number;
	/** First digits of the new clients' numbers, different per run: `+7 <prefix> nnn-nn-nn`. */
	prefix: string;
	concurrency?: number;
	/** Called with the number of submissions sent so far, after each group. */
	onProgress?: (sent: number) => Promise<void> | void;
}

export interface LoadReport {
	submissions: number;
	doubleSubmits: number;
	received: number;
	contactsCreated: number;
	leadsCreated: number;
	notes: number;
	/** Notes written twice for one submission (a write whose answer was lost, then repeated). */
	duplicateNotes: number;
	tasks: number;
	duplicateContacts: number;
	duplicateLeads: number;
	inFailedList: number;
	lost: number;
	/** Every amoCRM request while the run lasted, the index's upkeep among them. */
	requests: number;
	upkeepRequests: number;
	throttled: number;
	injected: Record<string, number>;
	p50Seconds: number;
	p95Seconds: number;
	seconds: number;
}

/** The submissions of a load run: one in five from a returning client, new clients with a phone and sometimes an email. */
export function loadBodies(
	options: LoadOptions,
): Array<{ name: string; phone: string; email?: string; comment: string }> {
	return Array.from({ length: options.count }, (_, i) =>
		i % 5 === 0 && options.returning.length
			? {
					name: 'Вернулся',
					phone: options.returning[(i / 5) % options.returning.length],
					comment: `${options.tag} №${i}`,
				}
			: {
					name: `Клиент ${i}`,
					phone: `+7 ${options.prefix} ${String(1000000 + i).slice(1)}`,
					...(i % 3 ? {} : { email: `${options.tag}-${i}@example.com`.toLowerCase() }),
					comment: `${options.tag} №${i}`,
				},
	);
}

const percentile = (sorted: number[], p: number) =>
	sorted.length
		? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
		: NaN;

/**
 * Sends a load run and waits until the queue has nothing pending (or `settleMs` is up), then reads the
 * outcome off the sandbox: what was created, what is duplicated, what is neither in amoCRM nor in the
 * failed list (lost), and how long each submission took from its POST to the answer to the request
 * that wrote its note into amoCRM.
 */
export async function runLoad(
	rig: IntakeRig,
	options: LoadOptions,
	settleMs: number,
): Promise<LoadReport> {
	const bodies = loadBodies(options);
	const sendList: typeof bodies = [];
	bodies.forEach((body, i) => {
		sendList.push(body);
		if (options.doubleEvery && i % options.doubleEvery === options.doubleEvery - 1)
			sendList.push(body);
	});
	const firstRequest = rig.apiCalls().length;
	const contactsBefore = new Set(rig.state().contacts.map((c: any) => c.id));
	const leadsBefore = new Set(rig.state().leads.map((l: any) => l.id));
	const tasksBefore = new Set(rig.state().tasks.map((t: any) => t.id));
	const started = Date.now();
	const sentAt = new Map<string, number>();
	const concurrency = options.concurrency ?? 10;
	for (let start = 0; start < sendList.length; start += concurrency) {
		const group = sendList.slice(start, start + concurrency);
		const acks = await rig.submitAll(group, concurrency);
		group.forEach((body, k) => {
			if (!sentAt.has(body.comment)) sentAt.set(body.comment, acks[k].sentAt);
		});
		await options.onProgress?.(start + group.length);
	}
	const rows = (await rig.settled(settleMs)).filter((r) =>
		String(r.comment ?? '').startsWith(`${options.tag} №`),
	);
	const seconds = (Date.now() - started) / 1000;

	const state = rig.state();
	const marker = new RegExp(`${options.tag} №(\\d+)$`);
	const notedAt = new Map<string, number>();
	const requests = rig.apiCalls().slice(firstRequest);
	for (const request of requests) {
		if (
			request.method !== 'POST' ||
			request.path !== '/api/v4/leads/notes' ||
			request.status !== 200 ||
			!Array.isArray(request.body)
		)
			continue;
		for (const note of request.body as any[]) {
			const found = marker.exec(String(note?.params?.text ?? ''));
			if (found && !notedAt.has(`${options.tag} №${found[1]}`))
				notedAt.set(`${options.tag} №${found[1]}`, request.time + request.durationMs);
		}
	}
	const notes = state.notes.filter((n: any) => marker.test(String(n.params?.text ?? '')));
	const notedComments = new Set(
		notes.map((n: any) => `${options.tag} №${marker.exec(n.params.text)![1]}`),
	);
	const failed = new Set(rows.filter((r) => r.state === 'failed').map((r) => r.comment));
	const lost = bodies.filter((b) => !notedComments.has(b.comment) && !failed.has(b.comment)).length;

	const newContacts = state.contacts.filter((c: any) => !contactsBefore.has(c.id));
	const newLeads = state.leads.filter((l: any) => !leadsBefore.has(l.id));
	const contactsByPhone = new Map<string, number[]>();
	for (const contact of state.contacts) {
		for (const key of new Set(phonesOf(contact).map(digitsKey)))
			contactsByPhone.set(key, [...(contactsByPhone.get(key) ?? []), contact.id]);
	}
	const phones = [...new Set(bodies.map((b) => digitsKey(b.phone)))];
	const duplicateContacts = phones.reduce(
		(sum, key) => sum + Math.max(0, (contactsByPhone.get(key)?.length ?? 0) - 1),
		0,
	);
	const openLeadsPerContact = new Map<number, number>();
	for (const lead of state.leads) {
		if (lead.status_id === 142 || lead.status_id === 143) continue;
		for (const contact of lead._embedded?.contacts ?? [])
			openLeadsPerContact.set(contact.id, (openLeadsPerContact.get(contact.id) ?? 0) + 1);
	}
	const runContacts = new Set(phones.flatMap((key) => contactsByPhone.get(key) ?? []));
	const duplicateLeads = [...runContacts].reduce(
		(sum, id) => sum + Math.max(0, (openLeadsPerContact.get(id) ?? 0) - 1),
		0,
	);
	const runLeadIds = new Set(notes.map((n: any) => n.entity_id));
	const latencies = [...notedAt.entries()]
		.map(([comment, at]) => (at - sentAt.get(comment)!) / 1000)
		.sort((a, b) => a - b);
	const injected: Record<string, number> = {};
	for (const request of requests)
		if (request.fault) injected[request.fault] = (injected[request.fault] ?? 0) + 1;
	return {
		submissions: bodies.length,
		doubleSubmits: sendList.length - bodies.length,
		received: rows.length,
		contactsCreated: newContacts.length,
		leadsCreated: newLeads.length,
		notes: notes.length,
		duplicateNotes: notes.length - notedComments.size,
		tasks: state.tasks.filter((t: any) => !tasksBefore.has(t.id) && runLeadIds.has(t.entity_id))
			.length,
		duplicateContacts,
		duplicateLeads,
		inFailedList: failed.size,
		lost,
		requests: requests.length,
		upkeepRequests: requests.filter(isIndexUpkeep).length,
		throttled: requests.filter((r) => r.status === 429).length,
		injected,
		p50Seconds: Number(percentile(latencies, 50).toFixed(1)),
		p95Seconds: Number(percentile(latencies, 95).toFixed(1)),
		seconds: Math.round(seconds),
	};
}
