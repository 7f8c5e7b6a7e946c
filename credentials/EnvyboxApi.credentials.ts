import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class EnvyboxApi implements ICredentialType {
	name = 'envyboxApi';

	displayName = 'Envybox API';

	icon = { light: 'file:envybox.svg', dark: 'file:envybox.dark.svg' } as const;

	documentationUrl = 'https://envybox.io';

	properties: INodeProperties[] = [
		{
			displayName: 'CRM Address',
			name: 'crmUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://mycompany.envycrm.com',
			description: 'The address of your Envybox CRM, as you open it in the browser',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'In the CRM: Settings → Integration → API',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for the Envybox Webhook Trigger: any long random text. Add it to the address you give Envybox as <code>?secret=…</code>; requests without it are refused.',
		},
	];

	// Envybox takes the key as the `api_key` query parameter of every request.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { qs: { api_key: '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.crmUrl.replace(/\\/+$/, "")}}',
			url: '/openapi/v1/main/data/',
		},
		// Envybox answers a wrong key with the message «Неправильный ключ api»; under HTTP 200 as the
		// document reads, or an HTTP error status as public code saw for other errors (n8n would then show
		// only the status's name, so the likely cause is named here). n8n's credential tester checks each
		// rule by its type, though its type declaration takes one kind of rule per list.
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'message',
					value: 'Неправильный ключ api',
					message: 'Envybox did not accept the API key («Неправильный ключ api»)',
				},
			},
			...[400, 401, 403].map((value) => ({
				type: 'responseCode' as const,
				properties: {
					value,
					message: `Envybox refused the API key (HTTP ${value}; for a wrong key Envybox says «Неправильный ключ api»). Copy the key again from the CRM: Settings → Integration → API.`,
				},
			})),
		] as unknown as ICredentialTestRequest['rules'],
	};
}
