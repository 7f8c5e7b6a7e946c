// The default amoCRM account of the sandbox and the fixed credentials that reach it.

export const AMOCRM_SANDBOX = {
	subdomain: 'sandbox',
	accountId: 31000001,
	longLivedToken: 'sandbox-long-lived-token-6f1c2a',
	/** A long-lived token of Анна, who is not an admin: amoCRM answers 403 to admin-only calls made with it. */
	managerToken: 'sandbox-manager-token-3b8e41',
	oauth: {
		clientId: 'sandbox-client-id',
		clientSecret: 'sandbox-client-secret-9d7e',
		accessToken: 'sandbox-oauth-access-token-0',
		refreshToken: 'sandbox-oauth-refresh-token-0',
		redirectUri: 'http://127.0.0.1:5678/rest/oauth2-credential/callback',
	},
	users: { admin: 5000001, anna: 5000002, boris: 5000003 },
	pipelineId: 7000001,
	statuses: { first: 70000011, second: 70000012, won: 142, lost: 143 },
	fields: {
		contactPhone: 900001,
		contactEmail: 900002,
		companyPhone: 900003,
		companyEmail: 900004,
		companyWeb: 900005,
		companyAddress: 900006,
	},
} as const;

/** The only stage colours amoCRM accepts (reference §14). */
export const STATUS_COLORS = [
	'#fffeb2',
	'#fffd7f',
	'#fff000',
	'#ffeab2',
	'#ffdc7f',
	'#ffce5a',
	'#ffdbdb',
	'#ffc8c8',
	'#ff8f92',
	'#d6eaff',
	'#c1e0ff',
	'#98cbff',
	'#ebffb1',
	'#deff81',
	'#87f2c0',
	'#f9deff',
	'#f3beff',
	'#ccc8f9',
	'#eb93ff',
	'#f2f3f4',
	'#e6e8ea',
];

export const WON = 142;
export const LOST = 143;

export interface Field {
	id: number;
	name: string;
	type: string;
	code: string | null;
	sort: number;
	entity_type: string;
	is_api_only?: boolean;
	enums: Array<{ id: number; value: string; sort: number }> | null;
	/** The tree of values of a list's `category` field. */
	nested?: Array<{ id: number; parent_id: number | null; value: string; sort: number }> | null;
	/** Lists only: shown in the interface, and required when an element is created. */
	is_visible?: boolean;
	is_required?: boolean;
	/** amoCRM's own fields (phone, email, a products list's SKU, …); such a field cannot be deleted. */
	is_predefined?: boolean;
	is_deletable?: boolean;
}

export interface Status {
	id: number;
	name: string;
	sort: number;
	is_editable: boolean;
	pipeline_id: number;
	color: string;
	type: number;
	account_id: number;
}

export interface Pipeline {
	id: number;
	name: string;
	sort: number;
	is_main: boolean;
	is_unsorted_on: boolean;
	is_archive: boolean;
	account_id: number;
	statuses: Status[];
}

export interface User {
	id: number;
	name: string;
	email: string;
	lang: string;
	rights: {
		is_admin: boolean;
		is_free: boolean;
		is_active: boolean;
		group_id: number | null;
		role_id: number | null;
	};
}

const multitextEnums = (first: number, codes: string[]) =>
	codes.map((value, index) => ({ id: first + index, value, sort: (index + 1) * 2 }));

export function defaultFields(): Record<string, Field[]> {
	const phone = (id: number, entity: string, firstEnum: number): Field => ({
		id,
		name: 'Телефон',
		type: 'multitext',
		code: 'PHONE',
		sort: 4,
		entity_type: entity,
		enums: multitextEnums(firstEnum, ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER']),
	});
	const email = (id: number, entity: string, firstEnum: number): Field => ({
		id,
		name: 'Email',
		type: 'multitext',
		code: 'EMAIL',
		sort: 6,
		entity_type: entity,
		enums: multitextEnums(firstEnum, ['WORK', 'PRIV', 'OTHER']),
	});
	const f = AMOCRM_SANDBOX.fields;
	return {
		contacts: [
			phone(f.contactPhone, 'contacts', 1100001),
			email(f.contactEmail, 'contacts', 1100011),
		],
		companies: [
			phone(f.companyPhone, 'companies', 1100021),
			email(f.companyEmail, 'companies', 1100031),
			{
				id: f.companyWeb,
				name: 'Web',
				type: 'url',
				code: 'WEB',
				sort: 8,
				entity_type: 'companies',
				enums: null,
			},
			{
				id: f.companyAddress,
				name: 'Адрес',
				type: 'textarea',
				code: 'ADDRESS',
				sort: 10,
				entity_type: 'companies',
				enums: null,
			},
		],
		leads: [],
	};
}

export function defaultPipelines(): Pipeline[] {
	const s = AMOCRM_SANDBOX.statuses;
	const pipelineId = AMOCRM_SANDBOX.pipelineId;
	const status = (
		id: number,
		name: string,
		sort: number,
		color: string,
		editable = true,
	): Status => ({
		id,
		name,
		sort,
		is_editable: editable,
		pipeline_id: pipelineId,
		color,
		type: 0,
		account_id: AMOCRM_SANDBOX.accountId,
	});
	return [
		{
			id: pipelineId,
			name: 'Воронка',
			sort: 1,
			is_main: true,
			is_unsorted_on: false,
			is_archive: false,
			account_id: AMOCRM_SANDBOX.accountId,
			statuses: [
				status(s.first, 'Первичный контакт', 10, '#99ccff'),
				status(s.second, 'Переговоры', 20, '#ffff99'),
				status(WON, 'Успешно реализовано', 10000, '#CCFF66', false),
				status(LOST, 'Закрыто и не реализовано', 11000, '#D5D8DB', false),
			],
		},
	];
}

export function defaultUsers(): User[] {
	const user = (id: number, name: string, email: string, admin: boolean): User => ({
		id,
		name,
		email,
		lang: 'ru',
		rights: { is_admin: admin, is_free: false, is_active: true, group_id: null, role_id: null },
	});
	const u = AMOCRM_SANDBOX.users;
	return [
		user(u.admin, 'Администратор', 'admin@sandbox.test', true),
		user(u.anna, 'Анна Менеджер', 'anna@sandbox.test', false),
		user(u.boris, 'Борис Менеджер', 'boris@sandbox.test', false),
	];
}
