import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmBatchWriteByGroup } from '../../transport/batch';
import { chosenField, FIELD_ENTITY_OPTIONS, optionTexts, TYPES_WITH_OPTIONS } from './fields';

const properties: INodeProperties[] = [
	{ displayName: 'Entity Type', name: 'entityType', type: 'options', options: FIELD_ENTITY_OPTIONS, default: 'leads', description: 'Whose field to change' },
	{
		displayName: 'Field Name or ID',
		name: 'fieldId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCustomFieldsOfEntity', loadOptionsDependsOn: ['entityType'] },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'API Only', name: 'isApiOnly', type: 'boolean', default: false, description: 'Whether the field can be changed only through the API (read-only in amoCRM)' },
			{ displayName: 'Code', name: 'code', type: 'string', default: '', description: 'A code to write values by instead of the field ID' },
			{ displayName: 'Group ID', name: 'groupId', type: 'string', default: '', description: 'The tab (field group) the field moves to; see Custom Field → Get Groups' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{
				displayName: 'Options',
				name: 'options',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				description:
					'For a select, multiselect or radio field: the choices, one per line or separated by commas. A choice the field already has keeps its ID, so the values records hold stay.',
			},
			{
				displayName: 'Remove Options Not Listed',
				name: 'removeUnlisted',
				type: 'boolean',
				default: false,
				description: 'Whether choices missing from Options are deleted. amoCRM then also clears them from every record that had them.',
			},
			{ displayName: 'Sort', name: 'sort', type: 'number', default: 500, description: 'Position among the entity’s fields' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['customField'], operation: ['update'] } }, properties);

const sameText = (a: unknown, b: unknown) => String(a).trim().toLowerCase() === String(b).trim().toLowerCase();

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const entityOf = new Map<number, string>();
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const entity = this.getNodeParameter('entityType', i) as string;
			const field = await chosenField(this, entity, i);
			const changes = this.getNodeParameter('updateFields', i, {}) as IDataObject;
			const name = String(changes.name ?? '').trim();
			// amoCRM takes the name on every field write, so an unchanged name is sent as it is.
			const body: IDataObject = { id: field.id, name: name || field.name };
			if (changes.code !== undefined) body.code = String(changes.code).trim() || null;
			if (changes.sort !== undefined) body.sort = Number(changes.sort);
			if (changes.groupId !== undefined) body.group_id = String(changes.groupId).trim() || null;
			if (changes.isApiOnly !== undefined) body.is_api_only = changes.isApiOnly === true;
			if (changes.options !== undefined) {
				if (!TYPES_WITH_OPTIONS.includes(field.type)) {
					throw new NodeOperationError(this.getNode(), `The ${field.type} field "${field.name}" has no options`, { itemIndex: i, description: 'Options are for select, multiselect and radio fields.' });
				}
				const existing = field.enums ?? [];
				const listed = optionTexts(changes.options).map((value, index) => {
					const same = existing.find((option) => sameText(option.value, value));
					return { ...(same ? { id: same.id } : {}), value, sort: (index + 1) * 10 };
				});
				const unlisted = existing.filter((option) => !listed.some((l) => l.id === option.id));
				const kept = changes.removeUnlisted === true ? [] : unlisted.map((option, index) => ({ id: option.id, value: option.value, sort: (listed.length + index + 1) * 10 }));
				if (!listed.length && !kept.length) {
					throw new NodeOperationError(this.getNode(), `The field "${field.name}" would have no options left`, { itemIndex: i, description: 'A select, multiselect or radio field needs at least one choice.' });
				}
				body.enums = [...listed, ...kept];
			}
			entityOf.set(i, entity);
			return body;
		},
		write: async (entries) =>
			await amoCrmBatchWriteByGroup.call(this, entries, (entry) => entityOf.get(entry.itemIndex)!, (entity) => ({
				method: 'PATCH',
				endpoint: `/api/v4/${entity}/custom_fields`,
				embeddedKey: 'custom_fields',
				omitRequestId: true,
				idempotent: true,
			})),
		present: (result, i) => ({ ...withoutLinks(result), entity_type: entityOf.get(i) }),
	});
}
