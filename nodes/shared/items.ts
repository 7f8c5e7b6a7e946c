import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Marks an error with the item it belongs to, so n8n points at the right input. */
export function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

export function errorItem(ctx: IExecuteFunctions, error: Error, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	const description = (error as NodeApiError).description;
	if (description) json.description = description;
	const httpCode = (error as NodeApiError).httpCode;
	if (httpCode) json.httpCode = httpCode;
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	// With On Error "Continue (using error output)" n8n moves an item to the error output when it
	// carries `error`; from json alone only when json holds nothing but the message.
	if (ctx.getNode().onError === 'continueErrorOutput') item.error = error as NodeApiError;
	return item;
}

export function toItems(data: IDataObject | IDataObject[], itemIndex: number): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/** Runs `run` for every input item; honours Continue On Fail and pairs every output with its input. */
export async function forEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			output.push(...toItems(await run(i), i));
		} catch (error) {
			if (!this.continueOnFail()) throw withItemIndex(this, error, i);
			output.push(errorItem(this, error as Error, i));
		}
	}
	return output;
}
