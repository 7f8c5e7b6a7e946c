import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** Optional call details shared by call notes and the Call resource. */
export const callDetailOptions: INodeProperties[] = [
	{
		displayName: 'Recording URL',
		name: 'link',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://pbx.example.com/rec/123.mp3',
	},
	{
		displayName: 'Result',
		name: 'callResult',
		type: 'string',
		default: '',
		description: 'Free text, e.g. what was agreed',
	},
	{
		displayName: 'Status',
		name: 'callStatus',
		type: 'options',
		options: [
			{ name: 'Busy', value: 7 },
			{ name: 'Call Back Later', value: 2 },
			{ name: 'Conversation Held', value: 4 },
			{ name: 'Left a Message', value: 1 },
			{ name: 'Not Available', value: 3 },
			{ name: 'Not Reached', value: 6 },
			{ name: 'Wrong Number', value: 5 },
		],
		default: 4,
	},
];

/** amoCRM's `link`, `call_result`, `call_status` from the details a user set. */
export function callDetailParams(details: IDataObject): IDataObject {
	const params: IDataObject = {};
	if (details.link) params.link = details.link;
	if (details.callResult) params.call_result = details.callResult;
	if (details.callStatus !== undefined && details.callStatus !== '')
		params.call_status = Number(details.callStatus);
	return params;
}
