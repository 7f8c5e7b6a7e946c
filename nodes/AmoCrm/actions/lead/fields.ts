import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildCustomFieldValues, type CustomFieldInput } from '../../helpers/customFields';
import { isClosingStage, LOST } from '../../helpers/stages';
import { existingLossReason } from '../lossReason/fields';
import {
	customFieldsField,
	optionalNumber,
	pipelineField,
	responsibleUserField,
	statusField,
	tagRefs,
	tagsField,
} from '../common.descriptions';

/** Fields of a lead as a user sets them (create, complex create, update). */
export const leadFieldOptions: INodeProperties[] = [
	customFieldsField('leads'),
	pipelineField,
	{
		displayName: 'Price',
		name: 'price',
		type: 'number',
		default: 0,
		description: 'Budget of the lead',
	},
	responsibleUserField,
	statusField,
	tagsField,
];

export interface LeadFields {
	name?: string;
	price?: number | string;
	pipelineId?: string | number;
	statusId?: string | number;
	responsibleUserId?: string | number;
	lossReasonId?: string | number;
	tags?: string;
	contactIds?: string;
	companyId?: string | number;
	customFields?: { field?: CustomFieldInput[] };
}

/** The amoCRM lead body for create, complex create and update. */
export async function leadBody(
	ctx: IExecuteFunctions,
	fields: LeadFields,
	itemIndex: number,
	isUpdate: boolean,
): Promise<IDataObject> {
	const fail = (message: string, description?: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	const body: IDataObject = {};
	if (fields.name !== undefined && fields.name !== '') body.name = fields.name;
	if (fields.price !== undefined && fields.price !== '') {
		const price = Number(fields.price);
		if (!Number.isFinite(price) || price < 0)
			throw fail(
				`"${fields.price}" is not a usable price`,
				'The budget is a whole, non-negative number.',
			);
		body.price = Math.round(price);
	}
	const pipeline = optionalNumber(fields.pipelineId);
	const status = optionalNumber(fields.statusId);
	if (pipeline !== undefined) body.pipeline_id = pipeline;
	if (status !== undefined) {
		// The won/lost stages exist in every pipeline, so amoCRM needs to be told which one.
		if (isClosingStage(status) && pipeline === undefined && !isUpdate) {
			throw fail(
				'Closing stages (142 won, 143 lost) need a pipeline',
				'Choose the pipeline as well as the stage.',
			);
		}
		body.status_id = status;
	}
	const responsible = optionalNumber(fields.responsibleUserId);
	if (responsible !== undefined) body.responsible_user_id = responsible;
	if (fields.lossReasonId !== undefined && fields.lossReasonId !== '') {
		const reason = Number(fields.lossReasonId);
		if (!Number.isInteger(reason) || reason <= 0)
			throw fail(`"${fields.lossReasonId}" is not a loss reason ID`);
		// What amoCRM does with a loss reason on a lead that is not lost is not documented.
		if (status !== LOST) {
			throw fail(
				status === undefined
					? 'A loss reason needs the lost stage (143)'
					: `A loss reason goes only with the lost stage (143), not with stage ${status}`,
				'Set Stage to the lost one (Закрыто и не реализовано) as well, or leave Loss Reason empty.',
			);
		}
		await existingLossReason(ctx, reason, itemIndex);
		body.loss_reason_id = reason;
	}

	const custom = await buildCustomFieldValues(
		ctx,
		'leads',
		fields.customFields?.field ?? [],
		itemIndex,
	);
	if (custom.length) body.custom_fields_values = custom;

	const embedded: IDataObject = {};
	const tags = tagRefs(fields.tags);
	if (tags.length) {
		if (isUpdate) body.tags_to_add = tags;
		else embedded.tags = tags;
	}
	const contactIds = String(fields.contactIds ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (contactIds.length) {
		embedded.contacts = contactIds.map((text, index) => {
			const id = optionalNumber(text);
			if (id === undefined || !Number.isInteger(id)) throw fail(`"${text}" is not a contact ID`);
			return { id, is_main: index === 0 };
		});
	}
	const company = optionalNumber(fields.companyId);
	if (company !== undefined) embedded.companies = [{ id: company }];
	if (Object.keys(embedded).length) body._embedded = embedded;
	return body;
}
