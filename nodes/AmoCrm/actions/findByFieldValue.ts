import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	DEFAULT_PHONE_RENDERINGS,
	normalizeEmail,
	normalizePhone,
	phoneSearchTexts,
} from '../../shared/contactKeys';
import { asText } from '../../shared/text';
import {
	type EntityPath,
	type FieldDefinition,
	fieldDefinitions,
	findField,
} from '../helpers/customFields';
import { forEachItem } from '../helpers/items';
import { withoutLinks } from '../helpers/simplify';
import { amoCrmApiRequestAllItems } from '../transport';

/** Up to this many full-text candidates are checked; more than that means the value is too common to find this way. */
const MAX_CANDIDATES = 1000;
/** One search per item; several in flight, as in Find by Phone or Email. */
const SEARCHES_IN_FLIGHT = 4;

/** Field types whose values are compared as text or numbers; the others cannot be found by a typed value. */
const SEARCHABLE_TYPES = [
	'text',
	'textarea',
	'url',
	'numeric',
	'price',
	'monetary',
	'select',
	'multiselect',
	'radiobutton',
	'multitext',
	'streetaddress',
];

const loose = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** How a stored value of `field` is compared with the value looked for. */
function sameValue(field: FieldDefinition, stored: unknown, wanted: string): boolean {
	if (field.code === 'PHONE') {
		const a = normalizePhone(stored);
		const b = normalizePhone(wanted);
		return a !== null && b !== null && a.matchKey === b.matchKey;
	}
	if (field.code === 'EMAIL')
		return normalizeEmail(stored) !== null && normalizeEmail(stored) === normalizeEmail(wanted);
	if (['numeric', 'price', 'monetary'].includes(field.type)) {
		const number = (value: unknown) => Number(asText(value).replace(',', '.').replace(/\s/g, ''));
		return asText(stored).trim() !== '' && number(stored) === number(wanted);
	}
	return loose(asText(stored)) === loose(wanted);
}

const hasValue = (record: IDataObject, field: FieldDefinition, wanted: string) =>
	((record.custom_fields_values ?? []) as IDataObject[])
		.filter((f) => Number(f.field_id) === field.id)
		.some((f) =>
			((f.values ?? []) as IDataObject[]).some((v) => sameValue(field, v.value, wanted)),
		);

/** The texts sent to amoCRM's full-text search: a phone in the forms numbers are saved in, anything else as given. */
function searchTexts(field: FieldDefinition, wanted: string): string[] {
	const phone = field.code === 'PHONE' ? normalizePhone(wanted) : null;
	return phone ? phoneSearchTexts(phone, wanted, DEFAULT_PHONE_RENDERINGS) : [wanted];
}

/**
 * Records whose custom field truly holds the value: amoCRM's `query` is full-text over every field
 * (field filters are a paid add-on, silently ignored without it), so every candidate is checked
 * against the chosen field itself.
 */
export async function findByFieldValue(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	entity: EntityPath,
	simplify: (record: IDataObject) => IDataObject,
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(
		this,
		items,
		async (i) => {
			const key = asText(this.getNodeParameter('field', i, '')).trim();
			const wanted = asText(this.getNodeParameter('value', i, '')).trim();
			const fail = (message: string, description: string) =>
				new NodeOperationError(this.getNode(), message, { itemIndex: i, description });
			if (!key) throw fail('No field is chosen', 'Choose the custom field to look in.');
			const field = findField(this, entity, await fieldDefinitions(this, entity), key, i);
			if (!SEARCHABLE_TYPES.includes(field.type)) {
				throw fail(
					`The ${field.type} field "${field.name}" cannot be found by value`,
					`Find by Field Value compares text and numbers: ${SEARCHABLE_TYPES.join(', ')} fields.`,
				);
			}
			if (!wanted)
				throw fail('Value is empty', `Give the value the field "${field.name}" must hold.`);

			let matches: IDataObject[] = [];
			let candidates = 0;
			const searches: string[] = [];
			for (const text of searchTexts(field, wanted)) {
				searches.push(text);
				const found = await amoCrmApiRequestAllItems.call(
					this,
					`/api/v4/${entity}`,
					entity,
					{ query: text, 'order[id]': 'asc' },
					MAX_CANDIDATES,
				);
				candidates += found.length;
				matches = found
					.filter((record) => hasValue(record, field, wanted))
					.sort((a, b) => Number(a.id) - Number(b.id));
				if (matches.length) break;
			}
			const simple = this.getNodeParameter('simplify', i, true) as boolean;
			return {
				found: matches.length > 0,
				matchCount: matches.length,
				matchIds: matches.map((record) => record.id),
				candidateCount: candidates,
				field: { id: field.id, name: field.name, code: field.code, type: field.type },
				value: wanted,
				searches,
				records: matches.map((record) => (simple ? simplify(record) : withoutLinks(record))),
			};
		},
		SEARCHES_IN_FLIGHT,
	);
}
