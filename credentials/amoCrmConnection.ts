import type { INodeProperties } from 'n8n-workflow';

/**
 * Where an amoCRM account lives. Shared by the long-lived-token and OAuth2 credentials so that
 * both compute the account address the same way (see `accountBaseUrlExpression`).
 */
export const accountProperties: INodeProperties[] = [
	{
		displayName: 'Zone',
		name: 'zone',
		type: 'options',
		options: [
			{ name: 'amocrm.com', value: 'amocrm.com' },
			{ name: 'amocrm.ru', value: 'amocrm.ru' },
			{ name: 'Custom Base URL', value: 'custom', description: 'A proxy in front of amoCRM, or a test server' },
			{ name: 'kommo.com', value: 'kommo.com' },
		],
		default: 'amocrm.ru',
		description: 'The domain of the account: amocrm.ru for Russian accounts, kommo.com for Kommo',
	},
	{
		displayName: 'Subdomain',
		name: 'subdomain',
		type: 'string',
		default: '',
		placeholder: 'e.g. mycompany',
		description: 'The part before the zone in the account address: mycompany for https://mycompany.amocrm.ru',
		displayOptions: { hide: { zone: ['custom'] } },
		required: true,
	},
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://amocrm-proxy.example.com',
		description: 'Address that answers /api/v4/… requests for the account',
		displayOptions: { show: { zone: ['custom'] } },
		required: true,
	},
];

/** How many records the nodes send per write request. */
export const writeBatchSizeProperty: INodeProperties = {
	displayName: 'Records per Write Request',
	name: 'writeBatchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 250 },
	default: 50,
	description:
		'amoCRM recommends at most 50 records per create or update request (250 is its limit). Raise it only if the account takes bigger batches: after a 504 the nodes send smaller ones.',
};

/**
 * The account address (`https://{subdomain}.{zone}`, or the custom base URL) as an expression over
 * the credential's fields, each read through `field`. The node's transport applies the same rule.
 */
export function accountAddress(field: (name: string) => string): string {
	const [zone, baseUrl, subdomain] = ['zone', 'baseUrl', 'subdomain'].map(field);
	return `(${zone} === "custom" ? String(${baseUrl}).trim().replace(/\\/+$/, "") : "https://" + String(${subdomain}).trim().replace(/^https?:\\/\\//, "").split(".")[0] + "." + ${zone})`;
}

/** For request options evaluated with the credential in scope (the credential test). */
export const accountBaseUrlExpression = `={{ ${accountAddress((name) => `$credentials.${name}`)} }}`;

export const accountTestRules = [
	{
		type: 'responseCode' as const,
		properties: {
			value: 401,
			message:
				'amoCRM did not accept the token: it is wrong, expired or revoked. Create a new one in amoCRM (Settings → Integrations → your integration → Keys and scopes) or reconnect.',
		},
	},
	{
		type: 'responseCode' as const,
		properties: {
			value: 402,
			message: 'The amoCRM account subscription has lapsed (HTTP 402 Payment Required).',
		},
	},
	{
		type: 'responseCode' as const,
		properties: {
			value: 403,
			message:
				'amoCRM refused access (HTTP 403): the account is temporarily blocked for exceeding the request limit, or this address is not allowed.',
		},
	},
	{
		type: 'responseCode' as const,
		properties: {
			value: 404,
			message: 'No amoCRM account answers at this address: check the subdomain and zone.',
		},
	},
];
