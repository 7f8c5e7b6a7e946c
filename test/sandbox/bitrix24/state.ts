// The default Bitrix24 portal of the sandbox and the inbound webhook that reaches it.

export const BITRIX24_SANDBOX = {
	portal: 'sandbox.bitrix24.ru',
	userId: 1,
	webhookCode: 'sandbox7b24webhook0c3f',
	/** Bitrix24 lets a portal make 2 requests a second once its burst allowance is used. */
	rps: 2,
} as const;

/** The path of the inbound webhook: `<portal>/rest/<user id>/<code>/` before the method name. */
export const WEBHOOK_PATH = `/rest/${BITRIX24_SANDBOX.userId}/${BITRIX24_SANDBOX.webhookCode}/`;

export interface MultiField {
	ID?: string;
	VALUE: string;
	VALUE_TYPE: string;
	TYPE_ID?: string;
}

export type Bitrix24Record = Record<string, unknown> & { ID: string };

/** The stages of a new portal's default deal pipeline (category 0), with their colours and meaning. */
export function defaultStages(): Bitrix24Record[] {
	const stage = (statusId: string, name: string, sort: number, color: string, semantics: 'P' | 'S' | 'F'): Bitrix24Record => ({
		ID: String(sort / 10),
		ENTITY_ID: 'DEAL_STAGE',
		STATUS_ID: statusId,
		NAME: name,
		NAME_INIT: name,
		SORT: String(sort),
		SYSTEM: ['NEW', 'WON', 'LOSE'].includes(statusId) ? 'Y' : 'N',
		CATEGORY_ID: '0',
		COLOR: color,
		SEMANTICS: semantics === 'P' ? null : semantics,
		EXTRA: { SEMANTICS: semantics === 'P' ? 'process' : semantics === 'S' ? 'success' : 'failure', COLOR: color },
	});
	return [
		stage('NEW', 'Новая', 10, '#39A8EF', 'P'),
		stage('PREPARATION', 'Подготовка документов', 20, '#2FC6F6', 'P'),
		stage('PREPAYMENT_INVOICE', 'Счёт на предоплату', 30, '#55D0E0', 'P'),
		stage('EXECUTING', 'В работе', 40, '#47E4C2', 'P'),
		stage('FINAL_INVOICE', 'Финальный счёт', 50, '#FFA900', 'P'),
		stage('WON', 'Сделка успешна', 60, '#7BD500', 'S'),
		stage('LOSE', 'Сделка провалена', 70, '#FF5752', 'F'),
		stage('APOLOGY', 'Анализ причины провала', 80, '#FF5752', 'F'),
	];
}
