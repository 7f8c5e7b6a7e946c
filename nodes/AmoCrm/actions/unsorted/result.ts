import type { IDataObject } from 'n8n-workflow';

/** Lead, contact and company IDs from an accept/decline/link answer. */
export function acceptedIds(answer: IDataObject | undefined): IDataObject {
	const embedded = (answer?._embedded ?? {}) as IDataObject;
	const first = (key: string) =>
		(((embedded[key] ?? []) as IDataObject[])[0]?.id as number | undefined) ?? null;
	return { lead_id: first('leads'), contact_id: first('contacts'), company_id: first('companies') };
}
