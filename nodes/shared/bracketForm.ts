/**
 * Decodes PHP-style form fields with bracketed keys (`leads[status][0][id]=1`) into nested JSON,
 * the way amoCRM sends its webhooks. Objects whose keys are all array indices become arrays.
 * Anything that cannot be decoded unambiguously is a `FormDecodeError` naming the field.
 */
export class FormDecodeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FormDecodeError';
	}
}

type Tree = { [key: string]: Tree | string };

const RESERVED = new Set(['__proto__', 'prototype', 'constructor']);
const MAX_DEPTH = 32;
const INDEX = /^(0|[1-9]\d{0,8})$/;

/** The key's path: `a[b][0][]` → ['a', 'b', '0', '']. */
export function keyPath(key: string): string[] {
	const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
	if (!match)
		throw new FormDecodeError(`Cannot decode the field "${key}": its brackets are not balanced`);
	const path = [match[1], ...Array.from(match[2].matchAll(/\[([^[\]]*)\]/g), (m) => m[1])];
	if (path.length > MAX_DEPTH)
		throw new FormDecodeError(
			`Cannot decode the field "${key.slice(0, 80)}…": it is nested deeper than ${MAX_DEPTH} levels`,
		);
	const reserved = path.find((part) => RESERVED.has(part));
	if (reserved !== undefined)
		throw new FormDecodeError(
			`Cannot decode the field "${key}": "${reserved}" is not allowed as a name`,
		);
	return path;
}

function toJson(node: Tree | string): unknown {
	if (typeof node === 'string') return node;
	const keys = Object.keys(node);
	if (keys.length && keys.every((k) => INDEX.test(k))) {
		return keys.sort((a, b) => Number(a) - Number(b)).map((k) => toJson(node[k]));
	}
	const result: Record<string, unknown> = {};
	for (const key of keys) result[key] = toJson(node[key]);
	return result;
}

export function decodeBracketedForm(pairs: Iterable<[string, string]>): Record<string, unknown> {
	const root: Tree = Object.create(null) as Tree;
	for (const [key, value] of pairs) {
		const path = keyPath(key);
		let node = root;
		for (let depth = 0; depth < path.length; depth++) {
			// `[]` appends: the next free index of this level.
			const part = path[depth] === '' ? String(Object.keys(node).length) : path[depth];
			const last = depth === path.length - 1;
			const existing = node[part];
			if (last) {
				if (typeof existing === 'object')
					throw new FormDecodeError(
						`Cannot decode the field "${key}": it is both a value and a group of fields`,
					);
				node[part] = value;
				break;
			}
			if (typeof existing === 'string')
				throw new FormDecodeError(
					`Cannot decode the field "${key}": it is both a value and a group of fields`,
				);
			if (existing === undefined) node[part] = Object.create(null) as Tree;
			node = node[part] as Tree;
		}
	}
	return toJson(root) as Record<string, unknown>;
}

/** Fields of a form body in order: `a%5Bb%5D=1&c=%D0%B4` → [['a[b]', '1'], ['c', 'д']]. */
export function formPairs(body: string): Array<[string, string]> {
	return Array.from(new URLSearchParams(body));
}
