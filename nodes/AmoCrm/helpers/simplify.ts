import type { IDataObject } from 'n8n-workflow';

import { normalizeEmail, normalizePhone } from '../../shared/contactKeys';
import { customFieldMap, fieldTexts } from './customFields';

const embeddedIds = (entity: IDataObject, key: string): number[] =>
	(((entity._embedded as IDataObject | undefined)?.[key] ?? []) as IDataObject[]).map((e) =>
		Number(e.id),
	);

const tagNames = (entity: IDataObject): string[] =>
	(((entity._embedded as IDataObject | undefined)?.tags ?? []) as IDataObject[]).map((t) =>
		String(t.name),
	);

/** The phones and emails a record is matched on: phones by their match key (last 10 digits of +7 numbers), emails lower-cased. */
export const matchKeys = (record: IDataObject): { phone_keys: string[]; email_keys: string[] } => ({
	phone_keys: [
		...new Set(
			fieldTexts(record, 'PHONE')
				.map((value) => normalizePhone(value)?.matchKey)
				.filter((key): key is string => Boolean(key)),
		),
	],
	email_keys: [
		...new Set(
			fieldTexts(record, 'EMAIL')
				.map(normalizeEmail)
				.filter((email): email is string => Boolean(email)),
		),
	],
});

export function simplifyContact(contact: IDataObject): IDataObject {
	const simple: IDataObject = {
		id: contact.id,
		name: contact.name,
		first_name: contact.first_name,
		last_name: contact.last_name,
		responsible_user_id: contact.responsible_user_id,
		created_at: contact.created_at,
		updated_at: contact.updated_at,
		phones: fieldTexts(contact, 'PHONE'),
		emails: fieldTexts(contact, 'EMAIL'),
		...matchKeys(contact),
		tags: tagNames(contact),
		company_id: embeddedIds(contact, 'companies')[0] ?? null,
		custom_fields: customFieldMap(contact),
	};
	const embedded = contact._embedded as IDataObject | undefined;
	if (embedded?.leads) simple.lead_ids = embeddedIds(contact, 'leads');
	return simple;
}

export function simplifyCompany(company: IDataObject): IDataObject {
	const simple: IDataObject = {
		id: company.id,
		name: company.name,
		responsible_user_id: company.responsible_user_id,
		created_at: company.created_at,
		updated_at: company.updated_at,
		phones: fieldTexts(company, 'PHONE'),
		emails: fieldTexts(company, 'EMAIL'),
		web: fieldTexts(company, 'WEB')[0] ?? null,
		address: fieldTexts(company, 'ADDRESS')[0] ?? null,
		tags: tagNames(company),
		custom_fields: customFieldMap(company),
	};
	const embedded = company._embedded as IDataObject | undefined;
	if (embedded?.contacts) simple.contact_ids = embeddedIds(company, 'contacts');
	if (embedded?.leads) simple.lead_ids = embeddedIds(company, 'leads');
	return simple;
}

export function simplifyLead(lead: IDataObject): IDataObject {
	const simple: IDataObject = {
		id: lead.id,
		name: lead.name,
		price: lead.price,
		pipeline_id: lead.pipeline_id,
		status_id: lead.status_id,
		responsible_user_id: lead.responsible_user_id,
		created_at: lead.created_at,
		updated_at: lead.updated_at,
		closed_at: lead.closed_at,
		tags: tagNames(lead),
		company_id: embeddedIds(lead, 'companies')[0] ?? null,
		custom_fields: customFieldMap(lead),
	};
	const embedded = lead._embedded as IDataObject | undefined;
	if (embedded?.contacts) simple.contact_ids = embeddedIds(lead, 'contacts');
	if (embedded?.catalog_elements) simple.products = leadProducts(lead);
	return simple;
}

/** The catalog elements linked to a lead (read with `with=catalog_elements`), with quantity and price column. */
export function leadProducts(lead: IDataObject): IDataObject[] {
	return (
		((lead._embedded as IDataObject | undefined)?.catalog_elements ?? []) as IDataObject[]
	).map((element) => {
		const metadata = (element.metadata ?? {}) as IDataObject;
		return {
			element_id: element.id,
			catalog_id: metadata.catalog_id ?? null,
			quantity: metadata.quantity ?? null,
			price_id: metadata.price_id ?? null,
		};
	});
}

export function simplifyCatalogElement(element: IDataObject): IDataObject {
	return {
		id: element.id,
		catalog_id: element.catalog_id,
		name: element.name,
		created_at: element.created_at,
		updated_at: element.updated_at,
		custom_fields: customFieldMap(element),
	};
}

export function simplifyTask(task: IDataObject): IDataObject {
	return {
		id: task.id,
		text: task.text,
		task_type_id: task.task_type_id,
		entity_type: task.entity_type,
		entity_id: task.entity_id,
		responsible_user_id: task.responsible_user_id,
		complete_till: task.complete_till,
		is_completed: task.is_completed,
		result: (task.result as IDataObject | undefined)?.text ?? null,
		created_at: task.created_at,
	};
}

export function simplifyNote(note: IDataObject): IDataObject {
	const params = (note.params ?? {}) as IDataObject;
	return {
		id: note.id,
		entity_id: note.entity_id,
		note_type: note.note_type,
		text: params.text ?? null,
		params,
		created_by: note.created_by,
		created_at: note.created_at,
	};
}

/** Drops HAL `_links` from an entity while keeping everything else. */
export function withoutLinks(entity: IDataObject): IDataObject {
	const rest = { ...entity };
	delete rest._links;
	return rest;
}

/** A pipeline with its stages in pipeline order, without HAL links. */
export function simplifyPipeline(pipeline: IDataObject): IDataObject {
	const { _embedded: embedded, ...rest } = withoutLinks(pipeline);
	const statuses = (((embedded as IDataObject | undefined)?.statuses ?? []) as IDataObject[])
		.map(withoutLinks)
		.sort((a, b) => Number(a.sort) - Number(b.sort));
	return { ...rest, statuses };
}
