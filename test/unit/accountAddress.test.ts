// The account address has one rule, `accountBaseUrl`; the credentials hand n8n the same rule as an
// expression (for the credential test and OAuth2's URLs). Both must give the same address.
import fc from 'fast-check';

import { accountAddress, accountBaseUrl } from '../../credentials/amoCrmConnection';

const viaExpression = (credentials: Record<string, unknown>) =>
	new Function(
		`return ${accountAddress((name) => JSON.stringify(credentials[name] ?? ''))};`,
	)() as string;

describe('account address', () => {
	it('the expression and the function agree', () => {
		const cases = [
			{ zone: 'amocrm.ru', subdomain: 'mycompany' },
			{ zone: 'kommo.com', subdomain: ' https://mycompany.kommo.com ' },
			{ zone: 'amocrm.com', subdomain: 'mycompany.amocrm.com/leads' },
			{ zone: 'custom', baseUrl: 'http://127.0.0.1:4010///' },
			{ zone: 'custom', baseUrl: ' https://proxy.example.com ' },
		];
		expect(cases.map(accountBaseUrl)).toEqual([
			'https://mycompany.amocrm.ru',
			'https://mycompany.kommo.com',
			'https://mycompany.amocrm.com',
			'http://127.0.0.1:4010',
			'https://proxy.example.com',
		]);
		for (const credentials of cases)
			expect(viaExpression(credentials)).toBe(accountBaseUrl(credentials));
		fc.assert(
			fc.property(
				fc.constantFrom('amocrm.ru', 'amocrm.com', 'kommo.com', 'custom'),
				fc.string(),
				fc.string(),
				(zone, subdomain, baseUrl) => {
					expect(viaExpression({ zone, subdomain, baseUrl })).toBe(
						accountBaseUrl({ zone, subdomain, baseUrl }),
					);
				},
			),
		);
	});
});
