import type { IDataObject, IExecuteFunctions, INodeProperties, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { LOST, WON } from '../../helpers/stages';
import { amoCrmApiRequest } from '../../transport';
import { idParameter, pipelineField } from '../common.descriptions';

/** Pipeline picker shared by the pipeline and stage operations. */
export const pipelineIdField: INodeProperties = { ...pipelineField, required: true };

/** Stage picker of the pipeline chosen above. */
export const stageIdField: INodeProperties = {
	displayName: 'Stage Name or ID',
	name: 'statusId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getStatuses', loadOptionsDependsOn: ['pipelineId'] },
	default: '',
	required: true,
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

/** One pipeline with its stages; amoCRM answers an unknown ID with 204, which becomes a clear error. */
export async function readPipeline(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const id = idParameter(ctx, 'pipelineId', itemIndex, 'a pipeline ID');
	const pipeline = await amoCrmApiRequest.call(ctx, 'GET', `/api/v4/leads/pipelines/${id}`);
	if (!pipeline)
		throw new NodeOperationError(ctx.getNode(), `amoCRM has no pipeline with ID ${id}`, {
			itemIndex,
		});
	return pipeline;
}

/** The only stage colours amoCRM accepts (its pipeline settings offer these and nothing else). */
export const STAGE_COLORS = [
	'#fffeb2',
	'#fffd7f',
	'#fff000',
	'#ffeab2',
	'#ffdc7f',
	'#ffce5a',
	'#ffdbdb',
	'#ffc8c8',
	'#ff8f92',
	'#d6eaff',
	'#c1e0ff',
	'#98cbff',
	'#ebffb1',
	'#deff81',
	'#87f2c0',
	'#f9deff',
	'#f3beff',
	'#ccc8f9',
	'#eb93ff',
	'#f2f3f4',
	'#e6e8ea',
];

const rgb = (hex: string) => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));

/** The allowed colour closest to `color` (`#3B82F6`, `3b82f6` or `#38f`); undefined when it is not a colour. */
export function nearestStageColor(color: unknown): string | undefined {
	let hex = String(color ?? '')
		.trim()
		.toLowerCase()
		.replace(/^#?/, '#');
	if (/^#[0-9a-f]{3}$/.test(hex)) hex = `#${[...hex.slice(1)].map((c) => c + c).join('')}`;
	if (!/^#[0-9a-f]{6}$/.test(hex)) return undefined;
	const [r, g, b] = rgb(hex);
	const distance = (candidate: string) => {
		const [cr, cg, cb] = rgb(candidate);
		return (r - cr) ** 2 + (g - cg) ** 2 + (b - cb) ** 2;
	};
	return STAGE_COLORS.reduce((best, candidate) =>
		distance(candidate) < distance(best) ? candidate : best,
	);
}

export interface StageInput {
	name: string;
	color?: string;
}

/** Stages parameter shared by Create and Add Stages. */
export const stagesField: INodeProperties = {
	displayName: 'Stages',
	name: 'stages',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. Первичный контакт, Переговоры, Договор',
	description:
		'Stage names in order, comma-separated; or, from an expression, a list of names or of objects with name and color. Any colour is matched to the closest one amoCRM allows. Won and lost stages exist in every pipeline and are not listed.',
};

/** Reads the Stages parameter: names in order, each once, with an allowed colour when one was given. */
export function stagesParameter(ctx: IExecuteFunctions, itemIndex: number): StageInput[] {
	const raw = ctx.getNodeParameter('stages', itemIndex, '') as unknown;
	let list: unknown[];
	if (Array.isArray(raw)) list = raw;
	else if (typeof raw === 'string' && raw.trim().startsWith('[')) {
		try {
			list = JSON.parse(raw) as unknown[];
		} catch {
			throw new NodeOperationError(ctx.getNode(), 'Stages is not a readable list', {
				itemIndex,
				description:
					'Give comma-separated names, or a JSON list of names or of {"name", "color"} objects.',
			});
		}
	} else list = String(raw ?? '').split(',');
	const stages = list
		.map(
			(entry): IDataObject =>
				typeof entry === 'object' && entry !== null
					? (entry as IDataObject)
					: { name: entry as string },
		)
		.map((entry) => ({
			name: String(entry.name ?? entry.NAME ?? '').trim(),
			color: nearestStageColor(entry.color ?? entry.COLOR),
		}))
		.filter(
			(stage, index, all) =>
				stage.name !== '' &&
				all.findIndex((s) => s.name.toLowerCase() === stage.name.toLowerCase()) === index,
		);
	if (!stages.length)
		throw new NodeOperationError(ctx.getNode(), 'No stage names were given', { itemIndex });
	return stages;
}

/** The stage objects amoCRM takes, sorted after `after`. */
export const stageBodies = (stages: StageInput[], after = 0) =>
	stages.map((stage, index) => ({
		name: stage.name,
		sort: after + (index + 1) * 10,
		...(stage.color ? { color: stage.color } : {}),
	}));

/** Names a system stage, which amoCRM keeps in its pipeline and does not edit or delete; undefined for other stages. */
export function systemStageName(stage: IDataObject): string | undefined {
	if (Number(stage.id) === WON) return `the Won (${WON}) stage`;
	if (Number(stage.id) === LOST) return `the Lost (${LOST}) stage`;
	if (Number(stage.type) === 1) return 'the Incoming leads stage';
	return stage.is_editable === false ? 'a system stage' : undefined;
}

/** The stage with this ID among the pipeline's stages, or a clear error. */
export function stageOf(
	ctx: IExecuteFunctions,
	pipeline: IDataObject,
	statusId: number,
	itemIndex: number,
): IDataObject {
	const stage = (
		((pipeline._embedded as IDataObject | undefined)?.statuses ?? []) as IDataObject[]
	).find((s) => Number(s.id) === statusId);
	if (!stage)
		throw new NodeOperationError(
			ctx.getNode(),
			`Pipeline ${String(pipeline.id)} has no stage with ID ${statusId}`,
			{ itemIndex },
		);
	return stage;
}

/**
 * amoCRM's refusal of a change (HTTP 400) told as what was refused, why and what to do, with amoCRM's
 * own words; any other failure is returned unchanged.
 */
export function refusal(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	message: string,
	advice: string,
): unknown {
	const failure = error as NodeApiError;
	if (failure?.httpCode !== '400') return error;
	const answer = String(failure.message ?? '').replace(/^amoCRM rejected the (request|data): /, '');
	return new NodeOperationError(ctx.getNode(), message, {
		itemIndex,
		description: `${advice} amoCRM answered: ${answer}`,
	});
}

/** A Sort value amoCRM takes: a whole number. */
export function sortValue(ctx: IExecuteFunctions, value: unknown, itemIndex: number): number {
	const sort = Number(value);
	if (value === '' || value === null || !Number.isInteger(sort))
		throw new NodeOperationError(
			ctx.getNode(),
			`Sort must be a whole number, not "${String(value)}"`,
			{ itemIndex },
		);
	return sort;
}

/** A Name value amoCRM takes: not empty once trimmed. */
export function nameValue(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	what: string,
): string {
	const name = String(value ?? '').trim();
	if (!name)
		throw new NodeOperationError(ctx.getNode(), `The ${what} name is empty`, {
			itemIndex,
			description: `amoCRM does not take a ${what} without a name.`,
		});
	return name;
}
