import type { IDataObject } from 'n8n-workflow';

import { type AmoCrmContext, amoCrmApiRequest, amoCrmGetByIds } from './index';

/**
 * After a creation whose outcome amoCRM left open — a 504 from its gateway, a dropped connection,
 * or a 400 that may have saved the valid elements — the records are looked for among the newest
 * ones before anything is sent again: sending them blindly could make them twice.
 *
 * A finder reads the newest records of the endpoint (highest ID first) and pairs each sent entity
 * with one made in the last few minutes (or at the time the entity itself gives) that has the same
 * content. It returns, per sent entity, what amoCRM would have answered for it, or undefined.
 */
export type CreatedFinder = (
	ctx: AmoCrmContext,
	sent: IDataObject[],
) => Promise<Array<IDataObject | undefined>>;

/** How far back a record counts as just made, allowing for a difference between amoCRM's clock and ours. */
const RECENT_S = 10 * 60;

const embeddedOf = (record: IDataObject, key: string) =>
	((record._embedded as IDataObject | undefined)?.[key] ?? []) as IDataObject[];

/** The newest records, at least 50 more than were sent (up to three pages). */
async function newest(
	ctx: AmoCrmContext,
	endpoint: string,
	key: string,
	count: number,
	qs: IDataObject = {},
): Promise<IDataObject[]> {
	const found: IDataObject[] = [];
	for (let page = 1; found.length < count + 50 && page <= 3; page++) {
		const body = await amoCrmApiRequest.call(ctx, 'GET', endpoint, undefined, {
			...qs,
			'order[id]': 'desc',
			page,
			limit: 250,
		});
		const records = embeddedOf(body ?? {}, key);
		found.push(...records);
		if (records.length < 250) break;
	}
	return found;
}

const text = (value: unknown) =>
	value === undefined || value === null ? '' : String(value).trim();

/** Made just now, or at the time the sent entity asked for (an import keeps its records' dates). */
function madeWhenSent(record: IDataObject, sent: IDataObject): boolean {
	if (sent.created_at !== undefined) return Number(record.created_at) === Number(sent.created_at);
	return Number(record.created_at ?? Infinity) >= Math.floor(Date.now() / 1000) - RECENT_S;
}

/** The values of a sent custom field are all among the record's values of that field. */
function hasFieldValues(record: IDataObject, sent: IDataObject): boolean {
	const stored = ((record.custom_fields_values ?? []) as IDataObject[]).find(
		(field) =>
			(sent.field_id !== undefined && field.field_id === sent.field_id) ||
			(sent.field_code !== undefined && field.field_code === sent.field_code),
	);
	if (!stored) return sent.values === null;
	const storedValues = (stored.values ?? []) as IDataObject[];
	return ((sent.values ?? []) as IDataObject[]).every((value) =>
		storedValues.some((have) =>
			value.enum_id !== undefined && value.value === undefined
				? have.enum_id === value.enum_id
				: text(have.value) === text(value.value),
		),
	);
}

/** Whether a lead, contact or company read back has everything a sent one set. */
function sameEntity(record: IDataObject, sent: IDataObject): boolean {
	for (const key of [
		'name',
		'first_name',
		'last_name',
		'price',
		'pipeline_id',
		'status_id',
		'responsible_user_id',
	]) {
		if (sent[key] !== undefined && text(record[key]) !== text(sent[key])) return false;
	}
	if (
		!((sent.custom_fields_values ?? []) as IDataObject[]).every((field) =>
			hasFieldValues(record, field),
		)
	)
		return false;
	const embedded = (sent._embedded ?? {}) as IDataObject;
	const tagNames = new Set(embeddedOf(record, 'tags').map((tag) => text(tag.name)));
	const sentTags = [
		...((embedded.tags ?? []) as IDataObject[]),
		...((sent.tags_to_add ?? []) as IDataObject[]),
	];
	return sentTags.every((tag) => tag.name === undefined || tagNames.has(text(tag.name)));
}

