// A workflow that calls every AmoCrm operation once, each step using what the earlier ones created.
// Unsorted → Link to Lead needs an incoming chat, which only amoCRM itself creates; workflow tests cover it.
// Talks come from chats too: the test seeds talk 117 before the run, and switches customers on (segments).
import { PACKAGE } from './n8n';

type Params = Record<string, unknown>;
const id = (expression: string) => ({ __rl: true, mode: 'id', value: `={{ ${expression} }}` });

/** A step is an amoCRM node, or another node of n8n when its type is given. */
export const STEPS: Array<
	[string, Params] | [string, Params, { type: string; typeVersion: number }]
> = [
	[
		'Create Contact',
		{
			resource: 'contact',
			operation: 'create',
			name: 'Иван E2E',
			additionalFields: {
				phones: { phone: [{ number: '8 (931) 604-70-33', type: 'MOB' }] },
				tags: 'e2e',
			},
		},
	],
	[
		'Find Contact',
		{ resource: 'contact', operation: 'findByPhoneOrEmail', phone: '+7 931 604 70 33', email: '' },
	],
	[
		'Get Contact',
		{ resource: 'contact', operation: 'get', contactId: id("$('Create Contact').item.json.id") },
	],
	[
		'Update Contact',
		{
			resource: 'contact',
			operation: 'update',
			contactId: id("$('Create Contact').item.json.id"),
			updateFields: { emails: { email: [{ address: 'Ivan@Example.com' }] } },
		},
	],
	[
		'Find or Create Contact',
		{
			resource: 'contact',
			operation: 'findOrCreate',
			phone: '8 931 604-70-33',
			email: 'ivan@example.com',
			name: 'Иван E2E',
		},
	],
	[
		'Find or Create New Contact',
		{
			resource: 'contact',
			operation: 'findOrCreate',
			phone: '',
			email: 'petr@example.com',
			name: 'Пётр E2E',
		},
	],
	[
		'Find Contact by Field',
		{
			resource: 'contact',
			operation: 'findByFieldValue',
			field: 'EMAIL',
			value: 'IVAN@example.com',
		},
	],
	['Get Many Contacts', { resource: 'contact', operation: 'getAll', returnAll: true }],
	[
		'Create Complex Lead',
		{
			resource: 'lead',
			operation: 'createComplex',
			name: 'Complex E2E',
			contactMode: 'existing',
			contactId: "={{ $('Create Contact').item.json.id }}",
			companyMode: 'new',
			companyName: 'ООО Е2Е',
		},
	],
	[
		'Create Lead',
		{
			resource: 'lead',
			operation: 'create',
			name: 'Lead E2E',
			additionalFields: { contactIds: "={{ $('Create Contact').item.json.id }}", price: 700 },
		},
	],
	['Get Lead', { resource: 'lead', operation: 'get', leadId: id("$('Create Lead').item.json.id") }],
	[
		'Update Lead',
		{
			resource: 'lead',
			operation: 'update',
			leadId: id("$('Create Lead').item.json.id"),
			updateFields: { statusId: 70000012 },
		},
	],
	['Get Many Leads', { resource: 'lead', operation: 'getAll', returnAll: true }],
	[
		'Get Open Leads',
		{
			resource: 'lead',
			operation: 'getOpenLeadsOfContact',
			contactId: id("$('Create Contact').item.json.id"),
		},
	],
	[
		'Create Custom Field',
		{
			resource: 'customField',
			operation: 'create',
			entityType: 'leads',
			name: 'Номер заказа E2E',
			fieldType: 'text',
			additionalFields: { code: 'ORDER_E2E' },
		},
	],
	[
		'Create Select Field',
		{
			resource: 'customField',
			operation: 'create',
			entityType: 'leads',
			name: 'Канал E2E',
			fieldType: 'select',
			options: 'Сайт, Звонок',
		},
	],
	[
		'Update Custom Field',
		{
			resource: 'customField',
			operation: 'update',
			entityType: 'leads',
			fieldId: "={{ $('Create Select Field').item.json.id }}",
			updateFields: { options: 'Сайт, Рекомендация', removeUnlisted: true },
		},
	],
	[
		'Set Order Number',
		{
			resource: 'lead',
			operation: 'update',
			leadId: id("$('Create Lead').item.json.id"),
			updateFields: { customFields: { field: [{ fieldId: 'ORDER_E2E', value: 'ЗК-E2E-1' }] } },
		},
	],
	[
		'Find Lead by Field',
		{ resource: 'lead', operation: 'findByFieldValue', field: 'ORDER_E2E', value: 'зк-e2e-1' },
	],
	['Get Field Groups', { resource: 'customField', operation: 'getGroups', entityType: 'leads' }],
	[
		'Create Field Group',
		{
			resource: 'customField',
			operation: 'createGroup',
			entityType: 'leads',
			name: 'Заказ E2E',
			sort: 5,
		},
	],
	[
		'Update Field Group',
		{
			resource: 'customField',
			operation: 'updateGroup',
			entityType: 'leads',
			groupId: "={{ $('Create Field Group').item.json.id }}",
			updateFields: { fields: 'ORDER_E2E' },
		},
	],
	[
		'Delete Field Group',
		{
			resource: 'customField',
			operation: 'deleteGroup',
			entityType: 'leads',
			groupId: "={{ $('Create Field Group').item.json.id }}",
		},
	],
	[
		'Delete Custom Field',
		{
			resource: 'customField',
			operation: 'delete',
			entityType: 'leads',
			fieldId: "={{ $('Create Select Field').item.json.id }}",
		},
	],
	['Create Loss Reasons', { resource: 'lossReason', operation: 'create', name: 'Дорого E2E' }],
	[
		'Create Second Loss Reason',
		{ resource: 'lossReason', operation: 'create', name: 'Передумал E2E' },
	],
	['Get Loss Reasons', { resource: 'lossReason', operation: 'getAll', returnAll: true }],
	[
		'Close as Lost',
		{
			resource: 'lead',
			operation: 'closeAsLost',
			leadId: id("$('Create Complex Lead').item.json.id"),
			lossReasonId: "={{ $('Create Loss Reasons').item.json.id }}",
		},
	],
	[
		'Delete Loss Reason',
		{
			resource: 'lossReason',
			operation: 'delete',
			lossReasonId: "={{ $('Create Second Loss Reason').item.json.id }}",
		},
	],
	[
		'Create Catalog',
		{ resource: 'catalog', operation: 'create', name: 'Товары E2E', type: 'products' },
	],
	['Get Catalogs', { resource: 'catalog', operation: 'getAll' }],
	[
		'Get Catalog',
		{ resource: 'catalog', operation: 'get', catalogId: "={{ $('Create Catalog').item.json.id }}" },
	],
	[
		'Update Catalog',
		{
			resource: 'catalog',
			operation: 'update',
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			updateFields: { name: 'Товары E2E (опт)' },
		},
	],
	[
		'Create Catalog Field',
		{
			resource: 'customField',
			operation: 'create',
			entityType: 'catalogs',
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			name: 'Цвет E2E',
			fieldType: 'select',
			options: 'Синий, Красный',
		},
	],
	[
		'Get Catalog Fields',
		{
			resource: 'customField',
			operation: 'getAll',
			entityType: 'catalogs',
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			returnAll: true,
		},
	],
	[
		'Update Catalog Field',
		{
			resource: 'customField',
			operation: 'update',
			entityType: 'catalogs',
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			fieldId: "={{ $('Create Catalog Field').item.json.id }}",
			updateFields: { options: 'Синий, Зелёный', removeUnlisted: true },
		},
	],
	[
		'Create Catalog Field Group',
		{
			resource: 'customField',
			operation: 'createGroup',
			entityType: 'catalogs',
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			name: 'Склад E2E',
		},
	],
	[
		'Delete Catalog Field Group',
		{
			resource: 'customField',
			operation: 'deleteGroup',
			entityType: 'catalogs',
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			groupId: "={{ $('Create Catalog Field Group').item.json.id }}",
		},
	],
	[
		'Delete Catalog Field',
		{
			resource: 'customField',
			operation: 'delete',
			entityType: 'catalogs',
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			fieldId: "={{ $('Create Catalog Field').item.json.id }}",
		},
	],
	[
		'Create Element',
		{
			resource: 'catalogElement',
			operation: 'create',
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			name: 'Чехол E2E',
			customFields: { field: [{ fieldId: 'SKU', value: 'CASE-1' }] },
		},
	],
	[
		'Create Second Element',
		{
			resource: 'catalogElement',
			operation: 'create',
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			name: 'Плёнка E2E',
		},
	],
	[
		'Get Elements',
		{
			resource: 'catalogElement',
			operation: 'getAll',
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			returnAll: true,
		},
	],
	[
		'Get Element',
		{
			resource: 'catalogElement',
			operation: 'get',
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			elementId: "={{ $('Create Element').item.json.id }}",
		},
	],
	[
		'Update Element',
		{
			resource: 'catalogElement',
			operation: 'update',
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			elementId: id("$('Create Element').item.json.id"),
			updateFields: { name: 'Чехол E2E синий' },
		},
	],
	[
		'Add Products',
		{
			resource: 'lead',
			operation: 'addProducts',
			leadId: id("$('Create Lead').item.json.id"),
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			elementId: "={{ $('Create Element').item.json.id }}",
			quantity: 2,
		},
	],
	[
		'Add Second Product',
		{
			resource: 'lead',
			operation: 'addProducts',
			leadId: id("$('Create Lead').item.json.id"),
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			elementId: "={{ $('Create Second Element').item.json.id }}",
			quantity: 1,
		},
	],
	[
		'Remove Products',
		{
			resource: 'lead',
			operation: 'removeProducts',
			leadId: id("$('Create Lead').item.json.id"),
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			elementId: "={{ $('Create Second Element').item.json.id }}",
		},
	],
	[
		'Get Products',
		{ resource: 'lead', operation: 'getProducts', leadId: id("$('Create Lead').item.json.id") },
	],
	[
		'Delete Element',
		{
			resource: 'catalogElement',
			operation: 'delete',
			catalogId: "={{ $('Create Catalog').item.json.id }}",
			elementId: "={{ $('Create Second Element').item.json.id }}",
		},
	],
	['Create Customer', { resource: 'customer', operation: 'create', name: 'Покупатель E2E' }],
	[
		'Get Customer',
		{ resource: 'customer', operation: 'get', customerId: id("$('Create Customer').item.json.id") },
	],
	[
		'Update Customer',
		{
			resource: 'customer',
			operation: 'update',
			customerId: id("$('Create Customer').item.json.id"),
			updateFields: { nextPrice: 5000 },
		},
	],
	['Get Many Customers', { resource: 'customer', operation: 'getAll', returnAll: true }],
	[
		'Add Transaction',
		{
			resource: 'customer',
			operation: 'addTransaction',
			customerId: id("$('Create Customer').item.json.id"),
			price: 1500,
		},
	],
	[
		'Add Second Transaction',
		{
			resource: 'customer',
			operation: 'addTransaction',
			customerId: id("$('Create Customer').item.json.id"),
			price: 700,
		},
	],
	[
		'Get Transactions',
		{
			resource: 'customer',
			operation: 'getTransactions',
			scope: 'customer',
			customerId: id("$('Create Customer').item.json.id"),
			returnAll: true,
		},
	],
	[
		'Delete Transaction',
		{
			resource: 'customer',
			operation: 'deleteTransaction',
			transactionId: "={{ $('Add Second Transaction').item.json.id }}",
		},
	],
	['Get Segments', { resource: 'customer', operation: 'getSegments', returnAll: true }],
	[
		'Run Salesbot',
		{
			resource: 'salesbot',
			operation: 'run',
			botId: 36143,
			runOn: 'leads',
			leadId: id("$('Create Lead').item.json.id"),
		},
	],
	[
		'Stop Salesbot',
		{
			resource: 'salesbot',
			operation: 'stop',
			botId: 36143,
			leadId: id("$('Create Lead').item.json.id"),
		},
	],
	[
		'Create Short Link',
		{
			resource: 'shortLink',
			operation: 'create',
			url: 'https://example.ru/offer?e2e=1',
			contactId: id("$('Create Contact').item.json.id"),
		},
	],
	[
		'Make File',
		{
			jsCode:
				"return [{ json: {}, binary: { data: { data: '0KHRh9GR0YIgRTJFCg==', mimeType: 'text/plain', fileName: 'invoice.txt' } } }];",
		},
		{ type: 'n8n-nodes-base.code', typeVersion: 2 },
	],
	[
		'Upload File',
		{
			resource: 'file',
			operation: 'upload',
			binaryPropertyName: 'data',
			attachTo: 'leads',
			leadId: id("$('Create Lead').item.json.id"),
		},
	],
	[
		'Attach File',
		{
			resource: 'file',
			operation: 'attach',
			fileUuids: "={{ $('Upload File').item.json.uuid }}",
			entityType: 'contacts',
			contactId: id("$('Create Contact').item.json.id"),
		},
	],
	[
		'Get Files of Lead',
		{
			resource: 'file',
			operation: 'getAllOfRecord',
			entityType: 'leads',
			leadId: id("$('Create Lead').item.json.id"),
		},
	],
	[
		'Download File',
		{
			resource: 'file',
			operation: 'download',
			fileUuid: "={{ $('Upload File').item.json.uuid }}",
			binaryPropertyName: 'data',
		},
	],
	[
		'Create File Note',
		{
			resource: 'note',
			operation: 'create',
			entityType: 'leads',
			entityId: "={{ $('Create Lead').item.json.id }}",
			noteType: 'attachment',
			fileUuid: "={{ $('Upload File').item.json.uuid }}",
			fileName: 'invoice.txt',
		},
	],
	['Get Talk', { resource: 'talk', operation: 'get', talkId: 117 }],
	['Close Talk', { resource: 'talk', operation: 'close', talkId: 117, forceClose: true }],
	[
		'Create Note',
		{
			resource: 'note',
			operation: 'create',
			entityType: 'leads',
			entityId: "={{ $('Create Lead').item.json.id }}",
			noteType: 'common',
			text: 'Заявка с сайта (e2e)',
		},
	],
	[
		'Get Many Notes',
		{
			resource: 'note',
			operation: 'getAll',
			entityType: 'leads',
			entityId: "={{ $('Create Lead').item.json.id }}",
			returnAll: true,
		},
	],
	[
		'Create Task',
		{
			resource: 'task',
			operation: 'create',
			text: 'Обработать заявку',
			completeTill: '2030-01-01T10:00:00Z',
			additionalFields: { entityType: 'leads', entityId: "={{ $('Create Lead').item.json.id }}" },
		},
	],
	['Get Many Tasks', { resource: 'task', operation: 'getAll', returnAll: true }],
	[
		'Update Task',
		{
			resource: 'task',
			operation: 'update',
			taskId: "={{ $('Create Task').item.json.id }}",
			updateFields: { text: 'Перезвонить клиенту' },
		},
	],
	[
		'Complete Task',
		{
			resource: 'task',
			operation: 'complete',
			taskId: "={{ $('Create Task').item.json.id }}",
			resultText: 'Готово',
		},
	],
	[
		'Link',
		{
			resource: 'link',
			operation: 'link',
			fromEntityType: 'leads',
			fromEntityId: "={{ $('Create Lead').item.json.id }}",
			toEntityType: 'companies',
			toEntityId: "={{ $('Create Complex Lead').item.json.company_id }}",
		},
	],
	[
		'List Links',
		{
			resource: 'link',
			operation: 'list',
			fromEntityType: 'leads',
			fromEntityId: "={{ $('Create Lead').item.json.id }}",
		},
	],
	[
		'Unlink',
		{
			resource: 'link',
			operation: 'unlink',
			fromEntityType: 'leads',
			fromEntityId: "={{ $('Create Lead').item.json.id }}",
			toEntityType: 'companies',
			toEntityId: "={{ $('Create Complex Lead').item.json.company_id }}",
		},
	],
	[
		'Create Company',
		{
			resource: 'company',
			operation: 'create',
			name: 'Ромашка E2E',
			additionalFields: {
				web: 'https://romashka.example',
				contactIds: "={{ $('Create Contact').item.json.id }}",
			},
		},
	],
	[
		'Get Company',
		{
			resource: 'company',
			operation: 'get',
			companyId: id("$('Create Company').item.json.id"),
			options: { withContacts: true },
		},
	],
	[
		'Update Company',
		{
			resource: 'company',
			operation: 'update',
			companyId: id("$('Create Company').item.json.id"),
			updateFields: {
				address: 'Москва, Тверская, 1',
				leadIds: "={{ $('Create Lead').item.json.id }}",
			},
		},
	],
	['Get Many Companies', { resource: 'company', operation: 'getAll', returnAll: true }],
	[
		'Find Company by Field',
		{
			resource: 'company',
			operation: 'findByFieldValue',
			field: 'WEB',
			value: 'https://romashka.example',
		},
	],
	[
		'Add Call',
		{
			resource: 'call',
			operation: 'create',
			direction: 'inbound',
			phone: '+7 931 604 70 33',
			duration: 30,
			source: 'e2e',
		},
	],
	[
		'Add Call From Unknown',
		{
			resource: 'call',
			operation: 'create',
			direction: 'inbound',
			phone: '+7 999 000 00 01',
			duration: 12,
			source: 'e2e',
			unknownPhone: 'createContactAndLead',
			newRecords: { leadName: 'Звонок E2E' },
		},
	],
	['Get Pipelines', { resource: 'pipeline', operation: 'getAll' }],
	['Get Pipeline', { resource: 'pipeline', operation: 'get', pipelineId: 7000001 }],
	['Get Stages', { resource: 'pipeline', operation: 'getStages', pipelineId: 7000001 }],
	[
		'Get Stage',
		{ resource: 'pipeline', operation: 'getStage', pipelineId: 7000001, statusId: 70000012 },
	],
	[
		'Create Pipeline',
		{ resource: 'pipeline', operation: 'create', name: 'Импорт E2E', stages: 'Новая, В работе' },
	],
	[
		'Add Stages',
		{
			resource: 'pipeline',
			operation: 'addStages',
			pipelineId: "={{ $('Create Pipeline').item.json.id }}",
			stages: 'В работе, Счёт',
		},
	],
	[
		'Update Pipeline',
		{
			resource: 'pipeline',
			operation: 'update',
			pipelineId: "={{ $('Create Pipeline').item.json.id }}",
			updateFields: { name: 'Импорт E2E (архив)' },
		},
	],
	[
		'Update Stage',
		{
			resource: 'pipeline',
			operation: 'updateStage',
			pipelineId: "={{ $('Create Pipeline').item.json.id }}",
			statusId: "={{ $('Create Pipeline').item.json.statuses.find((s) => s.name === 'Новая').id }}",
			updateFields: { name: 'Новая заявка', color: '#98cbff' },
		},
	],
	[
		'Delete Stage',
		{
			resource: 'pipeline',
			operation: 'deleteStage',
			pipelineId: "={{ $('Create Pipeline').item.json.id }}",
			statusId:
				"={{ $('Create Pipeline').item.json.statuses.find((s) => s.name === 'В работе').id }}",
		},
	],
	[
		'Delete Pipeline',
		{
			resource: 'pipeline',
			operation: 'delete',
			pipelineId: "={{ $('Create Pipeline').item.json.id }}",
		},
	],
	['Get Users', { resource: 'user', operation: 'getAll', returnAll: true }],
	['Get User', { resource: 'user', operation: 'get', userId: 5000001 }],
	['Get Account', { resource: 'account', operation: 'get', with: ['task_types'] }],
	[
		'Create Source',
		{ resource: 'source', operation: 'create', name: 'Сайт E2E', externalId: 'e2e-site' },
	],
	['Get Sources', { resource: 'source', operation: 'getAll', returnAll: true }],
	[
		'Update Source',
		{
			resource: 'source',
			operation: 'update',
			sourceId: "={{ $('Create Source').item.json.id }}",
			updateFields: { name: 'Лендинг E2E' },
		},
	],
	[
		'Delete Source',
		{ resource: 'source', operation: 'delete', sourceId: "={{ $('Create Source').item.json.id }}" },
	],
	[
		'Get Custom Fields',
		{ resource: 'customField', operation: 'getAll', entityType: 'contacts', returnAll: true },
	],
	['Create Tag', { resource: 'tag', operation: 'create', entityType: 'leads', name: 'VIP E2E' }],
	['Get Tags', { resource: 'tag', operation: 'getAll', entityType: 'leads', returnAll: true }],
	[
		'Add Tags',
		{
			resource: 'tag',
			operation: 'add',
			entityType: 'leads',
			recordId: "={{ $('Create Lead').item.json.id }}",
			tags: 'VIP E2E, горячий',
		},
	],
	[
		'Remove Tags',
		{
			resource: 'tag',
			operation: 'remove',
			entityType: 'leads',
			recordId: "={{ $('Create Lead').item.json.id }}",
			tags: 'горячий',
		},
	],
	[
		'API Request Patch',
		{
			resource: 'apiRequest',
			operation: 'send',
			method: 'PATCH',
			path: "=leads/{{ $('Create Lead').item.json.id }}",
			body: '{ "price": 900 }',
		},
	],
	[
		'API Request Get',
		{
			resource: 'apiRequest',
			operation: 'send',
			method: 'GET',
			path: "=/api/v4/leads/{{ $('Create Lead').item.json.id }}",
			queryParameters: { parameter: [{ name: 'with', value: 'contacts' }] },
		},
	],
	[
		'API Request List',
		{
			resource: 'apiRequest',
			operation: 'send',
			method: 'GET',
			path: 'leads',
			returnAll: true,
			splitIntoItems: true,
			queryJson: '{ "limit": 2 }',
		},
	],
	[
		'Create Unsorted From Form',
		{
			resource: 'unsorted',
			operation: 'createFromForm',
			formName: 'Форма E2E',
			formId: 'e2e',
			formPage: 'https://example.ru/e2e',
			sourceName: 'Сайт',
			sourceUid: 'e2e-form',
			contact: { name: 'Форма E2E' },
		},
	],
	[
		'Create Unsorted From Call',
		{
			resource: 'unsorted',
			operation: 'createFromCall',
			phone: '+7 900 111 22 33',
			duration: 20,
			uniq: 'e2e-call',
			serviceCode: 'e2e',
			sourceName: 'АТС',
			sourceUid: 'e2e-call',
		},
	],
	['Get Unsorted', { resource: 'unsorted', operation: 'getAll', returnAll: true }],
	[
		'Accept Unsorted',
		{
			resource: 'unsorted',
			operation: 'accept',
			uid: "={{ $('Create Unsorted From Form').item.json.uid }}",
		},
	],
	[
		'Decline Unsorted',
		{
			resource: 'unsorted',
			operation: 'decline',
			uid: "={{ $('Create Unsorted From Call').item.json.uid }}",
		},
	],
	[
		'Subscribe Webhook',
		{
			resource: 'webhook',
			operation: 'subscribe',
			destination: 'https://hooks.example.com/amocrm',
			events: ['add_lead'],
			otherEvents: 'update_lead',
		},
	],
	['Get Webhooks', { resource: 'webhook', operation: 'getAll' }],
	[
		'Unsubscribe Webhook',
		{
			resource: 'webhook',
			operation: 'unsubscribe',
			destination: 'https://hooks.example.com/amocrm',
		},
	],
	[
		'Get Events',
		{ resource: 'event', operation: 'getAll', limit: 50, filters: { entity: 'lead' } },
	],
];

export function allOperationsWorkflow(
	workflowId: string,
	credential: { id: string; name: string },
) {
	const nodes = [
		{
			id: 'start',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		...STEPS.map(([name, parameters, other], index) => ({
			id: `step-${index}`,
			name,
			type: other?.type ?? `${PACKAGE}.amoCrm`,
			typeVersion: other?.typeVersion ?? 1,
			position: [(index + 1) * 220, 0],
			executeOnce: true,
			alwaysOutputData: true,
			parameters,
			...(other ? {} : { credentials: { amoCrmApi: credential } }),
		})),
	];
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id: workflowId,
		name: 'amoCRM: every operation (e2e)',
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}
