/**
 * Phone and email normalisation as Russian-speaking sales teams expect it:
 * `+7 (931) 604-70-33_`, `8 931 604 70 33`, `9316047033` and `79316047033` are one number.
 */

export interface NormalizedPhone {
	/** Digits only, country code first: 79316047033 */
	digits: string;
	/** E.164 form for writing into a CRM: +79316047033 */
	e164: string;
	/** What two numbers are compared on: the last 10 digits for +7 numbers, all digits otherwise. */
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

/**
 * The ways a number is written into a CRM, as pieces of text amoCRM's full-text search can find it by.
 * The search matches stored text as stored (seed 000: `604-70-33_` finds `+7 (931) 604-70-33_`), so
 * each rendering finds a family of formats:
 * - `digits`: the last 10 digits, `9316047033` — `+79316047033`, `89316047033`, `9316047033`;
 * - `dashes`: the last 7 as `604-70-33` — `+7 (931) 604-70-33`, `8-931-604-70-33`, `931-604-70-33`;
 * - `spaces`: the last 7 as `604 70 33` — `+7 931 604 70 33`, `8 (931) 604 70 33`;
 * - `last7`: the last 7 digits, `6047033` — `+7 (931) 6047033` and every form of `digits`;
 * - `asGiven`: the text as it came in, trimmed.
 * Numbers outside +7 have no customary grouping: `digits` searches all their digits and the
 * grouped renderings are skipped.
 */
export const PHONE_RENDERINGS = ['digits', 'dashes', 'spaces', 'last7', 'asGiven'] as const;
export type PhoneRendering = (typeof PHONE_RENDERINGS)[number];
/** Together these find every format of the list above, in at most three searches. */
export const DEFAULT_PHONE_RENDERINGS: PhoneRendering[] = ['digits', 'dashes', 'spaces'];

/** The distinct search texts for `phone` of the chosen renderings, in the order of PHONE_RENDERINGS. */
export function phoneSearchTexts(
	phone: NormalizedPhone,
	raw: string,
	renderings: readonly PhoneRendering[],
): string[] {
	const russian = phone.matchKey.length === 10 && phone.digits === `7${phone.matchKey}`;
	const last7 = phone.matchKey.slice(-7);
	const texts = PHONE_RENDERINGS.filter((rendering) => renderings.includes(rendering)).map(
		(rendering) => {
			switch (rendering) {
				case 'digits':
					return phone.matchKey;
				case 'dashes':
					return russian ? `${last7.slice(0, 3)}-${last7.slice(3, 5)}-${last7.slice(5)}` : '';
				case 'spaces':
					return russian ? `${last7.slice(0, 3)} ${last7.slice(3, 5)} ${last7.slice(5)}` : '';
				case 'last7':
					return russian ? last7 : '';
				case 'asGiven':
					return raw.trim();
			}
		},
	);
	return [...new Set(texts.filter(Boolean))];
}

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]{2,}$/;

/** Trimmed and lower-cased; null unless it looks like an address. */
export function normalizeEmail(raw: unknown): string | null {
	if (raw === null || raw === undefined) return null;
	const email = String(raw).trim().toLowerCase();
	return EMAIL.test(email) ? email : null;
}
