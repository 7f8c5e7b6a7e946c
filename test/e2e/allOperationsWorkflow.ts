// A workflow that calls every AmoCrm operation once, each step using what the earlier ones created.
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
