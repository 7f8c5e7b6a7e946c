import type { IDataObject } from 'n8n-workflow';

/**
 * API filtering is a paid amoCRM add-on: without it `filter[...]` on leads, contacts, companies and
 * customers is silently ignored and the unfiltered list comes back (amoCRM's filtering page; the
 * account flag `is_api_filter_enabled`). So what a filtered read gets back is checked here against
 * the filters that were sent, and a read that was not filtered goes on over the whole list, keeping
 * what matches.
 */
export const FILTERABLE_LIST = /^\/api\/v4\/(leads|contacts|companies|customers)$/;

const LISTS = ['id', 'responsible_user_id', 'created_by', 'updated_by', 'pipeline_id'];
const RANGES = ['created_at', 'updated_at', 'closed_at', 'closest_task_at', 'price'];

const valuesOf = (value: unknown): string[] =>
	(Array.isArray(value)
		? value
		: typeof value === 'object' && value !== null
			? Object.values(value)
			: [value]
	).map(String);

/**
 * Whether a record is one the query's filters ask for; null when it sends none this can check
 * (custom-field filters are left to amoCRM). Keys are the flat ones the node sends: `filter[id]`,
 * `filter[updated_at][from]`, `filter[statuses][0][status_id]`.
 */
export function filterCheck(qs: IDataObject): ((record: IDataObject) => boolean) | null {
	const checks: Array<(record: IDataObject) => boolean> = [];
	const statusPairs = new Map<string, { pipeline?: string; status?: string }>();
	for (const [key, value] of Object.entries(qs)) {
		const [, field, part, sub] =
			/^filter\[([^\]]+)\](?:\[([^\]]*)\])?(?:\[([^\]]*)\])?$/.exec(key) ?? [];
		if (!field || value === undefined || value === '') continue;
		if (LISTS.includes(field) || field === 'name') {
			const allowed = new Set(valuesOf(value));
			checks.push((record) => allowed.has(String(record[field])));
		} else if (RANGES.includes(field) && (part === 'from' || part === 'to')) {
			const bound = Number(value);
			checks.push(
				(record) =>
					record[field] !== null &&
					record[field] !== undefined &&
					(part === 'from' ? Number(record[field]) >= bound : Number(record[field]) <= bound),
			);
		} else if (
			field === 'statuses' &&
			part !== undefined &&
			(sub === 'pipeline_id' || sub === 'status_id')
		) {
			const pair = statusPairs.get(part) ?? {};
			if (sub === 'pipeline_id') pair.pipeline = String(value);
			else pair.status = String(value);
			statusPairs.set(part, pair);
		}
	}
	if (statusPairs.size) {
		const pairs = [...statusPairs.values()];
		checks.push((record) =>
			pairs.some(
				(p) => String(record.pipeline_id) === p.pipeline && String(record.status_id) === p.status,
			),
		);
	}
	return checks.length ? (record) => checks.every((check) => check(record)) : null;
}

/**
 * With the list sorted by a field a range filter bounds (`order[updated_at]=desc` with
 * `filter[updated_at][from]`), a page past the bound ends an unfiltered read early.
 */
export function pastRange(page: IDataObject[], qs: IDataObject): boolean {
	const order = Object.entries(qs).find(([key]) => /^order\[[^\]]+\]$/.test(key));
	if (!order || !page.length) return false;
	const field = order[0].slice('order['.length, -1);
	const direction = String(order[1]).toLowerCase();
	const last = Number(page[page.length - 1][field]);
	const from = qs[`filter[${field}][from]`];
	const to = qs[`filter[${field}][to]`];
	if (direction === 'desc' && from !== undefined) return last < Number(from);
	if (direction === 'asc' && to !== undefined) return last > Number(to);
	return false;
}
