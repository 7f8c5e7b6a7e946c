import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Reads an ID parameter — a resource locator or a plain string/number — as a positive integer,
 * or stops with `"<value>" is not <what>`.
 */
export function idParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	what: string,
	description?: string,
): number {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const id = Number(typeof raw === 'object' && raw !== null ? (raw as IDataObject).value : raw);
	if (raw === '' || raw === null || !Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(ctx.getNode(), `"${String(raw ?? '')}" is not ${what}`, {
			itemIndex,
			description,
		});
	}
	return id;
}
