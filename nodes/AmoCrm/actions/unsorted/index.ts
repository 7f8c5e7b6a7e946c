import type { INodeProperties } from 'n8n-workflow';

import * as accept from './accept.operation';
import * as createFromCall from './createFromCall.operation';
import * as createFromForm from './createFromForm.operation';
import * as decline from './decline.operation';
import * as getAll from './getAll.operation';
import * as link from './link.operation';

export { accept, createFromCall, createFromForm, decline, getAll, link };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['unsorted'] } },
		options: [
			{
				name: 'Accept',
				value: 'accept',
				description: 'Accept an incoming lead: its lead, contact and company become real records',
				action: 'Accept an incoming lead',
			},
			{
				name: 'Create From Call',
				value: 'createFromCall',
				description: 'Add an incoming lead from a phone call',
				action: 'Create an incoming lead from a call',
			},
			{
				name: 'Create From Form',
				value: 'createFromForm',
				description: 'Add an incoming lead from a website form',
				action: 'Create an incoming lead from a form',
			},
			{
				name: 'Decline',
				value: 'decline',
				description: 'Decline an incoming lead',
				action: 'Decline an incoming lead',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get incoming leads waiting to be accepted',
				action: 'Get many incoming leads',
			},
			{
				name: 'Link to Lead',
				value: 'link',
				description: 'Attach an incoming chat to an existing lead',
				action: 'Link an incoming chat to a lead',
			},
		],
		default: 'createFromForm',
	},
	...accept.description,
	...createFromCall.description,
	...createFromForm.description,
	...decline.description,
	...getAll.description,
	...link.description,
];
