import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchItems } from '../../helpers/items';
import { amoCrmBatchWrite } from '../../transport/batch';
import { collection } from '../common.descriptions';
import { presentSource, sourceBody, sourceFieldOptions, type SourceFields } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Лендинг',
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. landing-spring',
		description:
			"The integration's own code for the source: unique among its sources, up to 36 printable ASCII characters (spaces allowed). It cannot be changed later.",
	},
	collection('Additional Fields', 'additionalFields', sourceFieldOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['source'], operation: ['create'] } },
	properties,
);

/** Printable ASCII and space, 1 to 36 characters. */
const EXTERNAL_ID = /^[\x20-\x7e]{1,36}$/;

/** Sources of the integration, 50 per request (amoCRM takes no more). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await batchItems.call(this, items, {
		prepare: (i) => {
			const externalId = String(this.getNodeParameter('externalId', i, '')).trim();
			if (!EXTERNAL_ID.test(externalId)) {
				throw new NodeOperationError(
					this.getNode(),
					externalId
						? `"${externalId}" is not a source external ID`
						: 'A source needs an external ID',
					{
						itemIndex: i,
						description:
							'Use 1 to 36 printable ASCII characters: Latin letters, digits, punctuation and spaces.',
					},
				);
			}
			const fields = this.getNodeParameter('additionalFields', i, {}) as SourceFields;
			return {
				...sourceBody(this, { ...fields, name: this.getNodeParameter('name', i, '') as string }, i),
				external_id: externalId,
			};
		},
		write: async (entries) =>
			await amoCrmBatchWrite.call(this, {
				method: 'POST',
				endpoint: '/api/v4/sources',
				embeddedKey: 'sources',
				entries,
				batchSize: 50,
			}),
		present: (result) => presentSource(result),
	});
}
