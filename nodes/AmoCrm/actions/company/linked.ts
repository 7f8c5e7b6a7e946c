import type { INodeProperties } from 'n8n-workflow';

/** Options that add the IDs of a company's linked contacts and leads to what is read. */
export const COMPANY_EMBEDS = [
	{ option: 'withContacts', value: 'contacts' },
	{ option: 'withLeads', value: 'leads' },
];

export const linkedRecordOptions: INodeProperties[] = [
	{
		displayName: 'Include Contacts',
		name: 'withContacts',
		type: 'boolean',
		default: false,
		description: 'Whether to include the IDs of the linked contacts',
	},
	{
		displayName: 'Include Leads',
		name: 'withLeads',
		type: 'boolean',
		default: false,
		description: 'Whether to include the IDs of the linked leads',
	},
];
