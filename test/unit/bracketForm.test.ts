import fc from 'fast-check';

import { decodeBracketedForm, FormDecodeError, formPairs } from '../../nodes/shared/bracketForm';
import { encodeForm } from '../sandbox/amocrm/webhooks';

const decode = (body: string) => decodeBracketedForm(formPairs(body));

describe('decodeBracketedForm', () => {
	it('decodes amoCRM’s lead status payload into nested JSON', () => {
		const body = [
			'leads%5Bstatus%5D%5B0%5D%5Bid%5D=15318175',
			'leads%5Bstatus%5D%5B0%5D%5Bname%5D=%D0%A1%D0%B4%D0%B5%D0%BB%D0%BA%D0%B0+%E2%84%961',
			'leads%5Bstatus%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bvalues%5D%5B0%5D%5Bvalue%5D=2',
			'leads%5Bstatus%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bvalues%5D%5B0%5D%5Benum%5D=908107',
			'account%5Bsubdomain%5D=test',
			'account%5B_links%5D%5Bself%5D=https%3A%2F%2Ftest.amocrm.ru',
		].join('&');
		expect(decode(body)).toEqual({
			leads: {
				status: [
					{
						id: '15318175',
						name: 'Сделка №1',
						custom_fields: [{ values: [{ value: '2', enum: '908107' }] }],
					},
				],
			},
			account: { subdomain: 'test', _links: { self: 'https://test.amocrm.ru' } },
		});
	});

	it('appends for [] and orders indexed keys by number', () => {
		expect(decode('a[]=x&a[]=y&b[10]=late&b[2]=early')).toEqual({
			a: ['x', 'y'],
			b: ['early', 'late'],
		});
	});

	it.each([
		['a[b=1', 'Cannot decode the field "a[b": its brackets are not balanced'],
		['[x]=1', 'Cannot decode the field "[x]": its brackets are not balanced'],
		['a]b=1', 'Cannot decode the field "a]b": its brackets are not balanced'],
		['a=1&a[b]=2', 'Cannot decode the field "a[b]": it is both a value and a group of fields'],
		['a[b]=2&a=1', 'Cannot decode the field "a": it is both a value and a group of fields'],
		[
			'a[__proto__][x]=1',
			'Cannot decode the field "a[__proto__][x]": "__proto__" is not allowed as a name',
		],
	])('%s is refused: %s', (body, message) => {
		expect(() => decode(body)).toThrow(new FormDecodeError(message));
	});

	it('never pollutes prototypes', () => {
		expect(() => decode('constructor[prototype][polluted]=1')).toThrow(FormDecodeError);
		expect(({} as any).polluted).toBeUndefined();
	});

	// Any JSON amoCRM could send (objects, lists, Cyrillic and symbol text, empty lists) survives
	// encoding as bracketed form fields and decoding back; empty lists and objects are not sent.
	const name = fc
		.stringMatching(/^[a-zA-Zа-яА-Я_][\wа-яА-Я -]{0,8}$/)
		.filter((s) => !['__proto__', 'prototype', 'constructor'].includes(s));
	const leaf = fc.oneof(
		fc.string({ maxLength: 12 }),
		fc.string({ unit: 'grapheme', maxLength: 8 }),
		fc.integer().map(String),
	);
	const { tree } = fc.letrec((tie) => ({
		tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('list'), tie('object')),
		list: fc.array(tie('tree'), { maxLength: 4 }),
		object: fc.dictionary(name, tie('tree'), { maxKeys: 4 }),
	}));
	const prune = (value: unknown): unknown => {
		if (Array.isArray(value)) {
			const kept = value.map(prune).filter((v) => v !== undefined);
			return kept.length ? kept : undefined;
		}
		if (value && typeof value === 'object') {
			const entries = Object.entries(value)
				.map(([k, v]) => [k, prune(v)] as const)
				.filter(([, v]) => v !== undefined);
			return entries.length ? Object.fromEntries(entries) : undefined;
		}
		return value;
	};
	// A key made only of digits turns an object into a list, as in PHP; keep generated keys non-numeric.
	it('round-trips random nested payloads', () => {
		fc.assert(
			fc.property(fc.dictionary(name, tree, { minKeys: 1, maxKeys: 4 }), (payload) => {
				const expected = prune(payload) ?? {};
				expect(decode(encodeForm(payload))).toEqual(expected);
			}),
			{ numRuns: 2000 },
		);
	});

	it('any key either decodes or fails with a FormDecodeError, never anything else', () => {
		const key = fc.string({
			unit: fc.constantFrom('a', 'б', '[', ']', '0', '1', ' ', '_', '%', '='),
			maxLength: 16,
		});
		fc.assert(
			fc.property(
				fc.array(fc.tuple(key, fc.string({ maxLength: 4 })), { maxLength: 6 }),
				(pairs) => {
					try {
						const result = decodeBracketedForm(pairs);
						expect(typeof result).toBe('object');
						JSON.stringify(result);
					} catch (error) {
						expect(error).toBeInstanceOf(FormDecodeError);
						expect((error as Error).message).toMatch(/^Cannot decode the field /);
					}
				},
			),
			{ numRuns: 3000 },
		);
	});

	it('refuses absurd nesting with a clear message', () => {
		expect(() => decode(`a${'[x]'.repeat(40)}=1`)).toThrow(/nested deeper than 32 levels/);
	});
});
