/**
 * Phone and email normalisation as Russian-speaking sales teams expect it:
 * `+7 (931) 604-70-33_`, `8 931 604 70 33`, `9316047033` and `79316047033` are one number.
 */

export interface NormalizedPhone {
	/** Digits only, country code first: 79316047033 */
	digits: string;
	/** E.164 form for writing into a CRM: +79316047033 */
	e164: string;
	/**
	 * What two numbers are compared on: the last 10 digits for +7 numbers, all digits otherwise.
	 * Also what to search amoCRM for, so that any stored formatting of the number is found.
	 */
	matchKey: string;
}

/** Returns null when the text holds no usable phone (fewer than 10 or more than 15 digits). */
export function normalizePhone(raw: unknown): NormalizedPhone | null {
	if (raw === null || raw === undefined) return null;
	let digits = String(raw).replace(/\D/g, '');
	if (digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
	else if (digits.length === 10 && digits.startsWith('9')) digits = `7${digits}`;
	if (digits.length < 10 || digits.length > 15) return null;
	const russian = digits.length === 11 && digits.startsWith('7');
	const matchKey = russian ? digits.slice(1) : digits;
	return { digits, e164: `+${digits}`, matchKey };
}

/** Whether two phone texts are the same number by the rule above. */
export function samePhone(a: unknown, b: unknown): boolean {
	const x = normalizePhone(a);
	const y = normalizePhone(b);
	return x !== null && y !== null && x.matchKey === y.matchKey;
}

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]{2,}$/;

/** Trimmed and lower-cased; null unless it looks like an address. */
export function normalizeEmail(raw: unknown): string | null {
	if (raw === null || raw === undefined) return null;
	const email = String(raw).trim().toLowerCase();
	return EMAIL.test(email) ? email : null;
}
