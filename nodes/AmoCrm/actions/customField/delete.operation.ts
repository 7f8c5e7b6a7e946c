import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { amoCrmApiRequest } from '../../transport';
import {
	chosenField,
	chosenOwner,
	fieldCatalogField,
	FIELD_ENTITY_OPTIONS,
	ownerOutput,
} from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		options: FIELD_ENTITY_OPTIONS,
		default: 'leads',
		description: 'Whose field to delete',
	},
	fieldCatalogField('delete'),
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
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customField'], operation: ['delete'] } },
	properties,
);

const UNDELETABLE =
	'amoCRM keeps its predefined fields (phone, email, web site, address, position, messenger) and the fields of product lists; hide them in amoCRM’s field settings instead.';

/** Deleting a field deletes its values from every record: amoCRM has no undo for it. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const owner = await chosenOwner(this, i);
		const field = await chosenField(this, owner.path, i);
		if (field.is_deletable === false || field.is_predefined === true) {
			throw new NodeOperationError(
				this.getNode(),
				`amoCRM does not let the field "${field.name}" be deleted`,
				{ itemIndex: i, description: UNDELETABLE },
			);
		}
		await amoCrmApiRequest.call(
			this,
			'DELETE',
			`/api/v4/${owner.path}/custom_fields/${field.id}`,
			undefined,
			undefined,
			true,
		);
		return { id: field.id, name: field.name, ...ownerOutput(owner), deleted: true };
	});
}
