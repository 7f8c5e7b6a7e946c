import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { PIPELINE_PARAMETERS } from '../actions/common.descriptions';
import { readSources } from '../actions/source/fields';
import {
	type EntityPath,
	fieldDefinitions,
	type FieldOwner,
	fieldOwnerPath,
} from '../helpers/customFields';
import { amoCrmApiRequest, amoCrmApiRequestAllItems } from '../transport';
import { chosenCatalog } from './chosenCatalog';

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const users = await amoCrmApiRequestAllItems.call(this, '/api/v4/users', 'users');
	return users
		.map((u) => ({ name: String(u.name), value: Number(u.id), description: String(u.email ?? '') }))
		.sort(byName);
}

async function pipelines(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	const body = await amoCrmApiRequest.call(ctx, 'GET', '/api/v4/leads/pipelines');
	return ((body?._embedded as IDataObject | undefined)?.pipelines ?? []) as IDataObject[];
}

export async function getPipelines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await pipelines(this)).map((p) => ({ name: String(p.name), value: Number(p.id) }));
}

/** Stages of the chosen pipeline, in pipeline order; of every pipeline when none is chosen yet. */
export async function getStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const chosen = PIPELINE_PARAMETERS.map((path) => {
		try {
			return this.getCurrentNodeParameter(path) as unknown;
		} catch {
			return undefined;
		}
	}).find((v) => v !== undefined && v !== '');
	const all = await pipelines(this);
	const selected = chosen === undefined ? all : all.filter((p) => Number(p.id) === Number(chosen));
	return selected.flatMap((p) =>
		(((p._embedded as IDataObject | undefined)?.statuses ?? []) as IDataObject[])
			.sort((a, b) => Number(a.sort) - Number(b.sort))
			.map((s) => ({
				name: selected.length > 1 ? `${String(p.name)} → ${String(s.name)}` : String(s.name),
				value: Number(s.id),
			})),
	);
}

async function customFieldOptions(
	ctx: ILoadOptionsFunctions,
	entity: FieldOwner,
): Promise<INodePropertyOptions[]> {
	const fields = await fieldDefinitions(ctx, entity);
	return fields
		.map((f) => ({
			name: `${f.name}${f.code ? ` (${f.code})` : ''}`,
			value: f.code ?? f.id,
			description: f.type,
		}))
		.sort(byName);
}

export async function getContactCustomFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await customFieldOptions(this, 'contacts');
}

export async function getLeadCustomFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await customFieldOptions(this, 'leads');
}

export async function getCompanyCustomFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await customFieldOptions(this, 'companies');
}

/** The account's catalogs (amoCRM's lists: products, invoices and the account's own). */
export async function getCatalogs(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const catalogs = await amoCrmApiRequestAllItems.call(this, '/api/v4/catalogs', 'catalogs');
	return catalogs
		.map((c) => ({ name: String(c.name), value: Number(c.id), description: String(c.type ?? '') }))
		.sort(byName);
}

/** Custom fields of the chosen catalog; none until a catalog is chosen. */
export async function getCatalogCustomFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const catalog = chosenCatalog(this);
	return catalog === undefined ? [] : await customFieldOptions(this, `catalogs/${catalog}`);
}

/** The chosen catalog's price columns: its `price` fields and its PRICE field. */
export async function getCatalogPriceFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const catalog = chosenCatalog(this);
	if (catalog === undefined) return [];
	const fields = await fieldDefinitions(this, `catalogs/${catalog}`);
	return fields
		.filter((f) => f.type === 'price' || f.code === 'PRICE')
		.map((f) => ({ name: f.name, value: f.id, description: f.code ?? f.type }));
}

export async function getCustomerCustomFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await customFieldOptions(this, 'customers');
}

export async function getTaskTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const account = await amoCrmApiRequest.call(this, 'GET', '/api/v4/account', undefined, {
		with: 'task_types',
	});
	const types = ((account?._embedded as IDataObject | undefined)?.task_types ??
		[]) as IDataObject[];
	return types.map((t) => ({ name: String(t.name), value: Number(t.id) }));
}

/** The account's salesbots (amoCRM's bots list; bots are made in its editor). */
export async function getSalesbots(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const bots = await amoCrmApiRequestAllItems.call(this, '/api/v4/bots', 'bots');
	return bots
		.map((bot) => ({ name: `${String(bot.name)} (${String(bot.id)})`, value: Number(bot.id) }))
		.sort(byName);
}

/** Whose fields Entity Type (and Catalog, for a catalog) names; none while a catalog is not chosen. */
function chosenFieldOwner(ctx: ILoadOptionsFunctions): FieldOwner | undefined {
	const entity = ctx.getCurrentNodeParameter('entityType') as EntityPath | 'catalogs';
	if (entity !== 'catalogs') return fieldOwnerPath(entity);
	const catalog = chosenCatalog(ctx);
	return catalog === undefined ? undefined : fieldOwnerPath(entity, catalog);
}

/** Fields of the entity or catalog chosen, for the custom-field admin operations. */
export async function getCustomFieldsOfEntity(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const owner = chosenFieldOwner(this);
	return owner === undefined ? [] : await customFieldOptions(this, owner);
}

/** Field groups (card tabs) of the entity or catalog chosen; their IDs are strings. */
export async function getCustomFieldGroups(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const owner = chosenFieldOwner(this);
	if (owner === undefined) return [];
	const answer = await amoCrmApiRequest.call(this, 'GET', `/api/v4/${owner}/custom_fields/groups`);
	const groups = ((answer?._embedded as IDataObject | undefined)?.custom_field_groups ??
		[]) as IDataObject[];
	return groups
		.map((group) => ({ name: String(group.name), value: String(group.id) }))
		.sort(byName);
}

export async function getLossReasons(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const reasons = await amoCrmApiRequestAllItems.call(
		this,
		'/api/v4/leads/loss_reasons',
		'loss_reasons',
	);
	return reasons.map((r) => ({ name: String(r.name), value: Number(r.id) })).sort(byName);
}

/** The sources of the integration whose token the credential holds (no other integration's). */
export async function getSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await readSources(this))
		.map((s) => ({
			name: String(s.name),
			value: Number(s.id),
			description: `External ID: ${String(s.external_id)}`,
		}))
		.sort(byName);
}
