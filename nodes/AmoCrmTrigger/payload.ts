import type { IDataObject } from 'n8n-workflow';

/** Fields amoCRM sends as digit strings that are numbers (IDs, Unix times, money, legacy type codes). */
const NUMERIC =
	/(^id$|_id$|_at$|^price$|^date_create$|^last_modified$|^complete_before$|^element_type$|^task_type$|^note_type$|^timestamp_x$)/;

const ENTITY_OF_SECTION: Record<string, string> = {
	leads: 'lead',
	contacts: 'contact',
	task: 'task',
	tasks: 'task',
	unsorted: 'unsorted',
	catalogs: 'catalog_element',
	customers: 'customer',
	talk: 'talk',
	message: 'message',
};

function asNumber(key: string, value: unknown): unknown {
	if (typeof value !== 'string' || !NUMERIC.test(key) || !/^-?\d{1,15}$/.test(value)) return value;
	return Number(value);
}

function normalizeFields(record: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		if (key === 'custom_fields') result.custom_fields = customFields(value);
		else if (key === 'tags')
			result.tags = list(value).map((tag) =>
				typeof tag === 'object' && tag
					? normalizeFields(tag as IDataObject)
					: { name: tag as string },
			);
		else if (value && typeof value === 'object' && !Array.isArray(value))
			result[key] = normalizeFields(value as IDataObject);
		else result[key] = asNumber(key, value) as IDataObject[string];
	}
	return result;
}

/** A list whatever amoCRM sent: an array, a single object (seen for radio buttons), a scalar, or nothing. */
function list(value: unknown): unknown[] {
	if (value === undefined || value === null || value === '') return [];
	return Array.isArray(value) ? value : [value];
}

/** Custom fields as `{id, name, code, values: [{value, enum}]}`; bare values (dates) become `{value}`. */
function customFields(value: unknown): IDataObject[] {
	return list(value)
		.filter((field): field is IDataObject => typeof field === 'object' && field !== null)
		.map(({ values, ...field }) => ({
			...normalizeFields(field),
			values: list(values).map((v) => {
				if (typeof v !== 'object' || v === null) return { value: v };
				const { value = null, enum: option } = v as IDataObject;
				return option === undefined ? { value } : { value, enum: asNumber('enum_id', option) };
			}),
		}));
}

export interface TriggerItem extends IDataObject {
	event: string;
	entity: string;
	action: string;
	/**
	 * The same for a change delivered again: amoCRM sends a webhook again after a failed delivery, so
	 * a workflow that must act once per change skips keys it has seen (n8n's Remove Duplicates node).
	 */
	change_key: string;
}

/**
 * One item per changed record: `{event: 'lead.status', entity, action, …fields, account}`.
 * Contacts and companies share amoCRM's `contacts` section and are told apart by `type`; a
 * contact, company or task update that carries a changed responsible user is `….responsible`.
 */
export function webhookItems(payload: IDataObject): TriggerItem[] {
	const account =
		typeof payload.account === 'object' && payload.account
			? normalizeFields(payload.account as IDataObject)
			: {};
	const items: TriggerItem[] = [];
	for (const [section, actions] of Object.entries(payload)) {
		if (section === 'account' || !actions || typeof actions !== 'object' || Array.isArray(actions))
			continue;
		for (const [action, records] of Object.entries(actions as IDataObject)) {
			for (const raw of list(records)) {
				if (!raw || typeof raw !== 'object') continue;
				const record = raw as IDataObject;
				// Notes arrive as `leads[note][0][note][…]`.
				const fields = normalizeFields(
					action === 'note' && typeof record.note === 'object'
						? { ...(record.note as IDataObject), type: record.type }
						: record,
				);
				if (fields.type === undefined) delete fields.type;
				const entity =
					section === 'contacts' && typeof fields.type === 'string'
						? fields.type
						: (ENTITY_OF_SECTION[section] ?? section);
				let name = action;
				const responsibleChange =
					fields.old_responsible_user_id !== undefined &&
					fields.old_responsible_user_id !== fields.responsible_user_id;
				if (
					action === 'update' &&
					(section === 'contacts' || section === 'task') &&
					responsibleChange
				) {
					name = 'responsible';
				}
				const when =
					fields.last_modified ??
					fields.updated_at ??
					fields.timestamp_x ??
					fields.created_at ??
					'';
				// Talks are keyed by `talk_id`; they carry no `id`.
				const changeKey = [
					entity,
					name,
					fields.id ?? fields.uid ?? fields.talk_id ?? '',
					fields.status_id ?? '',
					when,
				].join(':');
				items.push({
					event: `${entity}.${name}`,
					entity,
					action: name,
					change_key: changeKey,
					...fields,
					account,
				});
			}
		}
	}
	return items;
}
