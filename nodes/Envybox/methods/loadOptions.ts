import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { crmData, customFieldsOf, type Element, pipelinesOf } from '../helpers/crmData';

const option = (name: unknown, value: unknown, description?: string): INodePropertyOptions => ({
	name: String(name),
	value: Number(value),
	description,
});

export async function getEmployees(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const employees = ((await crmData(this)).employees ?? []) as IDataObject[];
	return employees.map((e) =>
		option([e.name, e.surname].filter(Boolean).join(' '), e.id, String(e.profession ?? '')),
	);
}

/** Employees, and the administrator as 0 (task/list takes 0 for the administrator's tasks). */
export async function getEmployeesAndAdmin(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return [{ name: 'Administrator', value: 0 }, ...(await getEmployees.call(this))];
}

export async function getInboxTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (((await crmData(this)).inbox_types ?? []) as IDataObject[]).map((t) =>
		option(t.name, t.id),
	);
}

async function pipelines(ctx: ILoadOptionsFunctions, element: 'lead' | 'deal') {
	return pipelinesOf(await crmData(ctx), element).map((p) =>
		option(
			p.name,
			p.id,
			p.allow_manual_change_stage === '1' ? 'stages may be changed manually' : undefined,
		),
	);
}

async function stages(ctx: ILoadOptionsFunctions, element: 'lead' | 'deal') {
	const all = pipelinesOf(await crmData(ctx), element);
	return all.flatMap((p) =>
		(p.stages as IDataObject[]).map((s) =>
			option(all.length > 1 ? `${String(p.name)} → ${String(s.name)}` : s.name, s.id),
		),
	);
}

export async function getLeadPipelines(this: ILoadOptionsFunctions) {
	return await pipelines(this, 'lead');
}
export async function getDealPipelines(this: ILoadOptionsFunctions) {
	return await pipelines(this, 'deal');
}
export async function getLeadStages(this: ILoadOptionsFunctions) {
	return await stages(this, 'lead');
}
export async function getDealStages(this: ILoadOptionsFunctions) {
	return await stages(this, 'deal');
}

async function customFields(ctx: ILoadOptionsFunctions, element: Element) {
	return customFieldsOf(await crmData(ctx), element).map((f) =>
		option(f.name, f.id, String(f.name_id ?? '')),
	);
}

export async function getLeadCustomFields(this: ILoadOptionsFunctions) {
	return await customFields(this, 'lead');
}
export async function getDealCustomFields(this: ILoadOptionsFunctions) {
	return await customFields(this, 'deal');
}
export async function getClientCustomFields(this: ILoadOptionsFunctions) {
	return await customFields(this, 'client');
}
