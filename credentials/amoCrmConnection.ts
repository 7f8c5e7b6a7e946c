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
			{
				name: 'Custom Base URL',
				value: 'custom',
				description: 'A proxy in front of amoCRM, or a test server',
			},
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
		description:
			'The part before the zone in the account address: mycompany for https://mycompany.amocrm.ru',
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

/** The account address: `https://{subdomain}.{zone}`, or the custom base URL. */
export function accountBaseUrl(credentials: {
	zone?: unknown;
	baseUrl?: unknown;
	subdomain?: unknown;
}): string {
	const zone = String(credentials.zone ?? 'amocrm.ru');
	if (zone === 'custom')
		return String(credentials.baseUrl ?? '')
			.trim()
			.replace(/\/+$/, '');
	return `https://${
		String(credentials.subdomain ?? '')
			.trim()
			.replace(/^https?:\/\//, '')
			.split('.')[0]
	}.${zone}`;
}

/**
 * `accountBaseUrl` as an n8n expression over the credential's fields, each read through `field`,
 * for requests n8n builds itself (the credential test, OAuth2's token URLs). A unit test checks the
 * two agree.
 */
export function accountAddress(field: (name: string) => string): string {
	const [zone, baseUrl, subdomain] = ['zone', 'baseUrl', 'subdomain'].map(field);
	return `(${zone} === "custom" ? String(${baseUrl}).trim().replace(/\\/+$/, "") : "https://" + String(${subdomain}).trim().replace(/^https?:\\/\\//, "").split(".")[0] + "." + ${zone})`;
}

/** For request options evaluated with the credential in scope (the credential test). */
export const accountBaseUrlExpression = `={{ ${accountAddress((name) => `$credentials.${name}`)} }}`;

/** What amoCRM means by refusing a token or an account: the credential test and the nodes' errors say the same. */
export const ACCOUNT_REFUSALS = {
	401: {
		message: 'amoCRM did not accept the token: it is wrong, expired or revoked',
		description:
			'Create a new long-lived token in amoCRM (Settings → Integrations → your integration → Keys and scopes), or reconnect the OAuth2 credential.',
	},
	402: {
		message: 'The amoCRM account subscription has lapsed (HTTP 402 Payment Required)',
		description: 'amoCRM answers every request with 402 until the account is paid for again.',
	},
	403: {
		message: 'amoCRM has blocked API access for this account (HTTP 403)',
		description:
			'amoCRM blocks the whole account after repeated "too many requests" answers, until its support lifts the block; it also answers 403 when the token\'s user lacks rights for this action.',
	},
	404: {
		message: 'No amoCRM account answers at this address',
		description: 'Check the subdomain and zone of the credential.',
	},
} as const;

export const accountTestRules = ([401, 402, 403, 404] as const).map((status) => ({
	type: 'responseCode' as const,
	properties: {
		value: status,
		message: `${ACCOUNT_REFUSALS[status].message}. ${ACCOUNT_REFUSALS[status].description}`,
	},
}));