/** Pairs each sent entity with the newest unused record made when it was sent that it matches. */
function pair(
	sent: IDataObject[],
	records: IDataObject[],
	same: (record: IDataObject, sent: IDataObject) => boolean,
): Array<IDataObject | undefined> {
	const used = new Set<IDataObject>();
	return sent.map((entity) => {
		const record = records.find(
			(candidate) =>
				!used.has(candidate) && madeWhenSent(candidate, entity) && same(candidate, entity),
		);
		if (record) used.add(record);
		return record;
	});
}

const entities =
	(type: 'leads' | 'contacts' | 'companies'): CreatedFinder =>
	async (ctx, sent) => {
		const records = await newest(ctx, `/api/v4/${type}`, type, sent.length);
		return pair(sent, records, sameEntity).map((record) => record && { id: record.id });
	};

/** A complex lead: the lead by its own fields, then its contact — an existing one by ID, a new one by its fields. */
const complexLeads: CreatedFinder = async (ctx, sent) => {
	const leads = await newest(ctx, '/api/v4/leads', 'leads', sent.length, { with: 'contacts' });
	const mainContactOf = (lead: IDataObject) => {
		const contacts = embeddedOf(lead, 'contacts');
		return Number((contacts.find((c) => c.is_main) ?? contacts[0])?.id ?? 0) || null;
	};
	const contactIds = leads.map(mainContactOf).filter((id): id is number => id !== null);
	const contacts = new Map(
		(await amoCrmGetByIds.call(ctx, '/api/v4/contacts', 'contacts', contactIds)).map((c) => [
			Number(c.id),
			c,
		]),
	);
	const same = (lead: IDataObject, entity: IDataObject) => {
		const { _embedded: embedded = {}, ...fields } = entity as IDataObject & {
			_embedded?: IDataObject;
		};
		if (!sameEntity(lead, { ...fields, _embedded: { tags: (embedded as IDataObject).tags } }))
			return false;
		const wanted = ((embedded as IDataObject).contacts as IDataObject[] | undefined)?.[0];
		if (!wanted) return true;
		const contactId = mainContactOf(lead);
		if (wanted.id !== undefined) return contactId === Number(wanted.id);
		const contact = contactId === null ? undefined : contacts.get(contactId);
		return contact !== undefined && sameEntity(contact, wanted);
	};
	return pair(sent, leads, same).map((lead) => {
		if (!lead) return undefined;
		const company = embeddedOf(lead, 'companies')[0];
		return {
			id: lead.id,
			contact_id: mainContactOf(lead),
			company_id: company ? company.id : null,
			merged: false,
		};
	});
};

function sameParams(stored: unknown, sent: unknown): boolean {
	const have = (stored ?? {}) as IDataObject;
	return Object.entries((sent ?? {}) as IDataObject).every(
		([key, value]) => text(have[key]) === text(value),
	);
}

const notes =
	(type: string): CreatedFinder =>
	async (ctx, sent) => {
		const ids = [...new Set(sent.map((note) => Number(note.entity_id)))];
		const records = await newest(ctx, `/api/v4/${type}/notes`, 'notes', sent.length, {
			'filter[entity_id]': ids,
		});
		const same = (note: IDataObject, entity: IDataObject) =>
			Number(note.entity_id) === Number(entity.entity_id) &&
			note.note_type === entity.note_type &&
			sameParams(note.params, entity.params);
		return pair(sent, records, same).map((note) => note && { id: note.id });
	};

const tasks: CreatedFinder = async (ctx, sent) => {
	const records = await newest(ctx, '/api/v4/tasks', 'tasks', sent.length);
	const same = (task: IDataObject, entity: IDataObject) =>
		[
			'text',
			'complete_till',
			'entity_id',
			'entity_type',
			'task_type_id',
			'responsible_user_id',
		].every((key) => entity[key] === undefined || text(task[key]) === text(entity[key]));
	return pair(sent, records, same).map((task) => task && { id: task.id });
};

