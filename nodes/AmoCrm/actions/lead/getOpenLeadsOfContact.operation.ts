import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { errorItem, toItems, withItemIndex } from '../../../shared/items';
import { simplifyLead, withoutLinks } from '../../helpers/simplify';
import { amoCrmGetByIds } from '../../transport';
import {
	contactLocator,
	optionalNumber,
	optionsCollection,
	pipelineField,
	recordIdParameter,
	simplifyField,
} from '../common.descriptions';
import { isOpenStatus } from '../../helpers/stages';

const properties: INodeProperties[] = [
	contactLocator(),
	simplifyField,
	optionsCollection([
		{
			displayName: 'Lead IDs of the Contact',
			name: 'leadIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 14512307, 14512308',
			description:
				'When the workflow already has them (Find by Phone or Email includes them): a list or comma-separated IDs. The contact is then not read again, which saves a request per 250 contacts.',
		},
		{
			displayName: 'One Item per Contact',
			name: 'perContact',
			type: 'boolean',
			default: false,
			description:
				'Whether to output one item per input contact, with its open leads in open_leads and the most recently updated one in lead (null when it has none), instead of one item per open lead',
		},
		{
			...pipelineField,
			description:
				'Only open leads of this pipeline. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['getOpenLeadsOfContact'] } },
	properties,
);

interface Question {
	contactId: number;
	knownLeadIds?: number[];
	pipeline?: number;
	perContact: boolean;
	simplify: boolean;
}

/** `undefined` when the option is empty; an empty list is an answer too (a contact with no leads). */
function knownLeadIds(
	ctx: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
): number[] | undefined {
	if (raw === '' || raw === undefined || raw === null) return undefined;
	const parts = Array.isArray(raw)
		? raw
		: String(raw)
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean);
	return parts.map((part) => {
		const id = Number(typeof part === 'object' && part !== null ? (part as IDataObject).id : part);
		if (!Number.isInteger(id) || id <= 0) {
			throw new NodeOperationError(
				ctx.getNode(),
				`"${String(part)}" in Lead IDs of the Contact is not a lead ID`,
				{ itemIndex },
			);
		}
		return id;
	});
}

/**
 * Open = not won (142) and not lost (143), most recently updated first. All items are answered
 * together: contacts (when their lead IDs are not given) in one request per 250, then every lead
 * in one request per 250.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const questions = new Map<number, Question>();
	const failures = new Map<number, Error>();
	for (let i = 0; i < items.length; i++) {
		try {
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			questions.set(i, {
				contactId: recordIdParameter(this, 'contactId', i),
				knownLeadIds: knownLeadIds(this, options.leadIds, i),
				pipeline: optionalNumber(options.pipelineId),
				perContact: options.perContact === true,
				simplify: this.getNodeParameter('simplify', i, true) as boolean,
			});
		} catch (error) {
			if (!this.continueOnFail()) throw withItemIndex(this, error, i);
			failures.set(i, withItemIndex(this, error, i));
		}
	}

	const toRead = [...questions.values()].filter((q) => !q.knownLeadIds).map((q) => q.contactId);
	const leadIdsOf = new Map<number, number[]>();
	const leads = new Map<number, IDataObject>();
	let readError: Error | undefined;
	try {
		for (const contact of await amoCrmGetByIds.call(this, '/api/v4/contacts', 'contacts', toRead, {
			with: 'leads',
		})) {
			const contactLeads = ((contact._embedded as IDataObject | undefined)?.leads ??
				[]) as IDataObject[];
			leadIdsOf.set(
				Number(contact.id),
				contactLeads.map((l) => Number(l.id)),
			);
		}
		const wanted = [...questions.values()].flatMap(
			(q) => q.knownLeadIds ?? leadIdsOf.get(q.contactId) ?? [],
		);
		for (const lead of await amoCrmGetByIds.call(this, '/api/v4/leads', 'leads', wanted))
			leads.set(Number(lead.id), lead);
	} catch (error) {
		readError = error as Error;
	}
	if (readError) {
		// The reads answer every item at once, so a failed read is every item's error. Thrown with
		// Continue On Fail, n8n would hand the input items on unchanged: "no open lead" to whoever reads them.
		if (!this.continueOnFail()) throw readError;
		return items.map((_, i) => errorItem(this, failures.get(i) ?? (readError as Error), i));
	}

	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const question = questions.get(i);
		const leadIds = question && (question.knownLeadIds ?? leadIdsOf.get(question.contactId));
		const error =
			failures.get(i) ??
			(question && !leadIds
				? new NodeOperationError(this.getNode(), `Contact ${question.contactId} was not found`, {
						itemIndex: i,
						description: 'It may have been deleted, or the ID belongs to another account.',
					})
				: undefined);
		if (error || !question || !leadIds) {
			if (!this.continueOnFail()) throw error;
			output.push(errorItem(this, error as Error, i));
			continue;
		}
		const open = leadIds
			.map((id) => leads.get(id))
			.filter((lead): lead is IDataObject => lead !== undefined && isOpenStatus(lead.status_id))
			.filter((lead) => question.pipeline === undefined || lead.pipeline_id === question.pipeline)
			.sort((a, b) => Number(b.updated_at) - Number(a.updated_at) || Number(b.id) - Number(a.id))
			.map((lead) => ({
				...(question.simplify ? simplifyLead(lead) : withoutLinks(lead)),
				contact_id: question.contactId,
			}));
		const answer = question.perContact
			? { contact_id: question.contactId, lead: open[0] ?? null, open_leads: open }
			: open;
		output.push(...toItems(answer, i));
	}
	return output;
}
