import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { simplifyRecord } from '../Envybox/helpers/simplify';
import * as loadOptions from '../Envybox/methods/loadOptions';
import { envyboxApiRequest } from '../Envybox/transport';

type Event = 'newLead' | 'newDeal' | 'dealStageChanged';

const PAGE = 50;
const DAY = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of a day `daysBack` before the given date (UTC). */
const dayOf = (ms: number, daysBack = 0) => new Date(ms - daysBack * DAY).toISOString().slice(0, 10);

/** Every record of a list method whose `date_type` date falls on or after `dateStart`. */
async function listSince(ctx: IPollFunctions, event: Event, dateStart: string | null, extra: IDataObject): Promise<IDataObject[]> {
	const lead = event === 'newLead';
	const path = lead ? 'lead/list' : 'deal/list';
	const request: IDataObject = { ...extra, date_type: event === 'dealStageChanged' ? 'stage_changed' : 'created' };
	if (dateStart) request.date_start = dateStart;
	const records: IDataObject[] = [];
	for (let offset = 0; ; ) {
		const answer = await envyboxApiRequest.call(ctx, 'POST', path, { ...request, limit: PAGE, offset });
		const page = (lead ? answer.leads : answer) as IDataObject | undefined;
		const items = ((page?.result ?? []) as IDataObject[]);
		records.push(...items);
		const next = Number(page?.offset ?? -1);
		if (next < 0 || !items.length || next <= offset) break;
		offset = next;
	}
	return records;
}

/** The cursor of an event: the highest ID (new leads, new deals) or the latest stage change time. */
function cursorOf(event: Event, record: IDataObject): string {
	return event === 'dealStageChanged' ? String(record.stage_updated_at ?? '') : String(record.id).padStart(15, '0');
}

export class EnvyboxTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Envybox Trigger',
		name: 'envyboxTrigger',
		icon: { light: 'file:envybox.svg', dark: 'file:envybox.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when a lead or a deal appears in Envybox, or a deal changes stage',
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
				description: 'Deals of other pipelines are ignored. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: 'Whether to return a simplified version of the response instead of the raw data',
			},
		],
	};

	methods = { loadOptions };

	/**
	 * Polls the list methods. The cursor lives in the workflow's static data: the highest lead or
	 * deal ID seen, or the latest `stage_updated_at` (Envybox's own clock, so no time zone is assumed).
	 * Each poll reads from the day before the cursor's day, which covers any time-zone offset. The
	 * first poll only sets the cursor, so history is not replayed; a manual test returns the latest record.
	 */
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as Event;
		const pipelines = ((this.getNodeParameter('pipelineIds', []) as unknown[]) ?? []).map(Number);
		const extra: IDataObject = event !== 'newLead' && pipelines.length ? { pipeline_id: pipelines } : {};
		const simplify = this.getNodeParameter('simplify', true) as boolean;
		const data = this.getWorkflowStaticData('node') as { event?: Event; cursor?: string; cursorDay?: string; cursorIds?: string[] };
		const present = (records: IDataObject[]) =>
			records.map((record) => ({ json: { event: event === 'newLead' ? 'lead.new' : event === 'newDeal' ? 'deal.new' : 'deal.stageChanged', ...(simplify ? simplifyRecord(record) : record) } }));
		const newestFirst = (a: IDataObject, b: IDataObject) => cursorOf(event, b).localeCompare(cursorOf(event, a));

		if (this.getMode() === 'manual') {
			const latest = (await listSince(this, event, null, extra)).filter((r) => cursorOf(event, r)).sort(newestFirst)[0];
			return latest ? [present([latest])] : null;
		}

		if (data.event !== event || data.cursor === undefined) {
			// First poll (or the event was changed): remember where things stand, emit nothing. The window
			// read here is the one later polls start from when nothing was found, so none of it is replayed.
			const windowStart = dayOf(Date.now(), 3);
			const recent = (await listSince(this, event, windowStart, extra)).filter((r) => cursorOf(event, r)).sort(newestFirst);
			data.event = event;
			if (recent[0]) {
				data.cursor = cursorOf(event, recent[0]);
				data.cursorIds = recent.filter((r) => cursorOf(event, r) === data.cursor).map((r) => String(r.id));
				data.cursorDay = String(event === 'dealStageChanged' ? recent[0].stage_updated_at : recent[0].created_at).slice(0, 10);
			} else {
				data.cursor = event === 'dealStageChanged' ? `${windowStart} 00:00:00` : '';
				data.cursorIds = [];
				data.cursorDay = dayOf(Date.now(), 2);
			}
			return null;
		}

		const cursor = data.cursor;
		const since = dayOf(Date.parse(`${data.cursorDay ?? dayOf(Date.now(), 2)}T00:00:00Z`), 1);
		// Change times have one-second resolution: records at the cursor's second that were already emitted are skipped by ID.
		const seen = new Set(data.cursorIds ?? []);
		const fresh = (await listSince(this, event, since, extra))
			.filter((r) => cursorOf(event, r) > cursor || (cursorOf(event, r) === cursor && !seen.has(String(r.id))))
			.sort((a, b) => -newestFirst(a, b));
		if (!fresh.length) return null;
		const newest = fresh[fresh.length - 1];
		data.cursor = cursorOf(event, newest);
		data.cursorIds = [...(data.cursor === cursor ? seen : []), ...fresh.filter((r) => cursorOf(event, r) === data.cursor).map((r) => String(r.id))];
		data.cursorDay = event === 'dealStageChanged' ? String(newest.stage_updated_at).slice(0, 10) : String(newest.created_at ?? dayOf(Date.now())).slice(0, 10);
		return [present(fresh)];
	}
}
