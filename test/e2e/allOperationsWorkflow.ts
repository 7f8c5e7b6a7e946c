// A workflow that calls every AmoCrm operation once, each step using what the earlier ones created.
// Unsorted → Link to Lead needs an incoming chat, which only amoCRM itself creates; workflow tests cover it.
import { PACKAGE } from './n8n';

type Params = Record<string, unknown>;
const id = (expression: string) => ({ __rl: true, mode: 'id', value: `={{ ${expression} }}` });

export const STEPS: Array<[string, Params]> = [
	['Create Contact', { resource: 'contact', operation: 'create', name: 'Иван E2E', additionalFields: { phones: { phone: [{ number: '8 (931) 604-70-33', type: 'MOB' }] }, tags: 'e2e' } }],
	['Find Contact', { resource: 'contact', operation: 'findByPhoneOrEmail', phone: '+7 931 604 70 33', email: '' }],
	['Get Contact', { resource: 'contact', operation: 'get', contactId: id("$('Create Contact').item.json.id") }],
	['Update Contact', { resource: 'contact', operation: 'update', contactId: id("$('Create Contact').item.json.id"), updateFields: { emails: { email: [{ address: 'Ivan@Example.com' }] } } }],
	['Get Many Contacts', { resource: 'contact', operation: 'getAll', returnAll: true }],
	['Create Complex Lead', { resource: 'lead', operation: 'createComplex', name: 'Complex E2E', contactMode: 'existing', contactId: "={{ $('Create Contact').item.json.id }}", companyMode: 'new', companyName: 'ООО Е2Е' }],
	['Create Lead', { resource: 'lead', operation: 'create', name: 'Lead E2E', additionalFields: { contactIds: "={{ $('Create Contact').item.json.id }}", price: 700 } }],
	['Get Lead', { resource: 'lead', operation: 'get', leadId: id("$('Create Lead').item.json.id") }],
	['Update Lead', { resource: 'lead', operation: 'update', leadId: id("$('Create Lead').item.json.id"), updateFields: { statusId: 70000012 } }],
	['Get Many Leads', { resource: 'lead', operation: 'getAll', returnAll: true }],
	['Get Open Leads', { resource: 'lead', operation: 'getOpenLeadsOfContact', contactId: id("$('Create Contact').item.json.id") }],
	['Create Note', { resource: 'note', operation: 'create', entityType: 'leads', entityId: "={{ $('Create Lead').item.json.id }}", noteType: 'common', text: 'Заявка с сайта (e2e)' }],
	['Get Many Notes', { resource: 'note', operation: 'getAll', entityType: 'leads', entityId: "={{ $('Create Lead').item.json.id }}", returnAll: true }],
	['Create Task', { resource: 'task', operation: 'create', text: 'Обработать заявку', completeTill: '2030-01-01T10:00:00Z', additionalFields: { entityType: 'leads', entityId: "={{ $('Create Lead').item.json.id }}" } }],
	['Get Many Tasks', { resource: 'task', operation: 'getAll', returnAll: true }],
	['Update Task', { resource: 'task', operation: 'update', taskId: "={{ $('Create Task').item.json.id }}", updateFields: { text: 'Перезвонить клиенту' } }],
	['Complete Task', { resource: 'task', operation: 'complete', taskId: "={{ $('Create Task').item.json.id }}", resultText: 'Готово' }],
	['Link', { resource: 'link', operation: 'link', fromEntityType: 'leads', fromEntityId: "={{ $('Create Lead').item.json.id }}", toEntityType: 'companies', toEntityId: "={{ $('Create Complex Lead').item.json.company_id }}" }],
	['List Links', { resource: 'link', operation: 'list', fromEntityType: 'leads', fromEntityId: "={{ $('Create Lead').item.json.id }}" }],
	['Unlink', { resource: 'link', operation: 'unlink', fromEntityType: 'leads', fromEntityId: "={{ $('Create Lead').item.json.id }}", toEntityType: 'companies', toEntityId: "={{ $('Create Complex Lead').item.json.company_id }}" }],
	['Create Company', { resource: 'company', operation: 'create', name: 'Ромашка E2E', additionalFields: { web: 'https://romashka.example', contactIds: "={{ $('Create Contact').item.json.id }}" } }],
	['Get Company', { resource: 'company', operation: 'get', companyId: id("$('Create Company').item.json.id"), options: { withContacts: true } }],
	['Update Company', { resource: 'company', operation: 'update', companyId: id("$('Create Company').item.json.id"), updateFields: { address: 'Москва, Тверская, 1', leadIds: "={{ $('Create Lead').item.json.id }}" } }],
	['Get Many Companies', { resource: 'company', operation: 'getAll', returnAll: true }],
	['Add Call', { resource: 'call', operation: 'create', direction: 'inbound', phone: '+7 931 604 70 33', duration: 30, source: 'e2e' }],
	['Add Call From Unknown', { resource: 'call', operation: 'create', direction: 'inbound', phone: '+7 999 000 00 01', duration: 12, source: 'e2e', unknownPhone: 'createContactAndLead', newRecords: { leadName: 'Звонок E2E' } }],
	['Get Pipelines', { resource: 'pipeline', operation: 'getAll' }],
	['Get Pipeline', { resource: 'pipeline', operation: 'get', pipelineId: 7000001 }],
	['Get Stages', { resource: 'pipeline', operation: 'getStages', pipelineId: 7000001 }],
	['Get Stage', { resource: 'pipeline', operation: 'getStage', pipelineId: 7000001, statusId: 70000012 }],
	['Create Pipeline', { resource: 'pipeline', operation: 'create', name: 'Импорт E2E', stages: 'Новая, В работе' }],
	['Add Stages', { resource: 'pipeline', operation: 'addStages', pipelineId: "={{ $('Create Pipeline').item.json.id }}", stages: 'В работе, Счёт' }],
	['Get Users', { resource: 'user', operation: 'getAll', returnAll: true }],
	['Get User', { resource: 'user', operation: 'get', userId: 5000001 }],
	['Get Account', { resource: 'account', operation: 'get', with: ['task_types'] }],
	['Get Custom Fields', { resource: 'customField', operation: 'getAll', entityType: 'contacts', returnAll: true }],
	['Create Tag', { resource: 'tag', operation: 'create', entityType: 'leads', name: 'VIP E2E' }],
	['Get Tags', { resource: 'tag', operation: 'getAll', entityType: 'leads', returnAll: true }],
	['Add Tags', { resource: 'tag', operation: 'add', entityType: 'leads', recordId: "={{ $('Create Lead').item.json.id }}", tags: 'VIP E2E, горячий' }],
	['Remove Tags', { resource: 'tag', operation: 'remove', entityType: 'leads', recordId: "={{ $('Create Lead').item.json.id }}", tags: 'горячий' }],
	['API Request Patch', { resource: 'apiRequest', operation: 'send', method: 'PATCH', path: "=leads/{{ $('Create Lead').item.json.id }}", body: '{ "price": 900 }' }],
	['API Request Get', { resource: 'apiRequest', operation: 'send', method: 'GET', path: "=/api/v4/leads/{{ $('Create Lead').item.json.id }}", queryParameters: { parameter: [{ name: 'with', value: 'contacts' }] } }],
	['API Request List', { resource: 'apiRequest', operation: 'send', method: 'GET', path: 'leads', returnAll: true, splitIntoItems: true, queryJson: '{ "limit": 2 }' }],
	['Create Unsorted From Form', { resource: 'unsorted', operation: 'createFromForm', formName: 'Форма E2E', formId: 'e2e', formPage: 'https://example.ru/e2e', sourceName: 'Сайт', sourceUid: 'e2e-form', contact: { name: 'Форма E2E' } }],
	['Create Unsorted From Call', { resource: 'unsorted', operation: 'createFromCall', phone: '+7 900 111 22 33', duration: 20, uniq: 'e2e-call', serviceCode: 'e2e', sourceName: 'АТС', sourceUid: 'e2e-call' }],
	['Get Unsorted', { resource: 'unsorted', operation: 'getAll', returnAll: true }],
	['Accept Unsorted', { resource: 'unsorted', operation: 'accept', uid: "={{ $('Create Unsorted From Form').item.json.uid }}" }],
	['Decline Unsorted', { resource: 'unsorted', operation: 'decline', uid: "={{ $('Create Unsorted From Call').item.json.uid }}" }],
	['Subscribe Webhook', { resource: 'webhook', operation: 'subscribe', destination: 'https://hooks.example.com/amocrm', events: ['add_lead'] }],
	['Get Webhooks', { resource: 'webhook', operation: 'getAll' }],
	['Unsubscribe Webhook', { resource: 'webhook', operation: 'unsubscribe', destination: 'https://hooks.example.com/amocrm' }],
	['Get Events', { resource: 'event', operation: 'getAll', limit: 50, filters: { entity: 'lead' } }],
];

export function allOperationsWorkflow(workflowId: string, credential: { id: string; name: string }) {
	const nodes = [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		...STEPS.map(([name, parameters], index) => ({
			id: `step-${index}`,
			name,
			type: `${PACKAGE}.amoCrm`,
			typeVersion: 1,
			position: [(index + 1) * 220, 0],
			executeOnce: true,
			alwaysOutputData: true,
			parameters,
			credentials: { amoCrmApi: credential },
		})),
	];
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id: workflowId, name: 'amoCRM: every operation (e2e)', nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}
