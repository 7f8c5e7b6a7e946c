// What the suites produce — node output items, error messages and descriptions, `n8n execute` output,
// n8n's log and saved executions — is recorded here and scanned for the sandboxes' secrets after each
// test file (test/secretsCheck.ts): a token or key showing up anywhere fails the file.
import { AMOCRM_SANDBOX } from './sandbox/amocrm/state';
import { BITRIX24_SANDBOX } from './sandbox/bitrix24/state';
import { ENVYBOX_SANDBOX } from './sandbox/envybox/state';

/** Wrong secrets the tests type or save on purpose: they must not show up anywhere either. */
export const WRONG_SECRETS = {
	sourceToken: 'typed-wrong-source-token-4f1c',
	webhookCode: 'typedwrongwebhook9d2e',
	revokedToken: 'revoked-token-7a31',
} as const;

export const SECRETS: Array<[string, string | RegExp]> = [
	['amoCRM long-lived token', AMOCRM_SANDBOX.longLivedToken],
	['amoCRM manager token', AMOCRM_SANDBOX.managerToken],
	['amoCRM OAuth2 client secret', AMOCRM_SANDBOX.oauth.clientSecret],
	['amoCRM OAuth2 access or refresh token', /sandbox-oauth-(access|refresh)-token-\d+/],
	['Envybox API key', ENVYBOX_SANDBOX.apiKey],
	['Bitrix24 inbound webhook code', BITRIX24_SANDBOX.webhookCode],
	['a wrong source token typed into the migration form', WRONG_SECRETS.sourceToken],
	['a wrong Bitrix24 webhook code typed into the migration form', WRONG_SECRETS.webhookCode],
	['a revoked amoCRM token saved in a credential', WRONG_SECRETS.revokedToken],
];

/** Sources of text to scan: read when the file ends, so a running n8n can still be asked for its executions. */
type Source = () => Promise<string> | string;

const sources: Array<[string, Source]> = [];

export function recordProduced(where: string, text: Source | string): void {
	// Only under jest, where test/secretsCheck.ts reads them; benchmarks would only pile them up.
	if (!process.env.JEST_WORKER_ID) return;
	sources.push([where, typeof text === 'string' ? () => text : text]);
}

/**
 * The text a person can see in a value: every string in it; of an Error, its message, description
 * and context, as n8n shows them. Cycles are skipped.
 */
export function visibleText(value: unknown): string {
	const parts: string[] = [];
	const seen = new WeakSet<object>();
	const walk = (v: unknown, depth: number) => {
		if (typeof v === 'string') parts.push(v);
		else if (typeof v === 'number' || typeof v === 'boolean') parts.push(String(v));
		if (!v || typeof v !== 'object' || depth > 12 || seen.has(v)) return;
		seen.add(v);
		if (v instanceof Error) {
			// What n8n shows of an error; its `cause` (the raw request, headers included) is not shown.
			const { description, context } = v as { description?: unknown; context?: unknown };
			parts.push(v.message);
			walk(description, depth + 1);
			walk(context, depth + 1);
			return;
		}
		for (const key of Object.keys(v)) walk((v as Record<string, unknown>)[key], depth + 1);
	};
	walk(value, 0);
	return parts.join('\n');
}

export function secretsIn(text: string): string[] {
	return SECRETS.filter(([, secret]) =>
		typeof secret === 'string' ? text.includes(secret) : secret.test(text),
	).map(([name]) => name);
}

/** Every secret found in what was recorded, as "<secret> in <where>"; recorded sources that were all empty are a failure too. */
export async function scanProduced(): Promise<string[]> {
	const hits: string[] = [];
	const recorded = sources.splice(0);
	let scanned = 0;
	for (const [where, read] of recorded) {
		let text: string;
		try {
			text = await read();
		} catch (error) {
			text = '';
			hits.push(`could not read ${where}: ${(error as Error).message}`);
		}
		scanned += text.length;
		for (const name of secretsIn(text)) hits.push(`${name} in ${where}`);
	}
	if (recorded.length && !scanned)
		hits.push(`nothing to scan: ${recorded.map(([where]) => where).join(', ')} produced no text`);
	return hits;
}
