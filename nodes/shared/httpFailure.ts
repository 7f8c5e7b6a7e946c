// What a failed HTTP call through n8n's request helpers left behind, whatever shape n8n wrapped it in,
// and the error both services' transports turn it into.
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** The error a node shows for a failed call: exactly this message and description, with the HTTP status when there was one. */
export function serviceError(
	node: INode,
	message: string,
	description: string,
	status?: number | null,
): NodeApiError {
	const error = new NodeApiError(node, { message, description } as JsonObject, {
		message,
		description,
		httpCode: status ? String(status) : undefined,
	});
	// NodeApiError rewrites messages that mention network codes; ours already say what happened.
	error.message = message;
	error.description = description;
	return error;
}

/** What a failed HTTP call left behind, read from n8n's wrapped error whatever its shape. */
export interface FailedResponse {
	status: number | null;
	headers: Record<string, unknown>;
	body: unknown;
	networkCode: string | null;
}

const NETWORK_CODES = [
	'ECONNREFUSED',
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
];

function findNetworkCode(error: unknown, depth = 0): string | null {
	if (!error || typeof error !== 'object' || depth > 4) return null;
	const code = (error as { code?: unknown }).code;
	if (typeof code === 'string' && NETWORK_CODES.includes(code)) return code;
	const message = (error as { message?: unknown }).message;
	if (typeof message === 'string') {
		if (message === 'socket hang up') return 'ECONNRESET';
		const found = NETWORK_CODES.find((c) => message.includes(c));
		if (found) return found;
	}
	return findNetworkCode((error as { cause?: unknown }).cause, depth + 1);
}

interface ErrorShape {
	cause?: ErrorShape;
	response?: { status?: number; headers?: Record<string, unknown>; data?: unknown; body?: unknown };
	httpCode?: unknown;
	context?: { data?: unknown };
}

export function readFailedResponse(error: unknown): FailedResponse {
	const shaped = error as ErrorShape | undefined;
	const candidates = [shaped, shaped?.cause, shaped?.cause?.cause];
	for (const candidate of candidates) {
		const response = candidate?.response;
		if (response && typeof response.status === 'number') {
			return {
				status: response.status,
				headers: (response.headers ?? {}) as Record<string, unknown>,
				body: response.data ?? response.body,
				networkCode: null,
			};
		}
	}
	const networkCode = findNetworkCode(error);
	const httpCode = Number(shaped?.httpCode);
	if (!networkCode && Number.isInteger(httpCode) && httpCode > 0) {
		return { status: httpCode, headers: {}, body: shaped?.context?.data, networkCode: null };
	}
	return { status: null, headers: {}, body: undefined, networkCode };
}
