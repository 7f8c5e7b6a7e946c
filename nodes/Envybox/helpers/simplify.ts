import type { IDataObject } from 'n8n-workflow';

const NUMERIC_KEY = /(^id$|_id$|^count$|^offset$|^limit$)/;

/** Envybox's older methods return IDs as strings: give them back as numbers, keep everything else. */
export function numbersFromStrings(record: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		if (typeof value === 'string' && NUMERIC_KEY.test(key) && /^-?\d{1,15}$/.test(value))
			result[key] = Number(value);
		else if (Array.isArray(value) && NUMERIC_KEY.test(key.replace(/s$/, '_id')))
			result[key] = value.map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v));
		else result[key] = value;
	}
	return result;
}

/** `values.service` and `values.custom` records as `{ field name_id: value }`. */
function fieldValues(values: unknown): IDataObject {
	const result: IDataObject = {};
	const { service, custom } = (values ?? {}) as {
		service?: IDataObject;
		custom?: IDataObject[] | IDataObject;
	};
	for (const [key, record] of Object.entries(service ?? {}))
		result[key] = (record as IDataObject)?.value ?? null;
	for (const record of Object.values(custom ?? {}) as IDataObject[])
		result[String(record.name_id ?? record.input_id)] = record.value ?? null;
	return result;
}

/** A lead or deal with numeric IDs and its field values flattened into `fields`. */
export function simplifyRecord(record: IDataObject): IDataObject {
	const { values, ...rest } = record;
	for (const noise of ['deleted_at', 'it_reaction', 'in_call', 'with_event']) delete rest[noise];
	const simple = numbersFromStrings(rest);
	if (values !== undefined) simple.fields = fieldValues(values);
	return simple;
}

/** A client with numeric IDs, flattened fields, contacts as values and deals as one list. */
export function simplifyClient(client: IDataObject): IDataObject {
	const { contacts, deals, ...rest } = client;
	const simple = simplifyRecord(rest);
	simple.contacts = ((contacts ?? []) as IDataObject[]).map((c) => ({
		type_id: Number(c.type_id),
		value: c.value,
		primary: String(c.primary) === '1',
	}));
	const list = Array.isArray(deals) ? deals : Object.values((deals ?? {}) as IDataObject).flat();
	simple.deals = (list as IDataObject[]).map(simplifyRecord);
	return simple;
}
