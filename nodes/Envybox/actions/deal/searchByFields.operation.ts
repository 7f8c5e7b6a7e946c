import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, jsonParse, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { simplifyRecord } from '../../helpers/simplify';
import {
	dropdown,
	filtersCollection,
	idsField,
	limitField,
	optionsCollection,
	readPaged,
	resultPage,
	returnAllField,
	simplifyField,
} from '../common';

const valueRows = (displayName: string, name: string, method: string): INodeProperties => ({
	displayName,
	name,
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	options: [
		{
			name: 'field',
			displayName: 'Field',
			values: [
				dropdown('Field Name or ID', 'inputId', method),
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description: 'Equal to this value, or "from" with a To value',
				},
				{
					displayName: 'To',
					name: 'valueTo',
					type: 'string',
					default: '',
					description: 'Makes the row a range: from Value to this',
				},
			],
		},
	],
});

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	filtersCollection([
		valueRows('Client Field Values', 'clientFields', 'getClientCustomFields'),
		{ displayName: 'Client Name', name: 'clientName', type: 'string', default: '' },
		{
			displayName: 'Created',
			name: 'created',
			type: 'fixedCollection',
			default: {},
			options: [
				{
					name: 'period',
					displayName: 'Period',
					values: [
						{ displayName: 'From', name: 'start', type: 'dateTime', default: '' },
						{ displayName: 'To', name: 'end', type: 'dateTime', default: '' },
					],
				},
			],
		},
		valueRows('Deal Field Values', 'dealFields', 'getDealCustomFields'),
		{ displayName: 'Deal Name', name: 'dealName', type: 'string', default: '' },
		idsField('Employee Names or IDs', 'employeeIds', 'getEmployees'),
		{
			displayName: 'First Deal of the Client Only',
			name: 'firstDealClient',
			type: 'boolean',
			default: false,
		},
		idsField('Inbox Type Names or IDs', 'inboxTypeIds', 'getInboxTypes'),
		{ displayName: 'Keyword', name: 'keyword', type: 'string', default: '' },
		idsField('Pipeline Names or IDs', 'pipelineIds', 'getDealPipelines'),
		idsField('Stage Names or IDs', 'stageIds', 'getDealStages'),
		{
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			description: 'Comma-separated',
		},
		{
			displayName: 'Without Responsible',
			name: 'withoutResponsible',
			type: 'boolean',
			default: false,
			description: 'Whether to find only deals nobody is responsible for',
		},
	]),
	optionsCollection([
		{
			displayName: 'Extra Filter (JSON)',
			name: 'rawFilter',
			type: 'json',
			default: '{}',
			description:
				'Any other keys of Envybox’s "filter" object (customDateType, dateFilters, …); merged over the filters above',
		},
		{
			displayName: 'Path',
			name: 'path',
			type: 'string',
			default: 'deal/updateDealStage',
			description:
				'The document prints this search under deal/updateDealStage, the stage-change path; change it if your CRM serves the search elsewhere',
		},
	]),
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deal'], operation: ['searchByFields'] } },
	properties,
);

function fieldInputs(rows: IDataObject[] | undefined): IDataObject {
	const custom: IDataObject = {};
	const comparison: IDataObject = {};
	for (const row of rows ?? []) {
		const id = String(row.inputId);
		custom[id] = row.value;
		comparison[id] =
			row.valueTo !== undefined && row.valueTo !== ''
				? { type: 'range', value_to: Number(row.valueTo) }
				: { type: 'equally' };
	}
	return { service: {}, custom, comparison };
}

/** Deals whose fields match: Envybox's filter object built from the chosen filters. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const f = this.getNodeParameter('filters', i, {}) as IDataObject;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const filter: IDataObject = {};
		const list = (key: string) => ((f[key] ?? []) as unknown[]).map(Number);
		if (list('pipelineIds').length) filter.pipelines = list('pipelineIds');
		if (list('stageIds').length) filter.dealStages = list('stageIds');
		if (list('inboxTypeIds').length) filter.inboxTypes = list('inboxTypeIds');
		const tags = String(f.tags ?? '')
			.split(',')
			.map((t) => t.trim())
			.filter(Boolean);
		if (tags.length) filter.tags = tags;
		// "-1" stands for "without a responsible" in employees.users.
		const users = [...list('employeeIds'), ...(f.withoutResponsible ? [-1] : [])];
		if (users.length) filter.employees = { users, departments: [] };
		const deal = fieldInputs(
			((f.dealFields as IDataObject | undefined)?.field ?? []) as IDataObject[],
		);
		if (f.dealName) (deal.service as IDataObject)['2001'] = f.dealName;
		const client = fieldInputs(
			((f.clientFields as IDataObject | undefined)?.field ?? []) as IDataObject[],
		);
		if (f.clientName) (client.service as IDataObject)['1001'] = f.clientName;
		filter.inputs = { '2': client, '3': deal };
		const period = (f.created as IDataObject | undefined)?.period as IDataObject | undefined;
		if (period?.start || period?.end) {
			const day = (v: unknown) => String(v).slice(0, 10);
			filter.dateFilters = [
				period.start && period.end
					? {
							dateType: 'period',
							dateSelectType: 'created',
							dates: { start: day(period.start), end: day(period.end) },
						}
					: period.start
						? {
								dateType: 'later_than',
								dateSelectType: 'created',
								dates: { start: day(period.start) },
							}
						: {
								dateType: 'earlier_than',
								dateSelectType: 'created',
								dates: { start: day(period.end) },
							},
			];
		}
		if (f.firstDealClient) filter.firstDealClient = 1;
		const raw = options.rawFilter;
		if (raw !== undefined && raw !== '' && raw !== '{}') {
			const extra =
				typeof raw === 'string'
					? jsonParse<IDataObject>(raw, { errorMessage: 'Extra Filter is not valid JSON' })
					: (raw as IDataObject);
			if (!extra || typeof extra !== 'object' || Array.isArray(extra))
				throw new NodeOperationError(this.getNode(), 'Extra Filter must be a JSON object', {
					itemIndex: i,
				});
			Object.assign(filter, extra);
		}
		const request: IDataObject = { filter };
		if (f.keyword) request.keyword = f.keyword;
		const path = String(options.path ?? 'deal/updateDealStage')
			.replace(/^\/+|\/+$/g, '')
			.replace(/^openapi\/v1\//, '');
		const deals = await readPaged(this, i, path, request, resultPage);
		return this.getNodeParameter('simplify', i, true) ? deals.map(simplifyRecord) : deals;
	});
}
