import type { IDataObject } from 'n8n-workflow';

import { oncePerRun } from '../../shared/perRun';
import { envyboxApiRequest, type EnvyboxContext } from '../transport';

/**
 * `main/data` (pipelines, stages, employees, inbox types, fields), read once per node run. The
 * published example shows the data both inside a `result` object and without it, so both forms are taken.
 */
export async function crmData(ctx: EnvyboxContext): Promise<IDataObject> {
	return await oncePerRun(ctx, 'main/data', async () => {
		const answer = await envyboxApiRequest.call(ctx, 'GET', 'main/data');
		const wrapped = answer.result;
		return wrapped && typeof wrapped === 'object' && !Array.isArray(wrapped)
			? (wrapped as IDataObject)
			: answer;
	});
}

export type Element = 'lead' | 'deal' | 'client';

/** Pipelines of leads or deals, each with its stages as a list in position order. */
export function pipelinesOf(data: IDataObject, element: 'lead' | 'deal'): IDataObject[] {
	const pipelines = ((data[element] as IDataObject | undefined)?.pipelines ?? []) as IDataObject[];
	return pipelines.map((p) => ({
		...p,
		stages: Object.values((p.stages ?? {}) as IDataObject).sort(
			(a, b) => Number((a as IDataObject).position) - Number((b as IDataObject).position),
		),
	}));
}

export function customFieldsOf(data: IDataObject, element: Element): IDataObject[] {
	return ((data[element] as IDataObject | undefined)?.custom_fields ?? []) as IDataObject[];
}