/** A call becomes a call note on the contact, company or lead amoCRM files it on. */
const calls: CreatedFinder = async (ctx, sent) => {
	const records: IDataObject[] = [];
	for (const type of ['leads', 'contacts', 'companies']) {
		const found = await newest(ctx, `/api/v4/${type}/notes`, 'notes', sent.length, {
			'filter[note_type]': ['call_in', 'call_out'],
		});
		records.push(...found.map((note) => ({ ...note, entity_type: type })));
	}
	const same = (note: IDataObject, call: IDataObject) =>
		note.note_type === (call.direction === 'outbound' ? 'call_out' : 'call_in') &&
		sameParams(note.params, {
			phone: call.phone,
			duration: call.duration,
			source: call.source,
			...(call.uniq !== undefined ? { uniq: call.uniq } : {}),
		});
	const singular: IDataObject = { leads: 'lead', contacts: 'contact', companies: 'company' };
	return pair(sent, records, same).map(
		(note) =>
			note && {
				id: note.id,
				entity_id: note.entity_id,
				entity_type: singular[String(note.entity_type)],
			},
	);
};

/** A tag is its name: one read per name sent. */
const tags =
	(type: string): CreatedFinder =>
	async (ctx, sent) =>
		await Promise.all(
			sent.map(async (tag) => {
				const body = await amoCrmApiRequest.call(ctx, 'GET', `/api/v4/${type}/tags`, undefined, {
					'filter[name]': tag.name,
				});
				const found = embeddedOf(body ?? {}, 'tags').find((t) => text(t.name) === text(tag.name));
				return found && { id: found.id, name: found.name, color: found.color ?? null };
			}),
		);

/** A pipeline by its name (an account has at most 50, read in one request). */
const pipelines: CreatedFinder = async (ctx, sent) => {
	const body = await amoCrmApiRequest.call(ctx, 'GET', '/api/v4/leads/pipelines');
	const all = embeddedOf(body ?? {}, 'pipelines');
	return pair(sent, all, (pipeline, entity) => text(pipeline.name) === text(entity.name));
};

/** A source by its external ID (unique among the integration's sources) and its name. */
const sources: CreatedFinder = async (ctx, sent) => {
	const body = await amoCrmApiRequest.call(ctx, 'GET', '/api/v4/sources', undefined, {
		'filter[external_id]': sent.map((source) => source.external_id),
	});
	const all = embeddedOf(body ?? {}, 'sources');
	return sent.map((entity) =>
		all.find(
			(source) =>
				text(source.external_id) === text(entity.external_id) &&
				text(source.name) === text(entity.name),
		),
	);
};

/** A catalog by its name and type (an account has at most 10, read in one request). */
const catalogs: CreatedFinder = async (ctx, sent) => {
	const body = await amoCrmApiRequest.call(ctx, 'GET', '/api/v4/catalogs', undefined, {
		page: 1,
		limit: 250,
	});
	const all = embeddedOf(body ?? {}, 'catalogs');
	return pair(
		sent,
		all,
		(catalog, entity) =>
			text(catalog.name) === text(entity.name) &&
			(entity.type === undefined || catalog.type === entity.type),
	);
};

/** The finder for creations sent to `endpoint`; null where nothing can tell a new record from an old one. */
export function createdFinderFor(endpoint: string): CreatedFinder | null {
	const entity = /^\/api\/v4\/(leads|contacts|companies)$/.exec(endpoint);
	if (entity) return entities(entity[1] as 'leads' | 'contacts' | 'companies');
	const note = /^\/api\/v4\/(leads|contacts|companies)\/notes$/.exec(endpoint);
	if (note) return notes(note[1]);
	if (endpoint === '/api/v4/leads/complex') return complexLeads;
	if (endpoint === '/api/v4/leads/pipelines') return pipelines;
	if (endpoint === '/api/v4/catalogs') return catalogs;
	const tag = /^\/api\/v4\/(leads|contacts|companies)\/tags$/.exec(endpoint);
	if (tag) return tags(tag[1]);
	if (endpoint === '/api/v4/tasks') return tasks;
	if (endpoint === '/api/v4/calls') return calls;
	if (endpoint === '/api/v4/sources') return sources;
	return null;
}
