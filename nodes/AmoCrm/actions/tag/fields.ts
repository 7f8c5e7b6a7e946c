import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmGetByIds } from '../../transport';
import { amoCrmBatchWriteByGroup, type BatchEntry, type BatchOutcome } from '../../transport/batch';
import { entityTypeOptions, idParameter, tagRefs } from '../common.descriptions';
import { SINGULAR } from '../read';

export const tagEntityTypeField: INodeProperties = {
	displayName: 'Entity Type',
	name: 'entityType',
	type: 'options',
	options: entityTypeOptions,
	default: 'leads',
	description:
		'Which tag list to use: amoCRM keeps a separate one for leads, contacts and companies',
};

export const tagChangeFields = (verb: 'add' | 'remove'): INodeProperties[] => [
	tagEntityTypeField,
	{
		displayName: 'Record ID',
		name: 'recordId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 30000001',
	},
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. сайт, повторная заявка',
		description:
			verb === 'add'
				? 'Comma-separated tag names to add; tags that do not exist yet are created, the record keeps its other tags'
				: 'Comma-separated tag names to remove (case does not matter); the record keeps its other tags',
	},
];

const key = (name: unknown) =>
	String(name ?? '')
		.trim()
		.toLowerCase();

interface Change {
	type: string;
	id: number;
	names: string[];
}

/**
 * Adds or removes tags without dropping the record's other tags. amoCRM's PATCH replaces the
 * whole tag list, so the records are read (one request per 250), the change is merged, and the
 * full list is written back (one request per 250). Several items for one record are merged in
 * item order into a single write, so none of them overwrites another.
 */
export async function changeTags(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	verb: 'add' | 'remove',
): Promise<INodeExecutionData[]> {
	const changes = new Map<number, Change>();
	const finalTags = new Map<string, IDataObject[]>();
	const touched = new Map<number, { added: string[]; removed: string[] }>();
	return await batchItems.call(this, items, {
		prepare: (i) => {
			const type = this.getNodeParameter('entityType', i) as string;
			const id = idParameter(this, 'recordId', i);
			const names = tagRefs(this.getNodeParameter('tags', i, '')).map((t) => String(t.name));
			if (!names.length)
				throw new NodeOperationError(this.getNode(), 'No tags given', {
					itemIndex: i,
					description: 'Give one or more comma-separated tag names.',
				});
			changes.set(i, { type, id, names });
			return { id };
		},
		write: async (entries) => {
			const records = new Map<string, IDataObject>();
			for (const type of new Set(entries.map((e) => changes.get(e.itemIndex)!.type))) {
				const ids = [
					...new Set(
						entries
							.map((e) => changes.get(e.itemIndex)!)
							.filter((c) => c.type === type)
							.map((c) => c.id),
					),
				];
				for (const record of await amoCrmGetByIds.call(this, `/api/v4/${type}`, type, ids))
					records.set(`${type}:${String(record.id)}`, record);
			}
			const missing = new Map<number, BatchOutcome>();
			const firstEntry = new Map<string, BatchEntry>();
			const changed = new Set<string>();
			for (const entry of entries) {
				const change = changes.get(entry.itemIndex)!;
				const recordKey = `${change.type}:${change.id}`;
				const record = records.get(recordKey);
				if (!record) {
					const message = `amoCRM has no ${SINGULAR[change.type as keyof typeof SINGULAR]} with ID ${change.id}`;
					missing.set(entry.itemIndex, {
						itemIndex: entry.itemIndex,
						error: new NodeOperationError(this.getNode(), message, { itemIndex: entry.itemIndex }),
					});
					continue;
				}
				const current =
					finalTags.get(recordKey) ??
					(((record._embedded as IDataObject | undefined)?.tags ?? []) as IDataObject[]).map(
						(t) => ({ id: t.id, name: t.name }),
					);
				const result = { added: [] as string[], removed: [] as string[] };
				let next = current;
				if (verb === 'add') {
					for (const name of change.names) {
						if (next.some((t) => key(t.name) === key(name))) continue;
						next = [...next, { name }];
						result.added.push(name);
					}
				} else {
					const drop = new Set(change.names.map(key));
					result.removed = next.filter((t) => drop.has(key(t.name))).map((t) => String(t.name));
					if (result.removed.length) next = next.filter((t) => !drop.has(key(t.name)));
				}
				finalTags.set(recordKey, next);
				touched.set(entry.itemIndex, result);
				if (!firstEntry.has(recordKey)) firstEntry.set(recordKey, entry);
				if (next !== current) changed.add(recordKey);
			}
			const writes = [...firstEntry.entries()]
				.filter(([recordKey]) => changed.has(recordKey))
				.map(([recordKey, entry]) => {
					const tags = finalTags.get(recordKey)!;
					const refs = tags.map((t) => (t.id ? { id: t.id } : { name: t.name }));
					return {
						itemIndex: entry.itemIndex,
						body: {
							id: changes.get(entry.itemIndex)!.id,
							_embedded: { tags: refs.length ? refs : null },
						},
					};
				});
			const written = await amoCrmBatchWriteByGroup.call(
				this,
				writes,
				(e) => changes.get(e.itemIndex)!.type,
				(type) => ({
					method: 'PATCH',
					endpoint: `/api/v4/${type}`,
					embeddedKey: type,
					idempotent: true,
				}),
			);
			const byRecord = new Map(
				written.map((o) => [
					`${changes.get(o.itemIndex)!.type}:${changes.get(o.itemIndex)!.id}`,
					o,
				]),
			);
			return entries.map((entry): BatchOutcome => {
				const failed = missing.get(entry.itemIndex);
				if (failed) return failed;
				const change = changes.get(entry.itemIndex)!;
				const outcome = byRecord.get(`${change.type}:${change.id}`);
				if (outcome?.error) return { itemIndex: entry.itemIndex, error: outcome.error };
				return { itemIndex: entry.itemIndex, result: { id: change.id } };
			});
		},
		present: (_result, i) => {
			const change = changes.get(i)!;
			const tags = finalTags.get(`${change.type}:${change.id}`) ?? [];
			return {
				entity_type: change.type,
				id: change.id,
				...touched.get(i),
				tags: tags.map((t) => String(t.name)),
			};
		},
	});
}
