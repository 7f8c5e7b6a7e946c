import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionalNumber, optionsCollection } from '../common.descriptions';
import { writeLinks } from '../link/write';
import { productFields, productLink, productOf, quantityParameter } from './products';

const properties: INodeProperties[] = [
	...productFields,
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 3 },
		default: 1,
		description:
			'How many; fractions such as 1.5 are allowed. A product already on the lead gets this quantity.',
	},
	optionsCollection([
		{
			displayName: 'Price Column Name or ID',
			name: 'priceId',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: 'getCatalogPriceFields',
				loadOptionsDependsOn: ['catalogId'],
			},
			default: '',
			description:
				'Which price of the catalog applies (its Price field or one of its price columns). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['addProducts'] } },
	properties,
);

/** Links catalog elements to leads with quantity and price: one `POST /api/v4/leads/link` per batch. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await writeLinks.call(
		this,
		items,
		'link',
		async (i) => {
			const quantity = quantityParameter(this, i);
			const priceId = optionalNumber(
				(this.getNodeParameter('options', i, {}) as IDataObject).priceId,
			);
			return await productLink(this, i, {
				quantity,
				...(priceId !== undefined ? { price_id: priceId } : {}),
			});
		},
		(sent) => {
			const metadata = sent.metadata as IDataObject;
			return {
				...productOf(sent),
				quantity: metadata.quantity,
				price_id: metadata.price_id ?? null,
				added: true,
			};
		},
	);
}
