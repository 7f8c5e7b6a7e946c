/**
 * Any value as text, safely: an object or list as its JSON (String() throws on an object that JSON
 * gave a key named "toString"), null and undefined as ''.
 */
export function asText(value: unknown): string {
	if (value === null || value === undefined) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
