import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { type FailedResponse, serviceError } from '../../shared/httpFailure';
import { asText } from '../../shared/text';

/** English summaries of the messages Envybox is known to send; its own Russian text is kept beside them. */
const SUMMARIES: Array<[RegExp, string]> = [
	[/^Неправильный ключ api/i, 'Envybox did not accept the API key'],
	[/^Лид с данным id не найден/i, 'Envybox has no lead with this ID'],
	[/^Лид уже взят в работу/i, 'The lead is already taken into work'],
	[/^Не указан lead_id/i, 'The lead ID is missing'],
	[
		/^Неверный request/i,
		'Envybox rejected the request (an ID that does not exist, or a missing parameter)',
	],
	[/^Сделка не найдена/i, 'Envybox has no deal with this ID'],
	[/^Клиент не найден/i, 'Envybox has no client with this ID'],
	[/запрещено менять этапы вручную/i, 'The deal pipeline does not allow changing stages manually'],
	[/^Поле( \d+)? не найдено/i, 'Envybox has no such field'],
];

/** Replaces the API key wherever it appears, so it never reaches output, errors or logs. */
export function redact(text: string, apiKey: string): string {
	return apiKey ? text.split(apiKey).join('***') : text;
}

/**
 * The API's envelope in a failed answer's body, parsed or not: an object with a `message`. Envybox
 * sends one with an HTTP error status too, so its text says what went wrong.
 */
export function envelopeOf(body: unknown): IDataObject | null {
	let value = body;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return null;
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
	return (value as IDataObject).message === undefined ? null : (value as IDataObject);
}

/** An Envybox answer whose `message` is not "success": the API's text with an English summary. */
export function envyboxApiError(
	node: INode,
	body: IDataObject,
	context: string,
	apiKey: string,
	httpStatus = 200,
): NodeApiError {
	const said = redact(asText(body.message ?? 'no message'), apiKey);
	const summary =
		SUMMARIES.find(([pattern]) => pattern.test(said))?.[1] ?? 'Envybox refused the request';
	const description = redact(
		`${context}: Envybox answered HTTP ${httpStatus}, status_code ${asText(body.status_code ?? '—')}, with «${said}».`,
		apiKey,
	);
	return serviceError(
		node,
		`${summary} («${said}»)`,
		description,
		httpStatus === 200 ? undefined : httpStatus,
	);
}

/** A failure below the API envelope: no answer, an HTTP error, or something that is not JSON. */
export function envyboxHttpError(
	node: INode,
	failure: FailedResponse,
	context: string,
	apiKey: string,
): NodeApiError {
	if (failure.status === null) {
		return serviceError(
			node,
			`Could not reach Envybox (${failure.networkCode ?? 'network error'})`,
			`${context} failed before Envybox answered. Check the CRM address in the credential.`,
		);
	}
	// Redacted before it is cut, so no part of the key is left at the cut.
	const said = envelopeOf(failure.body)?.message ?? failure.body;
	const text =
		typeof said === 'string' && !said.includes('<') ? redact(said, apiKey).slice(0, 200) : '';
	return serviceError(
		node,
		redact(`Envybox answered with HTTP ${failure.status}${text ? `: ${text}` : ''}`, apiKey),
		failure.status === 404
			? `${context}: check the CRM address in the credential.`
			: `${context} failed on the Envybox side.`,
		failure.status,
	);
}
