import type { INodeProperties } from 'n8n-workflow';

/**
 * amoCRM's webhook event codes, as the API takes them in `settings`, with the names users see.
 * `add_message` is the interface's "Incoming message"; amoCRM's list of API codes does not name it.
 * List (catalog) elements have no documented code, so none is offered: Other Event Codes takes
 * codes an account accepts beyond the list.
 */
export const WEBHOOK_EVENTS: Array<{ name: string; value: string }> = [
	{ name: 'Company Added', value: 'add_company' },
	{ name: 'Company Deleted', value: 'delete_company' },
	{ name: 'Company Note Added', value: 'note_company' },
	{ name: 'Company Responsible Changed', value: 'responsible_company' },
	{ name: 'Company Restored', value: 'restore_company' },
	{ name: 'Company Updated', value: 'update_company' },
	{ name: 'Contact Added', value: 'add_contact' },
	{ name: 'Contact Deleted', value: 'delete_contact' },
	{ name: 'Contact Note Added', value: 'note_contact' },
	{ name: 'Contact Responsible Changed', value: 'responsible_contact' },
	{ name: 'Contact Restored', value: 'restore_contact' },
	{ name: 'Contact Updated', value: 'update_contact' },
	{ name: 'Customer Added', value: 'add_customer' },
	{ name: 'Customer Deleted', value: 'delete_customer' },
	{ name: 'Customer Note Added', value: 'note_customer' },
	{ name: 'Customer Responsible Changed', value: 'responsible_customer' },
	{ name: 'Customer Updated', value: 'update_customer' },
	{ name: 'Incoming Chat Message', value: 'add_message' },
	{ name: 'Incoming Lead (Unsorted) Added', value: 'add_unsorted' },
	{ name: 'Lead Added', value: 'add_lead' },
	{ name: 'Lead Deleted', value: 'delete_lead' },
	{ name: 'Lead Note Added', value: 'note_lead' },
	{ name: 'Lead Responsible Changed', value: 'responsible_lead' },
	{ name: 'Lead Restored', value: 'restore_lead' },
	{ name: 'Lead Stage Changed', value: 'status_lead' },
	{ name: 'Lead Updated', value: 'update_lead' },
	{ name: 'Talk Added', value: 'add_talk' },
	{ name: 'Talk Updated (Read, Closed, Rated, Linked)', value: 'update_talk' },
	{ name: 'Task Added', value: 'add_task' },
	{ name: 'Task Deleted', value: 'delete_task' },
	{ name: 'Task Responsible Changed', value: 'responsible_task' },
	{ name: 'Task Updated', value: 'update_task' },
];

export const otherEventsField: INodeProperties = {
	displayName: 'Other Event Codes',
	name: 'otherEvents',
	type: 'string',
	default: '',
	placeholder: 'e.g. add_outgoing_message',
	description:
		'Comma-separated event codes amoCRM takes beyond the list above (for list elements amoCRM documents none). amoCRM refuses the subscription if it does not know a code.',
};

/** The chosen events and the other codes, each once; a code that cannot be one is an error. */
export function eventCodes(events: string[], otherEvents: string): string[] {
	const other = otherEvents.split(/[\s,;]+/).filter(Boolean);
	const malformed = other.find((code) => !/^[a-z][a-z_]*$/.test(code));
	if (malformed !== undefined)
		throw new Error(
			`"${malformed}" is not an amoCRM event code: codes are lowercase words joined by "_", like add_lead`,
		);
	return [...new Set([...events, ...other])];
}
