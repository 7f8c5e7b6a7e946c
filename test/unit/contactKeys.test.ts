import fc from 'fast-check';

import { normalizeEmail, normalizePhone, samePhone } from '../../nodes/shared/contactKeys';

describe('normalizePhone', () => {
	it.each([
		['+7 (931) 604-70-33_', '+79316047033', '9316047033'],
		['8 931 604 70 33', '+79316047033', '9316047033'],
		['9316047033', '+79316047033', '9316047033'],
		['7 931 604-70-33', '+79316047033', '9316047033'],
		['+44 20 7946 0958', '+442079460958', '442079460958'],
		['4951234567', '+4951234567', '4951234567'],
	])('%s → %s', (raw, e164, matchKey) => {
		expect(normalizePhone(raw)).toMatchObject({ e164, matchKey });
	});

	it.each(['', '   ', 'позвоните', '604-70-33', '12345', '1234567890123456', null, undefined])(
		'%p is not a usable phone',
		(raw) => {
			expect(normalizePhone(raw)).toBeNull();
		},
	);

	it('treats every Russian spelling of one number as the same number', () => {
		const tenDigits = fc.stringMatching(/^9\d{9}$/);
		const masks = [
			(d: string) => `+7 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}_`,
			(d: string) => `8 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8)}`,
			(d: string) => d,
			(d: string) => `+7${d}`,
			(d: string) => `7-${d.slice(0, 3)}-${d.slice(3)}`,
		];
		fc.assert(
			fc.property(
				tenDigits,
				fc.integer({ min: 0, max: masks.length - 1 }),
				fc.integer({ min: 0, max: masks.length - 1 }),
				(digits, a, b) => {
					expect(samePhone(masks[a](digits), masks[b](digits))).toBe(true);
					expect(normalizePhone(masks[a](digits))?.e164).toBe(`+7${digits}`);
				},
			),
		);
	});

	it('never throws and only ever returns digits in range', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 40 }), (raw) => {
				const result = normalizePhone(raw);
				if (result) {
					expect(result.digits).toMatch(/^\d{10,15}$/);
					expect(result.e164).toBe(`+${result.digits}`);
				}
			}),
			{ numRuns: 5000 },
		);
	});

	it('does not confuse two different Russian numbers', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^9\d{9}$/), fc.stringMatching(/^9\d{9}$/), (a, b) => {
				fc.pre(a !== b);
				expect(samePhone(`+7${a}`, `8${b}`)).toBe(false);
			}),
		);
	});
});

describe('normalizeEmail', () => {
	it.each([
		[' Ivan@Example.COM ', 'ivan@example.com'],
		['a.b+tag@mail.ru', 'a.b+tag@mail.ru'],
	])('%p → %p', (raw, email) => expect(normalizeEmail(raw)).toBe(email));

	it.each(['', 'ivan', 'ivan@', '@mail.ru', 'a b@mail.ru', 'ivan@mail', null])(
		'%p is not usable',
		(raw) => {
			expect(normalizeEmail(raw)).toBeNull();
		},
	);

	it('never throws', () => {
		fc.assert(
			fc.property(fc.string(), (raw) => void normalizeEmail(raw)),
			{ numRuns: 3000 },
		);
	});
});
