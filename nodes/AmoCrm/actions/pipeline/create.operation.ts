import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { simplifyPipeline } from '../../helpers/simplify';
import { amoCrmBatchWrite } from '../../transport/batch';
import { optionsCollection } from '../common.descriptions';
import { stageBodies, stagesField, stagesParameter } from './pipelines';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Импорт из Bitrix24',
	},
	stagesField,
	optionsCollection([
		{
			displayName: 'Incoming Leads Stage',
			name: 'unsortedOn',
			type: 'boolean',
			default: false,
			description: 'Whether the pipeline gets an Incoming leads (Неразобранное) stage first',
		},
		{
			displayName: 'Main Pipeline',
			name: 'isMain',
			type: 'boolean',
			default: false,
			description: 'Whether this becomes the main pipeline of the account',
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'number',
			default: 100,
			description: 'Position among the pipelines',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pipeline'], operation: ['create'] } },
	properties,
);

/** Pipelines with their stages, 50 per request (an account has at most 50 pipelines). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: (i) => {
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			return {
				name: String(this.getNodeParameter('name', i, '')).trim(),
				sort: Number(options.sort ?? 100),
				is_main: options.isMain === true,
				is_unsorted_on: options.unsortedOn === true,
				_embedded: { statuses: stageBodies(stagesParameter(this, i)) },
			};
		},
		// amoCRM's pipeline documentation shows no request_id: answers are matched by position.
		write: async (entries) =>
			await amoCrmBatchWrite.call(this, {
				method: 'POST',
				endpoint: '/api/v4/leads/pipelines',
				embeddedKey: 'pipelines',
				entries,
				batchSize: 50,
				omitRequestId: true,
			}),
		present: (result) => simplifyPipeline(result),
	});
}
