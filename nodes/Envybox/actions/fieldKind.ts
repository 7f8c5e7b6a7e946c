import type { INodeProperties } from 'n8n-workflow';

/** `type` of the field-list methods: Envybox keeps service (system) and custom fields apart. */
export const fieldKindField: INodeProperties = {
	displayName: 'Field Kind',
	name: 'fieldKind',
	type: 'options',
	options: [
		{ name: 'Custom', value: 'custom' },
		{ name: 'Service', value: 'service' },
	],
	default: 'custom',
};
