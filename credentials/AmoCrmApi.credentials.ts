import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import {
	accountBaseUrlExpression,
	accountProperties,
	accountTestRules,
	writeBatchSizeProperty,
} from './amoCrmConnection';

export class AmoCrmApi implements ICredentialType {
	name = 'amoCrmApi';

	displayName = 'amoCRM Long-Lived Token API';

	icon = { light: 'file:amocrm.svg', dark: 'file:amocrm.dark.svg' } as const;

	documentationUrl = 'https://www.amocrm.ru/developers/content/oauth/step-by-step';

	properties: INodeProperties[] = [
		...accountProperties,
		{
			displayName: 'Long-Lived Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'In amoCRM: Settings → Integrations → Create integration (private) → Keys and scopes → Generate long-lived token',
		},
		writeBatchSizeProperty,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: accountBaseUrlExpression,
			url: '/api/v4/account',
		},
		rules: accountTestRules,
	};
}
