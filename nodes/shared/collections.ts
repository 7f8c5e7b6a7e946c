import type { INodeProperties } from 'n8n-workflow';

/** An n8n "collection" parameter: Additional Fields, Update Fields, Filters, Options. */
export function collection(
	displayName: string,
	name: string,
	options: INodeProperties[],
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	const placeholder =
		displayName === 'Filters'
			? 'Add Filter'
			: displayName === 'Options'
				? 'Add Option'
				: 'Add Field';
	return { displayName, name, type: 'collection', placeholder, default: {}, options, ...extra };
}

export const optionsCollection = (options: INodeProperties[]) =>
	collection('Options', 'options', options);
export const filtersCollection = (options: INodeProperties[]) =>
	collection('Filters', 'filters', options);
