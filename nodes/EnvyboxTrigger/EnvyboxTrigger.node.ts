import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { simplifyRecord } from '../Envybox/helpers/simplify';
import * as loadOptions from '../Envybox/methods/loadOptions';
import { envyboxApiRequest } from '../Envybox/transport';

type Event = 'newLead' | 'newDeal' | 'dealStageChanged';

const PAGE = 50;
const DAY = 24 * 60 * 60 * 1000;
/** Keys of emitted records kept at most; past it the window's oldest days are given up first. */
const MAX_SEEN = 10_000;

/** `YYYY-MM-DD` of a day `daysBack` before the given date (UTC). */
const dayOf = (ms: number, daysBack = 0) =>
	new Date(ms - daysBack * DAY).toISOString().slice(0, 10);

/** What the trigger keeps in the workflow's static data between polls. */
interface TriggerMemory {
	event?: Event;
	/** The first day every poll reads (`date_start`). */
	since?: string;
	/** The records emitted (or present at the start) whose day is on or after `since`: key → that day. */
	seen?: Record<string, string>;
}

/** Envybox's own time of the event: when the record was made, or when the deal last changed stage. */
const timeOf = (event: Event, record: IDataObject) =>
	String((event === 'dealStageChanged' ? record.stage_updated_at : record.created_at) ?? '');

/** One key per event: a record, or a record at one stage change. */
const keyOf = (event: Event, record: IDataObject) =>
	event === 'dealStageChanged'
		? `${String(record.id)}@${timeOf(event, record)}`
		: String(record.id);

/** A deal's first stage is not a change: Envybox gives a deal made from a lead its creation time as its stage time. */
const isEvent = (event: Event, record: IDataObject) =>
	Boolean(timeOf(event, record)) &&
	(event !== 'dealStageChanged' || record.stage_updated_at !== record.created_at);

const oldestFirst = (event: Event) => (a: IDataObject, b: IDataObject) =>
	timeOf(event, a).localeCompare(timeOf(event, b)) || Number(a.id) - Number(b.id);

/** The records of a list method whose `date_type` date falls on or after `dateStart`, each once. */
async function listSince(
	ctx: IPollFunctions,
	event: Event,
	dateStart: string | null,
	extra: IDataObject,
	onePage = false,
): Promise<IDataObject[]> {
	const lead = event === 'newLead';
	const path = lead ? 'lead/list' : 'deal/list';
	const request: IDataObject = {
		...extra,
		date_type: event === 'dealStageChanged' ? 'stage_changed' : 'created',
	};
	if (dateStart) request.date_start = dateStart;
	// Rows move down a page when records are added while the list is read: the same record can come twice.
	const records = new Map<string, IDataObject>();
	for (let offset = 0; ; ) {
		const answer = await envyboxApiRequest.call(ctx, 'POST', path, {
			...request,
			limit: PAGE,
			offset,
		});
		const page = (lead ? answer.leads : answer) as IDataObject | undefined;
		const items = (page?.result ?? []) as IDataObject[];
		for (const item of items) records.set(keyOf(event, item), item);
		const next = Number(page?.offset ?? -1);
		if (onePage || next < 0 || !items.length || next <= offset) break;
		offset = next;
	}
	return [...records.values()].filter((record) => isEvent(event, record));
}

/**
 * Remembers `records` as emitted and forgets what falls before the next window. When more than
 * MAX_SEEN remain, the window starts later, oldest days first (never past the newest day), so
 * nothing read again was forgotten.
 */
function remember(memory: TriggerMemory, event: Event, records: IDataObject[], since: string) {
	const all = { ...memory.seen };
	for (const record of records) all[keyOf(event, record)] = timeOf(event, record).slice(0, 10);
	let seen = Object.entries(all).filter(([, day]) => day >= since);
	const days = [...new Set(seen.map(([, day]) => day))].sort();
	let start = since;
	for (let i = 0; seen.length > MAX_SEEN && i < days.length - 1; i++) {
		start = days[i + 1];
		seen = seen.filter(([, day]) => day >= start);
	}
	memory.since = start;
	memory.seen = Object.fromEntries(seen);
}

export class EnvyboxTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Envybox Trigger',
		name: 'envyboxTrigger',
		icon: { light: 'file:envybox.svg', dark: 'file:envybox.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description:
			'Starts the workflow when a lead or a deal appears in Envybox, or a deal changes stage',
		defaults: { name: 'Envybox Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'envyboxApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{ name: 'Deal Stage Changed', value: 'dealStageChanged' },
					{ name: 'New Deal', value: 'newDeal' },
					{ name: 'New Lead', value: 'newLead' },
				],
				default: 'newLead',
			},
			{
				displayName: 'Only Pipeline Names or IDs',
				name: 'pipelineIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getDealPipelines' },
				default: [],
				displayOptions: { show: { event: ['newDeal', 'dealStageChanged'] } },
				description:
					'Deals of other pipelines are ignored. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description:
					'Whether to return a simplified version of the response instead of the raw data',
			},
		],
	};

	methods = { loadOptions };

	/**
	 * Polls the list methods, re-reading a window from the day before the last poll (UTC, so Envybox's
	 * Moscow dates are covered) and emitting what is not in the remembered set. A record that shows
	 * up late (a queued `lead/set`, a deal made seconds after its lead) is still emitted once; one read
	 * twice, or read again next poll, is not. The first poll only remembers, so history is not
	 * replayed; a manual test reads one page and returns its latest record.
	 */
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as Event;
		const pipelines = ((this.getNodeParameter('pipelineIds', []) as unknown[]) ?? []).map(Number);
		const extra: IDataObject =
			event !== 'newLead' && pipelines.length ? { pipeline_id: pipelines } : {};
		const simplify = this.getNodeParameter('simplify', true) as boolean;
		const memory = this.getWorkflowStaticData('node') as TriggerMemory;
		const present = (records: IDataObject[]) =>
			records.map((record) => ({
				json: {
					event:
						event === 'newLead'
							? 'lead.new'
							: event === 'newDeal'
								? 'deal.new'
								: 'deal.stageChanged',
					...(simplify ? simplifyRecord(record) : record),
				},
			}));

		if (this.getMode() === 'manual') {
			const latest = (await listSince(this, event, null, extra, true))
				.sort(oldestFirst(event))
				.at(-1);
			return latest ? [present([latest])] : null;
		}

		const nextSince = dayOf(Date.now(), 1);
		if (memory.event !== event || !memory.seen || !memory.since) {
			// First poll (or the event was changed): remember what is there, emit nothing.
			const existing = await listSince(this, event, nextSince, extra);
			memory.event = event;
			memory.seen = {};
			remember(memory, event, existing, nextSince);
			return null;
		}

		const seen = memory.seen;
		const fresh = (await listSince(this, event, memory.since, extra))
			.filter((record) => !(keyOf(event, record) in seen))
			.sort(oldestFirst(event));
		remember(memory, event, fresh, nextSince < memory.since ? memory.since : nextSince);
		return fresh.length ? [present(fresh)] : null;
	}
}
