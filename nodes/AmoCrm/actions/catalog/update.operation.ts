import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWrite } from '../../transport/batch';
import { collection } from '../common.descriptions';
import {
	catalogIdField,
	catalogSettingFields,
	catalogSettings,
	knownCatalog,
	presentCatalog,
} from './catalogs';

const properties: INodeProperties[] = [
	catalogIdField,
	collection('Update Fields', 'updateFields', [
		...catalogSettingFields.slice(0, 2),
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
		...catalogSettingFields.slice(2),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['catalog'], operation: ['update'] } },
	properties,
);

/** amoCRM marks the name required on every update: when no new one is given, the current one is sent. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const catalog = await knownCatalog(this, i);
			const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
			const name = String(fields.name ?? '').trim() || String(catalog.name);
			return { id: Number(catalog.id), name, ...catalogSettings(fields) };
		},
		write: async (entries) =>
			await amoCrmBatchWrite.call(this, {
				method: 'PATCH',
				endpoint: '/api/v4/catalogs',
				embeddedKey: 'catalogs',
				entries,
				idempotent: true,
			}),
		present: (result) => presentCatalog(result),
	});
}
