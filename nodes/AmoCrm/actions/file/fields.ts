import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	companyLocator,
	contactLocator,
	leadLocator,
	recordIdParameter,
} from '../common.descriptions';

export type RecordType = 'leads' | 'contacts' | 'companies';

const LOCATOR_OF: Record<RecordType, string> = {
	leads: 'leadId',
	contacts: 'contactId',
	companies: 'companyId',
};

export const recordTypeOptions = [
	{ name: 'Company', value: 'companies' },
	{ name: 'Contact', value: 'contacts' },
	{ name: 'Lead', value: 'leads' },
];

/**
 * The lead, contact or company pickers of a file operation, each shown when `typeParameter` names its
 * type. Resource and operation come first in `show`: n8n stops at a condition on a parameter set by an
 * expression and shows the field, so a record type given by expression in another operation would
 * otherwise make these required fields count there.
 */
export const recordLocators = (operation: string, typeParameter: string): INodeProperties[] => {
	const shownFor = (type: RecordType) => ({
		show: { resource: ['file'], operation: [operation], [typeParameter]: [type] },
	});
	return [
		{ ...leadLocator(), displayOptions: shownFor('leads') },
		{ ...contactLocator(), displayOptions: shownFor('contacts') },
		{ ...companyLocator(), displayOptions: shownFor('companies') },
	];
};

/** The record of item `itemIndex`: its type from `typeParameter` and its ID from the matching picker. */
export function recordParameter(
	ctx: IExecuteFunctions,
	typeParameter: string,
	itemIndex: number,
): { entityType: RecordType; entityId: number } {
	const entityType = ctx.getNodeParameter(typeParameter, itemIndex) as RecordType;
	if (!LOCATOR_OF[entityType])
		throw new NodeOperationError(
			ctx.getNode(),
			`"${String(entityType)}" is not a lead, contact or company`,
			{ itemIndex },
		);
	return { entityType, entityId: recordIdParameter(ctx, LOCATOR_OF[entityType], itemIndex) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** File UUIDs from one UUID or several separated by commas; anything else stops the item. */
export function fileUuidsParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
): string[] {
	const parts = String(ctx.getNodeParameter(name, itemIndex, '') ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
	if (!parts.length)
		throw new NodeOperationError(ctx.getNode(), 'No file UUID given', {
			itemIndex,
			description: 'Give the UUID of a file on amoCRM’s file storage, as Upload outputs it (uuid).',
		});
	for (const part of parts) {
		if (!UUID.test(part)) {
			throw new NodeOperationError(ctx.getNode(), `"${part}" is not a file UUID`, {
				itemIndex,
				description:
					'amoCRM names files by UUIDs such as 367b9f38-5f01-4cea-947e-dfab47aea522; Upload outputs it as uuid.',
			});
		}
	}
	return [...new Set(parts)];
}

export const fileUuidField = (description: string): INodeProperties => ({
	displayName: 'File UUID',
	name: 'fileUuid',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 367b9f38-5f01-4cea-947e-dfab47aea522',
	description,
});
