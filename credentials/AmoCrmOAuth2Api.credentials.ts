import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import {
	accountAddress,
	accountBaseUrlExpression,
	accountProperties,
	accountTestRules,
	writeBatchSizeProperty,
} from './amoCrmConnection';

// Inside the credential's own properties the sibling fields are read through $self.
const address = accountAddress((name) => `$self["${name}"]`);

export class AmoCrmOAuth2Api implements ICredentialType {
	name = 'amoCrmOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'amoCRM OAuth2 API';

	icon = { light: 'file:amocrm.svg', dark: 'file:amocrm.dark.svg' } as const;

	documentationUrl = 'https://www.amocrm.ru/developers/content/oauth/step-by-step';

	properties: INodeProperties[] = [
		...accountProperties,
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			// The consent page lives on the shared www host; the token endpoint on the account's own host.
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ $self["zone"] === "custom" ? ${address} + "/oauth" : "https://www." + $self["zone"] + "/oauth" }}`,
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${address} + "/oauth2/access_token" }}`,
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'mode=post_message',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		writeBatchSizeProperty,
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: accountBaseUrlExpression,
			url: '/api/v4/account',
		},
		rules: accountTestRules,
	};
}
