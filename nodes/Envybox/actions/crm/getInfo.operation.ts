import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { crmData, pipelinesOf } from '../../helpers/crmData';
import { numbersFromStrings } from '../../helpers/simplify';
import { simplifyField } from '../common';

const properties: INodeProperties[] = [simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['crm'], operation: ['getInfo'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const data = await crmData(this);
		if (!this.getNodeParameter('simplify', i, true)) return data;
		const pipelines = (element: 'lead' | 'deal') =>
			pipelinesOf(data, element).map((p) => ({
				id: Number(p.id),
				name: p.name,
				primary: p.primary === '1',
				allow_manual_change_stage: p.allow_manual_change_stage === '1',
				stages: (p.stages as IDataObject[]).map((s) => ({
					id: Number(s.id),
					name: s.name,
					status_id: Number(s.status_id),
				})),
			}));
		const fields = (element: string) =>
			(((data[element] as IDataObject | undefined)?.custom_fields ?? []) as IDataObject[]).map(
				(f) => ({ id: Number(f.id), name: f.name, name_id: f.name_id, type_id: Number(f.type_id) }),
			);
		return {
			...numbersFromStrings({ id: data.id, user_id: data.user_id }),
			name: data.name,
			inbox_types: ((data.inbox_types ?? []) as IDataObject[]).map((t) => ({
				id: Number(t.id),
				name: t.name,
			})),
			employees: ((data.employees ?? []) as IDataObject[]).map((e) => ({
				id: Number(e.id),
				name: e.name,
				surname: e.surname,
				email: e.email,
				profession: e.profession,
			})),
			lead_pipelines: pipelines('lead'),
			deal_pipelines: pipelines('deal'),
			lead_fields: fields('lead'),
			client_fields: fields('client'),
			deal_fields: fields('deal'),
		};
	});
}
