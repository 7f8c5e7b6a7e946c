import type { IDataObject, IExecuteFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText } from '../../../shared/text';
import { type EntityPath, type FieldDefinition, fieldDefinitions, findField } from '../../helpers/customFields';

/** Whose fields can be created and changed through the API. */
export const FIELD_ENTITY_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Company', value: 'companies' },
	{ name: 'Contact', value: 'contacts' },
	{ name: 'Customer', value: 'customers' },
	{ name: 'Lead', value: 'leads' },
];

const EVERYWHERE = ['checkbox', 'date', 'date_time', 'file', 'monetary', 'multiselect', 'numeric', 'radiobutton', 'select', 'streetaddress', 'text', 'textarea', 'url'];
/** The field types amoCRM lets each entity have; `chained_list` and `monetary` also need its paid Super-fields option. */
export const ALLOWED_FIELD_TYPES: Record<string, string[]> = {
	contacts: [...EVERYWHERE, 'birthday', 'legal_entity', 'multitext', 'smart_address'],
	leads: [...EVERYWHERE, 'birthday', 'chained_list', 'legal_entity', 'smart_address', 'tracking_data'],
	companies: [...EVERYWHERE, 'birthday', 'legal_entity', 'smart_address'],
	customers: [...EVERYWHERE, 'chained_list'],
};
export const TYPES_WITH_OPTIONS = ['multiselect', 'radiobutton', 'select'];

/** "Web, Phone" or one option per line → the option texts, each once. */
export function optionTexts(raw: unknown): string[] {
	const texts = (Array.isArray(raw) ? raw.map(asText) : asText(raw).split(/\r?\n|,/)).map((text) => text.trim()).filter(Boolean);
	return [...new Set(texts)];
}

/** The field chosen in the Field parameter, from the entity's definitions (read once per run). */
export async function chosenField(ctx: IExecuteFunctions, entity: string, itemIndex: number): Promise<FieldDefinition & IDataObject> {
	const key = asText(ctx.getNodeParameter('fieldId', itemIndex, '')).trim();
	if (!key) throw new NodeOperationError(ctx.getNode(), 'No field is chosen', { itemIndex, description: 'Choose the custom field to change.' });
	return findField(ctx, entity as EntityPath, await fieldDefinitions(ctx, entity as EntityPath), key, itemIndex) as FieldDefinition & IDataObject;
}
