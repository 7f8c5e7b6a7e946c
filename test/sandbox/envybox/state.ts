// The default Envybox CRM of the sandbox and the key that reaches it.

export const ENVYBOX_SANDBOX = {
	crmId: 2119,
	apiKey: 'sandbox-envybox-key-3b7d91',
	adminUserId: 3844,
	employees: { diana: 182, oleg: 183 },
	inboxTypes: { manual: 13045, site: 13051, call: 13052 },
	lead: { pipelineId: 3585, stages: { new: 15017, newClient: 15018, existingClient: 15019 } },
	deal: {
		pipelineId: 3689,
		stages: { new: 5635, inWork: 5636, won: 5637, lost: 5638 },
		lockedPipelineId: 3690,
		lockedStages: { new: 5640, inWork: 5641 },
	},
	fields: { leadBudget: 3441, clientCity: 3442, dealSum: 3444 },
} as const;

export interface Stage {
	id: number;
	pipeline_id: number;
	status_id: number;
	name: string;
	position: number;
	color: string;
}

export interface Pipeline {
	id: number;
	name: string;
	allow_manual_change_stage: boolean;
	primary: boolean;
	stages: Stage[];
}

export interface Field {
	id: number;
	crm_element_id: number;
	name: string;
	name_id: string;
	type_id: number;
	addon: string;
}

const S = ENVYBOX_SANDBOX;

export function defaultLeadPipelines(): Pipeline[] {
	const p = S.lead.pipelineId;
	return [
		{
			id: p,
			name: 'Стартовая',
			allow_manual_change_stage: false,
			primary: true,
			stages: [
				{
					id: S.lead.stages.new,
					pipeline_id: p,
					status_id: 1,
					name: 'Новый',
					position: 0,
					color: 'rgb(35, 148, 254)',
				},
				{
					id: S.lead.stages.newClient,
					pipeline_id: p,
					status_id: 2,
					name: 'Новый клиент',
					position: 1,
					color: 'rgb(94, 194, 48)',
				},
				{
					id: S.lead.stages.existingClient,
					pipeline_id: p,
					status_id: 3,
					name: 'Существующий клиент',
					position: 2,
					color: 'rgb(249,146,203)',
				},
			],
		},
	];
}

export function defaultDealPipelines(): Pipeline[] {
	const p = S.deal.pipelineId;
	const q = S.deal.lockedPipelineId;
	return [
		{
			id: p,
			name: 'Продажи',
			allow_manual_change_stage: true,
			primary: true,
			stages: [
				{
					id: S.deal.stages.new,
					pipeline_id: p,
					status_id: 2001,
					name: 'Новая',
					position: 0,
					color: 'rgb(35, 148, 254)',
				},
				{
					id: S.deal.stages.inWork,
					pipeline_id: p,
					status_id: 2002,
					name: 'В работе',
					position: 1,
					color: 'rgb(199, 238, 30)',
				},
				{
					id: S.deal.stages.won,
					pipeline_id: p,
					status_id: 2003,
					name: 'Успешно реализовано',
					position: 2,
					color: 'rgb(94, 194, 48)',
				},
				{
					id: S.deal.stages.lost,
					pipeline_id: p,
					status_id: 2004,
					name: 'Не реализовано',
					position: 3,
					color: 'rgb(255, 80, 80)',
				},
			],
		},
		{
			id: q,
			name: 'Для вебинара',
			allow_manual_change_stage: false,
			primary: false,
			stages: [
				{
					id: S.deal.lockedStages.new,
					pipeline_id: q,
					status_id: 2001,
					name: 'Новая',
					position: 0,
					color: 'rgb(35, 148, 254)',
				},
				{
					id: S.deal.lockedStages.inWork,
					pipeline_id: q,
					status_id: 2002,
					name: 'Уточнение',
					position: 1,
					color: 'rgb(245,58,255)',
				},
			],
		},
	];
}

export function defaultFields(): { lead: Field[]; client: Field[]; deal: Field[] } {
	return {
		lead: [
			{
				id: S.fields.leadBudget,
				crm_element_id: 1,
				name: 'Бюджет',
				name_id: `crm_${S.fields.leadBudget}`,
				type_id: 9,
				addon: 'руб',
			},
		],
		client: [
			{
				id: S.fields.clientCity,
				crm_element_id: 2,
				name: 'Город',
				name_id: `crm_${S.fields.clientCity}`,
				type_id: 1,
				addon: '',
			},
		],
		deal: [
			{
				id: S.fields.dealSum,
				crm_element_id: 3,
				name: 'Сумма',
				name_id: `crm_${S.fields.dealSum}`,
				type_id: 9,
				addon: 'руб',
			},
		],
	};
}

/** Service (system) fields of leads and deals, with the input ids the document shows. */
export const LEAD_SERVICE_FIELDS: Record<string, { input_id: number; name: string }> = {
	name: { input_id: 1, name: 'Имя' },
	phone: { input_id: 2, name: 'Телефон' },
	email: { input_id: 3, name: 'Email' },
	comment: { input_id: 4, name: 'Примечание' },
	utm_source: { input_id: 5, name: 'utm_source' },
	utm_medium: { input_id: 6, name: 'utm_medium' },
	utm_campaign: { input_id: 7, name: 'utm_campaign' },
	utm_content: { input_id: 8, name: 'utm_content' },
	utm_term: { input_id: 9, name: 'utm_term' },
	ip_place_id: { input_id: 10, name: 'Регион клиента' },
	google_client_id: { input_id: 11, name: 'Google Client ID' },
	yandex_client_id: { input_id: 12, name: 'Yandex Client ID' },
};

export const DEAL_SERVICE_FIELDS: Record<string, { input_id: number; name: string }> = {
	name: { input_id: 2001, name: 'Название сделки' },
};
