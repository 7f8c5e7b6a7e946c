// The default Bitrix24 portal of the sandbox, the inbound webhook that reaches it, and what its CRM
// entities look like: the fields each list method can return, the stages of its deal funnels.

export const BITRIX24_SANDBOX = {
	portal: 'sandbox.bitrix24.ru',
	userId: 1,
	webhookCode: 'sandbox7b24webhook0c3f',
	/** The leaky bucket of a portal: 50 requests at once, then 2 a second (Enterprise plans: 250 and 5). */
	burst: 50,
	rps: 2,
	/** Summed execution time of one method allowed within any 10 minutes before it answers OPERATION_TIME_LIMIT. */
	operatingBudgetS: 480,
	operatingWindowS: 600,
	/** The name a Russian-language portal gives its default deal funnel. */
	defaultFunnel: 'Общая',
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

export interface Funnel {
	id: number;
	name: string;
	sort: number;
}

/** Fields with several values, returned only when `select` names them (never through `*`). */
export const MULTI_FIELDS = ['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK'];

const UTM = ['UTM_SOURCE', 'UTM_MEDIUM', 'UTM_CAMPAIGN', 'UTM_CONTENT', 'UTM_TERM'];

/**
 * The fields crm.*.list can return (crm.contact.fields, crm.deal.fields, crm.company.fields). A name
 * `select` asks for that is not here is dropped without an error: a contact has no COMPANY_TITLE (a
 * lead field), and COMPANY_IDS / CONTACT_IDS are not served by the list methods.
 */
export const LIST_FIELDS: Record<'contact' | 'deal' | 'company', string[]> = {
	contact: [
		'ID',
		'HONORIFIC',
		'NAME',
		'SECOND_NAME',
		'LAST_NAME',
		'PHOTO',
		'BIRTHDATE',
		'TYPE_ID',
		'SOURCE_ID',
		'SOURCE_DESCRIPTION',
		'POST',
		'ADDRESS',
		'COMMENTS',
		'OPENED',
		'EXPORT',
		'HAS_PHONE',
		'HAS_EMAIL',
		'HAS_IMOL',
		'ASSIGNED_BY_ID',
		'CREATED_BY_ID',
		'MODIFY_BY_ID',
		'DATE_CREATE',
		'DATE_MODIFY',
		'COMPANY_ID',
		'LEAD_ID',
		'ORIGINATOR_ID',
		'ORIGIN_ID',
		'ORIGIN_VERSION',
		'FACE_ID',
		...UTM,
		'LAST_ACTIVITY_TIME',
		'LAST_ACTIVITY_BY',
	],
	deal: [
		'ID',
		'TITLE',
		'TYPE_ID',
		'CATEGORY_ID',
		'STAGE_ID',
		'STAGE_SEMANTIC_ID',
		'IS_NEW',
		'IS_RECURRING',
		'IS_RETURN_CUSTOMER',
		'IS_REPEATED_APPROACH',
		'PROBABILITY',
		'CURRENCY_ID',
		'OPPORTUNITY',
		'IS_MANUAL_OPPORTUNITY',
		'TAX_VALUE',
		'COMPANY_ID',
		'CONTACT_ID',
		'QUOTE_ID',
		'BEGINDATE',
		'CLOSEDATE',
		'OPENED',
		'CLOSED',
		'COMMENTS',
		'ASSIGNED_BY_ID',
		'CREATED_BY_ID',
		'MODIFY_BY_ID',
		'DATE_CREATE',
		'DATE_MODIFY',
		'SOURCE_ID',
		'SOURCE_DESCRIPTION',
		'LEAD_ID',
		'ADDITIONAL_INFO',
		'LOCATION_ID',
		'ORIGINATOR_ID',
		'ORIGIN_ID',
		...UTM,
		'LAST_ACTIVITY_TIME',
		'LAST_ACTIVITY_BY',
	],
	company: [
		'ID',
		'TITLE',
		'COMPANY_TYPE',
		'LOGO',
		'ADDRESS',
		'ADDRESS_LEGAL',
		'BANKING_DETAILS',
		'INDUSTRY',
		'EMPLOYEES',
		'CURRENCY_ID',
		'REVENUE',
		'OPENED',
		'COMMENTS',
		'HAS_PHONE',
		'HAS_EMAIL',
		'HAS_IMOL',
		'IS_MY_COMPANY',
		'ASSIGNED_BY_ID',
		'CREATED_BY_ID',
		'MODIFY_BY_ID',
		'DATE_CREATE',
		'DATE_MODIFY',
		'LEAD_ID',
		'ORIGINATOR_ID',
		'ORIGIN_ID',
		'ORIGIN_VERSION',
		...UTM,
		'LAST_ACTIVITY_TIME',
		'LAST_ACTIVITY_BY',
	],
};

type Semantics = 'P' | 'S' | 'F';

/** A deal stage as crm.status.list gives it: funnel 0 under DEAL_STAGE with CATEGORY_ID null, funnel n under DEAL_STAGE_n with `C<n>:` IDs. */
export function dealStage(
	funnel: number,
	statusId: string,
	name: string,
	sort: number,
	color: string,
	semantics: Semantics,
	id: number,
): Bitrix24Record {
	const prefixed =
		funnel === 0 || statusId.startsWith(`C${funnel}:`) ? statusId : `C${funnel}:${statusId}`;
	const bare = prefixed.replace(/^C\d+:/, '');
	return {
		ID: String(id),
		ENTITY_ID: funnel === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${funnel}`,
		STATUS_ID: prefixed,
		NAME: name,
		NAME_INIT: ['NEW', 'WON', 'LOSE'].includes(bare) ? name : '',
		SORT: String(sort),
		SYSTEM: ['NEW', 'WON', 'LOSE'].includes(bare) ? 'Y' : 'N',
		CATEGORY_ID: funnel === 0 ? null : String(funnel),
		COLOR: color,
		SEMANTICS: semantics === 'P' ? null : semantics,
		EXTRA: {
			SEMANTICS: semantics === 'P' ? 'process' : semantics === 'S' ? 'success' : 'failure',
			COLOR: color,
		},
	};
}

/** The stages Bitrix24 gives a new deal funnel, with their colours and meaning. */
export const DEFAULT_STAGES: Array<
	[statusId: string, name: string, color: string, semantics: Semantics]
> = [
	['NEW', 'Новая', '#39A8EF', 'P'],
	['PREPARATION', 'Подготовка документов', '#2FC6F6', 'P'],
	['PREPAYMENT_INVOICE', 'Счёт на предоплату', '#55D0E0', 'P'],
	['EXECUTING', 'В работе', '#47E4C2', 'P'],
	['FINAL_INVOICE', 'Финальный счёт', '#FFA900', 'P'],
	['WON', 'Сделка успешна', '#7BD500', 'S'],
	['LOSE', 'Сделка провалена', '#FF5752', 'F'],
	['APOLOGY', 'Анализ причины провала', '#FF5752', 'F'],
];

/** Reference lists other than deal stages that crm.status.list also returns when it is not filtered. */
export const OTHER_STATUSES: Array<[entityId: string, statusId: string, name: string]> = [
	['STATUS', 'NEW', 'Не обработан'],
	['STATUS', 'IN_PROCESS', 'В работе'],
	['STATUS', 'CONVERTED', 'Качественный лид'],
	['STATUS', 'JUNK', 'Некачественный лид'],
	['SOURCE', 'CALL', 'Звонок'],
	['SOURCE', 'EMAIL', 'Электронная почта'],
	['SOURCE', 'WEB', 'Веб-сайт'],
	['CONTACT_TYPE', 'CLIENT', 'Клиенты'],
	['CONTACT_TYPE', 'SUPPLIER', 'Поставщики'],
	['COMPANY_TYPE', 'CUSTOMER', 'Клиент'],
	['DEAL_TYPE', 'SALE', 'Продажа'],
];
