import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/** The credentials of the amoCRM nodes, chosen by the Authentication parameter. */
export const amoCrmCredentials: INodeCredentialDescription[] = [
	{
		name: 'amoCrmApi',
		required: true,
		displayOptions: { show: { authentication: ['accessToken'] } },
	},
	{
		name: 'amoCrmOAuth2Api',
		required: true,
		displayOptions: { show: { authentication: ['oAuth2'] } },
	},
];

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'Long-Lived Token', value: 'accessToken' },
		{ name: 'OAuth2', value: 'oAuth2' },
	],
	default: 'accessToken',
};
