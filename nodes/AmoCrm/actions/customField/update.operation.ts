import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { withoutLinks } from '../../helpers/simplify';
import { amoCrmBatchWriteByGroup } from '../../transport/batch';
import {
	chosenField,
	chosenOwner,
	fieldCatalogField,
	FIELD_ENTITY_OPTIONS,
	type FieldOwnerChoice,
	optionTexts,
	ownerOutput,
	refuseCatalogGroupId,
	TYPES_WITH_OPTIONS,
} from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		options: FIELD_ENTITY_OPTIONS,
		default: 'leads',
		description: 'Whose field to change',
	},
	fieldCatalogField('update'),
	{
		displayName: 'Field Name or ID',
		name: 'fieldId',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getCustomFieldsOfEntity',
			loadOptionsDependsOn: ['entityType', 'catalogId'],
		},
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
			{
				displayName: 'API Only',
				name: 'isApiOnly',
				type: 'boolean',
				default: false,
				description:
					'Whether the field can be changed only through the API (read-only in amoCRM). Not for catalogs.',
			},
			{
				displayName: 'Code',
				name: 'code',
				type: 'string',
				default: '',
				description: 'A code to write values by instead of the field ID',
			},
			{
				displayName: 'Group ID',
				name: 'groupId',
				type: 'string',
				default: '',
				description:
					'The tab (field group) the field moves to; see Custom Field → Get Groups. Not for catalogs: move a catalog field with Update Group.',
			},
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{
				displayName: 'Options',
				name: 'options',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				description:
					'For a select, multiselect or radio field, or a catalog’s category field: the choices, one per line or separated by commas. A choice the field already has keeps its ID, so the values records hold stay.',
			},
			{
				displayName: 'Remove Options Not Listed',
				name: 'removeUnlisted',
				type: 'boolean',
				default: false,
				description:
					'Whether choices missing from Options are deleted. amoCRM then also clears them from every record that had them.',
			},
			{
				displayName: 'Sort',
				name: 'sort',
				type: 'number',
				default: 500,
				description: 'Position among the entity’s fields',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customField'], operation: ['update'] } },
	properties,
);

const sameText = (a: unknown, b: unknown) =>
	String(a).trim().toLowerCase() === String(b).trim().toLowerCase();

/** A select, multiselect or radio field keeps its choices in `enums`; a catalog's category field in `nested`, a tree. */
function optionsKey(type: string): 'enums' | 'nested' | undefined {
	if (TYPES_WITH_OPTIONS.includes(type)) return 'enums';
	return type === 'category' ? 'nested' : undefined;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const ownerOf = new Map<number, FieldOwnerChoice>();
	return await batchItems.call(this, items, {
		prepare: async (i) => {
			const owner = await chosenOwner(this, i);
			const field = await chosenField(this, owner.path, i);
			const changes = this.getNodeParameter('updateFields', i, {}) as IDataObject;
			refuseCatalogGroupId(this, owner, changes.groupId, i);
			const name = String(changes.name ?? '').trim();
			// amoCRM takes the name on every field write, so an unchanged name is sent as it is.
			const body: IDataObject = { id: field.id, name: name || field.name };
			if (changes.code !== undefined) body.code = String(changes.code).trim() || null;
			if (changes.sort !== undefined) body.sort = Number(changes.sort);
			if (changes.groupId !== undefined) body.group_id = String(changes.groupId).trim() || null;
			if (changes.isApiOnly !== undefined && !owner.catalog)
				body.is_api_only = changes.isApiOnly === true;
			if (changes.options !== undefined) {
				const key = optionsKey(field.type);
				if (!key) {
					throw new NodeOperationError(
						this.getNode(),
						`The ${field.type} field "${field.name}" has no options`,
						{
							itemIndex: i,
							description:
								'Options are for select, multiselect and radio fields, and for a catalog’s category field.',
						},
					);
				}
				const existing = ((key === 'nested' ? field.nested : field.enums) ?? []) as Array<{
					id: number;
					value: string;
					parent_id?: number | null;
				}>;
				// A category's values form a tree: a value that stays keeps its parent.
				const parentOf = (option: { parent_id?: number | null }) =>
					key === 'nested' && option.parent_id ? { parent_id: option.parent_id } : {};
				const listed = optionTexts(changes.options).map(
					(value, index): { id?: number; parent_id?: number; value: string; sort: number } => {
						const same = existing.find((option) => sameText(option.value, value));
						return {
							...(same ? { id: same.id, ...parentOf(same) } : {}),
							value,
							sort: (index + 1) * 10,
						};
					},
				);
				const unlisted = existing.filter((option) => !listed.some((l) => l.id === option.id));
				const kept =
					changes.removeUnlisted === true
						? []
						: unlisted.map((option, index) => ({
								id: option.id,
								...parentOf(option),
								value: option.value,
								sort: (listed.length + index + 1) * 10,
							}));
				if (!listed.length && !kept.length && key === 'enums') {
					throw new NodeOperationError(
						this.getNode(),
						`The field "${field.name}" would have no options left`,
						{
							itemIndex: i,
							description: 'A select, multiselect or radio field needs at least one choice.',
						},
					);
				}
				body[key] = [...listed, ...kept];
			}
			ownerOf.set(i, owner);
			return body;
		},
		write: async (entries) =>
			await amoCrmBatchWriteByGroup.call(
				this,
				entries,
				(entry) => ownerOf.get(entry.itemIndex)!.path,
				(path) => ({
					method: 'PATCH',
					endpoint: `/api/v4/${path}/custom_fields`,
					embeddedKey: 'custom_fields',
					omitRequestId: true,
					idempotent: true,
				}),
			),
		present: (result, i) => ({ ...withoutLinks(result), ...ownerOutput(ownerOf.get(i)!) }),
	});
}
