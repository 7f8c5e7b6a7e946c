import type { IExecuteFunctions, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BatchOutcome } from '../../transport/batch';
import type { ValidationProblem } from '../../transport/errors';
import { amoCrmApiRequest, oncePerRun } from '../../transport';

/** What an operation needs of the account's Customers feature: on at all, or on in segmentation mode. */
export type CustomersNeed = 'on' | 'segments';

const WHERE =
	'An account administrator switches them on in amoCRM under Settings → General settings → Customers («Покупатели»), choosing periodic purchases or segmentation.';

/**
 * The account's `customers_mode` (`unavailable`, `disabled`, `periodicity`, `segments`), read once per
 * node run; undefined when the account cannot be read.
 */
async function customersMode(ctx: IExecuteFunctions): Promise<string | undefined> {
	return await oncePerRun(ctx, 'customers_mode', async () => {
		try {
			const account = await amoCrmApiRequest.call(ctx, 'GET', '/api/v4/account');
			return account?.customers_mode === undefined ? undefined : String(account.customers_mode);
		} catch {
			return undefined;
		}
	});
}

/**
 * Why the account cannot do what was asked of its customers, from what it reports of them; undefined
 * when Customers are on (in the mode needed) or the account cannot tell.
 */
export async function customersProblem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	need: CustomersNeed = 'on',
): Promise<NodeOperationError | undefined> {
	const mode = await customersMode(ctx);
	const fail = (message: string, description: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	if (mode === 'unavailable') {
		return fail(
			'Customers are not available in this amoCRM account',
			"The account's amoCRM plan does not include Customers («Покупатели»); they can be used once the plan allows them.",
		);
	}
	if (mode === 'disabled') return fail('Customers are switched off in this amoCRM account', WHERE);
	if (need === 'segments' && mode === 'periodicity') {
		return fail(
			'This amoCRM account tracks customers by periodic purchases: segments exist only in segmentation mode',
			'An account administrator can switch Customers to segmentation in amoCRM under Settings → General settings → Customers («Покупатели»).',
		);
	}
	return undefined;
}

/**
 * Whether amoCRM refused the call as such (a 4xx other than a bad token, a rate limit, or a 400 that
 * names the bad elements): what amoCRM answers when Customers are off is not documented, so such a
 * refusal is checked against what the account reports.
 */
export function isRefusal(error: unknown): boolean {
	const status = Number((error as NodeApiError | undefined)?.httpCode ?? 0);
	if (status < 400 || status > 499 || status === 401 || status === 429) return false;
	const problems = ((error as NodeApiError).context?.validationProblems ??
		[]) as ValidationProblem[];
	return !(status === 400 && problems.length > 0);
}

/** The error to report for a failed customers call: Customers being off (or in the other mode) when that is why, else the error itself. */
export async function explainFailure(
	ctx: IExecuteFunctions,
	error: Error,
	itemIndex: number,
	need: CustomersNeed = 'on',
): Promise<Error> {
	if (!isRefusal(error)) return error;
	return (await customersProblem(ctx, itemIndex, need)) ?? error;
}

/** Runs one customers read; a refusal that comes from Customers being off says so. */
export async function customersCall<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	run: () => Promise<T>,
	need: CustomersNeed = 'on',
): Promise<T> {
	try {
		return await run();
	} catch (error) {
		throw await explainFailure(ctx, error as Error, itemIndex, need);
	}
}

/** Whether a customer exists; undefined when amoCRM would not say. */
export async function customerExists(
	ctx: IExecuteFunctions,
	id: number,
): Promise<boolean | undefined> {
	try {
		return (await amoCrmApiRequest.call(ctx, 'GET', `/api/v4/customers/${id}`)) !== undefined;
	} catch {
		return undefined;
	}
}

export const noCustomer = (ctx: IExecuteFunctions, id: number, itemIndex: number) =>
	new NodeOperationError(ctx.getNode(), `amoCRM has no customer with ID ${id}`, {
		itemIndex,
		description:
			'Check the customer ID; customers are listed in amoCRM under Customers («Покупатели»).',
	});

/** The outcomes of a batched customers write, each refusal explained as `explainFailure` does. */
export async function explainOutcomes(
	ctx: IExecuteFunctions,
	outcomes: BatchOutcome[],
): Promise<BatchOutcome[]> {
	const explained: BatchOutcome[] = [];
	for (const outcome of outcomes) {
		explained.push(
			outcome.error
				? {
						itemIndex: outcome.itemIndex,
						error: await explainFailure(ctx, outcome.error, outcome.itemIndex),
					}
				: outcome,
		);
	}
	return explained;
}
