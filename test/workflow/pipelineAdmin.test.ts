// The write side of pipelines and stages: Update, Delete, Update Stage, Delete Stage. Each is checked on
// the requests it sends, what it outputs and what the sandbox holds afterwards; every refusal of amoCRM
// comes back as an error that says why and what to do.
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, credentialsFor, runAmoCrm, seed, state, useSandbox } from './amocrm';

const sandbox = useSandbox();
const S = AMOCRM_SANDBOX.statuses;
const MAIN = AMOCRM_SANDBOX.pipelineId;
/** A second pipeline, seeded by `addPipeline`: Incoming leads, two stages, Won, Lost. */
const SECOND = 7000002;
const INCOMING = 70000020;
const FIRST = 70000021;
const NEXT = 70000022;

async function addPipeline(id = SECOND, name = 'Повторные продажи') {
	const current = (await state(sandbox)).pipelines;
	const status = (statusId: number, statusName: string, sort: number, extra: object = {}) => ({
		id: statusId,
		name: statusName,
		sort,
		is_editable: true,
		pipeline_id: id,
		color: '#fffeb2',
		type: 0,
		account_id: AMOCRM_SANDBOX.accountId,
		...extra,
	});
	const statuses =
		id === SECOND
			? [
					status(INCOMING, 'Неразобранное', 0, { is_editable: false, type: 1, color: '#c1c1c1' }),
					status(FIRST, 'Новая заявка', 10),
					status(NEXT, 'Счёт выставлен', 20),
					status(S.won, 'Успешно реализовано', 10000, { is_editable: false, color: '#CCFF66' }),
					status(S.lost, 'Закрыто и не реализовано', 11000, {
						is_editable: false,
						color: '#D5D8DB',
					}),
				]
			: [
					status(id * 10 + 1, 'Этап', 10),
					status(S.won, 'Успешно реализовано', 10000, { is_editable: false }),
					status(S.lost, 'Закрыто и не реализовано', 11000, { is_editable: false }),
				];
	await seed(sandbox, {
		pipelines: [
			...current,
			{
				id,
				name,
				sort: 2,
				is_main: false,
				is_unsorted_on: id === SECOND,
				is_archive: false,
				account_id: AMOCRM_SANDBOX.accountId,
				statuses,
			},
		],
	});
}

async function api(method: string, path: string, body?: unknown) {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: {
			authorization: `Bearer ${AMOCRM_SANDBOX.longLivedToken}`,
			'content-type': 'application/json',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** An unsorted form lead waiting in the Incoming leads of `pipelineId`. */
const addUnsorted = async (pipelineId: number) =>
	expect(
		(
			await api('POST', '/api/v4/leads/unsorted/forms', [
				{
					source_uid: 'site',
					source_name: 'Сайт',
					pipeline_id: pipelineId,
					metadata: {
						form_id: 'f1',
						form_name: 'Заявка',
						form_page: 'https://example.test',
						form_sent_at: 1700000000,
					},
				},
			])
		).status,
	).toBe(200);

const pipelineIn = async (id: number) =>
	(await state(sandbox)).pipelines.find((p: any) => p.id === id);
const writes = async () => (await apiRequests(sandbox)).filter((r) => r.method !== 'GET');
const clearLog = () => fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE' });
const descriptionOf = (error: Error | undefined) =>
	(error as { description?: string } | undefined)?.description;

describe('pipeline: update', () => {
	it('renames and moves a pipeline, makes it main and turns its Incoming leads stage on', async () => {
		await addPipeline(7000003, 'Партнёры');
		const { out } = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'update',
			pipelineId: 7000003,
			updateFields: { name: '  Партнёрские продажи ', sort: 5, isMain: true, unsortedOn: true },
		});
		expect((await apiRequests(sandbox)).map((r) => [r.method, r.path, r.status])).toEqual([
			['GET', '/api/v4/leads/pipelines/7000003', 200],
			['PATCH', '/api/v4/leads/pipelines/7000003', 200],
		]);
		expect((await writes())[0].body).toEqual({
			name: 'Партнёрские продажи',
			sort: 5,
			is_main: true,
			is_unsorted_on: true,
		});
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({
			id: 7000003,
			name: 'Партнёрские продажи',
			sort: 5,
			is_main: true,
			is_unsorted_on: true,
		});
		expect((out[0].statuses as any[]).map((s) => [s.name, s.type])).toEqual([
			['Неразобранное', 1],
			['Этап', 0],
			['Успешно реализовано', 0],
			['Закрыто и не реализовано', 0],
		]);
		expect(JSON.stringify(out)).not.toMatch(/_links|request_id/);
		const pipelines = (await state(sandbox)).pipelines;
		expect(pipelines.map((p: any) => [p.id, p.name, p.is_main])).toEqual([
			[MAIN, 'Воронка', false],
			[7000003, 'Партнёрские продажи', true],
		]);
	});

	it('turns Incoming leads off, which removes that stage; refused while unsorted leads wait in it', async () => {
		await addPipeline();
		await addUnsorted(SECOND);
		const refused = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'update',
			pipelineId: SECOND,
			updateFields: { unsortedOn: false },
		});
		expect(refused.error()?.message).toBe(
			`amoCRM did not change pipeline ${SECOND} ("Повторные продажи")`,
		);
		expect(descriptionOf(refused.error())).toBe(
			'If unsorted leads still wait in its Incoming leads stage, accept or decline them first (Unsorted → Accept or Decline), then turn the stage off. amoCRM answered: is_unsorted_on: Incoming leads of the pipeline are not empty.',
		);
		expect((await pipelineIn(SECOND)).statuses.map((s: any) => s.id)).toContain(INCOMING);

		const uid = (await state(sandbox)).unsorted[0].uid;
		expect((await api('DELETE', `/api/v4/leads/unsorted/${uid}/decline`, {})).status).toBe(200);
		const { out } = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'update',
			pipelineId: SECOND,
			updateFields: { unsortedOn: false },
		});
		expect((await writes()).at(-1)).toMatchObject({
			method: 'PATCH',
			path: `/api/v4/leads/pipelines/${SECOND}`,
			body: { is_unsorted_on: false },
			status: 200,
		});
		expect(out[0]).toMatchObject({ id: SECOND, is_unsorted_on: false });
		expect((out[0].statuses as any[]).map((s) => s.id)).toEqual([FIRST, NEXT, S.won, S.lost]);
		expect((await pipelineIn(SECOND)).statuses.map((s: any) => s.id)).toEqual([
			FIRST,
			NEXT,
			S.won,
			S.lost,
		]);
	});

	it('refuses an empty change, an empty name and a fractional sort before writing', async () => {
		const nothing = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'update',
			pipelineId: MAIN,
			updateFields: {},
		});
		expect(nothing.error()?.message).toBe('Choose at least one field to update');
		const blank = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'update',
			pipelineId: MAIN,
			updateFields: { name: '   ' },
		});
		expect(blank.error()?.message).toBe('The pipeline name is empty');
		const fraction = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'update',
			pipelineId: MAIN,
			updateFields: { sort: 1.5 },
		});
		expect(fraction.error()?.message).toBe('Sort must be a whole number, not "1.5"');
		expect(await apiRequests(sandbox)).toEqual([]);
	});

	it('an unknown pipeline is a clear error, and nothing is written', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'update',
			pipelineId: 7999999,
			updateFields: { name: 'x' },
		});
		expect(result.error()?.message).toBe('amoCRM has no pipeline with ID 7999999');
		expect(await writes()).toEqual([]);
	});

	it('a token without admin rights is told that changing pipelines needs an administrator', async () => {
		const credentials = credentialsFor(sandbox);
		credentials.amoCrmApi = { ...credentials.amoCrmApi, accessToken: AMOCRM_SANDBOX.managerToken };
		const result = await runAmoCrm(
			sandbox,
			{ resource: 'pipeline', operation: 'update', pipelineId: MAIN, updateFields: { name: 'x' } },
			{ credentials },
		);
		expect(result.error()?.message).toBe(
			'amoCRM refused: this needs the token of an account administrator (HTTP 403)',
		);
		expect(descriptionOf(result.error())).toContain('change pipelines');
		expect((await pipelineIn(MAIN)).name).toBe('Воронка');
	});
});

describe('pipeline: delete', () => {
	it('deletes a pipeline without leads', async () => {
		await addPipeline();
		const { out } = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'delete',
			pipelineId: SECOND,
		});
		expect(out).toEqual([{ id: SECOND, name: 'Повторные продажи', deleted: true }]);
		expect((await apiRequests(sandbox)).map((r) => [r.method, r.path, r.status, r.body])).toEqual([
			['GET', '/api/v4/leads/pipelines', 200, undefined],
			['DELETE', `/api/v4/leads/pipelines/${SECOND}`, 204, undefined],
		]);
		expect((await state(sandbox)).pipelines.map((p: any) => p.id)).toEqual([MAIN]);
	});

	it("refuses the account's only pipeline", async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'delete',
			pipelineId: MAIN,
		});
		expect(result.error()?.message).toBe(
			`amoCRM did not delete pipeline ${MAIN} ("Воронка"): it is the account's only pipeline`,
		);
		expect(descriptionOf(result.error())).toBe(
			'An amoCRM account always keeps at least one pipeline. amoCRM answered: The last pipeline of the account cannot be deleted',
		);
		expect((await writes()).map((r) => r.status)).toEqual([400]);
		expect((await state(sandbox)).pipelines.map((p: any) => p.id)).toEqual([MAIN]);
	});

	it('refuses the main pipeline', async () => {
		await addPipeline();
		const result = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'delete',
			pipelineId: MAIN,
		});
		expect(result.error()?.message).toBe(
			`amoCRM did not delete pipeline ${MAIN} ("Воронка"): it is the main pipeline`,
		);
		expect(descriptionOf(result.error())).toBe(
			"amoCRM keeps its main pipeline, where new leads go by default, and deletes only a pipeline without leads. Make another pipeline main first (Pipeline → Update → Main Pipeline) and move this one's leads to another pipeline. amoCRM answered: The main pipeline cannot be deleted",
		);
		expect((await state(sandbox)).pipelines.map((p: any) => p.id)).toEqual([MAIN, SECOND]);
	});

	it('refuses a pipeline that still has leads, closed ones and unsorted ones waiting in Incoming leads too', async () => {
		await addPipeline();
		await seed(sandbox, {
			leads: [{ id: 30000001, name: 'Закрытая', pipeline_id: SECOND, status_id: S.won }],
		});
		const withLead = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'delete',
			pipelineId: SECOND,
		});
		expect(withLead.error()?.message).toBe(
			`amoCRM did not delete pipeline ${SECOND} ("Повторные продажи"): it still has leads`,
		);
		expect(descriptionOf(withLead.error())).toBe(
			'amoCRM deletes only a pipeline without leads. Move its leads, open and closed, to another pipeline first (Lead → Update with another pipeline), and accept or decline unsorted leads waiting in its Incoming leads. amoCRM answered: The pipeline has leads',
		);

		await runAmoCrm(sandbox, {
			resource: 'lead',
			operation: 'update',
			leadId: { __rl: true, mode: 'id', value: '30000001' },
			updateFields: { pipelineId: MAIN, statusId: S.won },
		});
		expect((await state(sandbox)).leads[0]).toMatchObject({ id: 30000001, pipeline_id: MAIN });
		await addUnsorted(SECOND);
		const withUnsorted = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'delete',
			pipelineId: SECOND,
		});
		expect(withUnsorted.error()?.message).toBe(
			`amoCRM did not delete pipeline ${SECOND} ("Повторные продажи"): it still has leads`,
		);
		expect((await state(sandbox)).pipelines.map((p: any) => p.id)).toEqual([MAIN, SECOND]);
	});

	it('an unknown pipeline is a clear error, and nothing is deleted', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'delete',
			pipelineId: 7999999,
		});
		expect(result.error()?.message).toBe('amoCRM has no pipeline with ID 7999999');
		expect(await writes()).toEqual([]);
	});

	it('deletes one pipeline per item; with Continue On Fail a refused one becomes an error item and the rest go on', async () => {
		await addPipeline();
		await addPipeline(7000003, 'Партнёры');
		const { out } = await runAmoCrm(
			sandbox,
			{ resource: 'pipeline', operation: 'delete', pipelineId: '={{ $json.id }}' },
			{ items: [{ id: SECOND }, { id: MAIN }, { id: 7000003 }], continueOnFail: true },
		);
		expect(out).toEqual([
			{ id: SECOND, name: 'Повторные продажи', deleted: true },
			expect.objectContaining({
				error: `amoCRM did not delete pipeline ${MAIN} ("Воронка"): it is the main pipeline`,
			}),
			{ id: 7000003, name: 'Партнёры', deleted: true },
		]);
		expect((await writes()).map((r) => [r.path, r.status])).toEqual([
			[`/api/v4/leads/pipelines/${SECOND}`, 204],
			[`/api/v4/leads/pipelines/${MAIN}`, 400],
			[`/api/v4/leads/pipelines/7000003`, 204],
		]);
		expect((await state(sandbox)).pipelines.map((p: any) => p.id)).toEqual([MAIN]);
	});
});

describe('pipeline: update stage', () => {
	it('renames, moves and recolours a stage; any hex colour becomes the closest one amoCRM allows', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'updateStage',
			pipelineId: MAIN,
			statusId: S.first,
			updateFields: { name: 'Квалификация', sort: 30, color: '#3B82F6' },
		});
		expect((await apiRequests(sandbox)).map((r) => [r.method, r.path, r.status])).toEqual([
			['GET', `/api/v4/leads/pipelines/${MAIN}`, 200],
			['PATCH', `/api/v4/leads/pipelines/${MAIN}/statuses/${S.first}`, 200],
		]);
		expect((await writes())[0].body).toEqual({ name: 'Квалификация', sort: 30, color: '#98cbff' });
		expect(out).toEqual([
			{
				id: S.first,
				name: 'Квалификация',
				sort: 30,
				is_editable: true,
				pipeline_id: MAIN,
				color: '#98cbff',
				type: 0,
				account_id: AMOCRM_SANDBOX.accountId,
			},
		]);
		expect((await pipelineIn(MAIN)).statuses.map((s: any) => [s.id, s.name, s.color])).toEqual([
			[S.second, 'Переговоры', '#ffff99'],
			[S.first, 'Квалификация', '#98cbff'],
			[S.won, 'Успешно реализовано', '#CCFF66'],
			[S.lost, 'Закрыто и не реализовано', '#D5D8DB'],
		]);
	});

	it('refuses the Won, Lost and Incoming leads stages, which amoCRM keeps as they are', async () => {
		await addPipeline();
		const won = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'updateStage',
			pipelineId: MAIN,
			statusId: S.won,
			updateFields: { name: 'Оплачено' },
		});
		expect(won.error()?.message).toBe(
			`amoCRM did not change stage ${S.won} ("Успешно реализовано"): it is the Won (142) stage, which amoCRM keeps as it is`,
		);
		expect(descriptionOf(won.error())).toBe(
			'amoCRM does not rename, move or recolour the Incoming leads, Won (142) and Lost (143) stages; Won and Lost can be named only when a pipeline is created. amoCRM answered: status_id: The status is not editable.',
		);
		const lost = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'updateStage',
			pipelineId: SECOND,
			statusId: S.lost,
			updateFields: { color: '#fffeb2' },
		});
		expect(lost.error()?.message).toBe(
			`amoCRM did not change stage ${S.lost} ("Закрыто и не реализовано"): it is the Lost (143) stage, which amoCRM keeps as it is`,
		);
		const incoming = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'updateStage',
			pipelineId: SECOND,
			statusId: INCOMING,
			updateFields: { sort: 50 },
		});
		expect(incoming.error()?.message).toBe(
			`amoCRM did not change stage ${INCOMING} ("Неразобранное"): it is the Incoming leads stage, which amoCRM keeps as it is`,
		);
		expect((await writes()).map((r) => r.status)).toEqual([400, 400, 400]);
		expect((await pipelineIn(MAIN)).statuses.find((s: any) => s.id === S.won).name).toBe(
			'Успешно реализовано',
		);
		expect((await pipelineIn(SECOND)).statuses.map((s: any) => [s.id, s.sort, s.color])).toEqual([
			[INCOMING, 0, '#c1c1c1'],
			[FIRST, 10, '#fffeb2'],
			[NEXT, 20, '#fffeb2'],
			[S.won, 10000, '#CCFF66'],
			[S.lost, 11000, '#D5D8DB'],
		]);
	});

	it('refuses an empty name, what is not a colour and an empty change before writing', async () => {
		const blank = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'updateStage',
			pipelineId: MAIN,
			statusId: S.first,
			updateFields: { name: '' },
		});
		expect(blank.error()?.message).toBe('The stage name is empty');
		expect(descriptionOf(blank.error())).toBe('amoCRM does not take a stage without a name.');
		const blue = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'updateStage',
			pipelineId: MAIN,
			statusId: S.first,
			updateFields: { color: 'blue' },
		});
		expect(blue.error()?.message).toBe('"blue" is not a colour');
		expect(descriptionOf(blue.error())).toContain('amoCRM takes only #fffeb2, #fffd7f');
		const nothing = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'updateStage',
			pipelineId: MAIN,
			statusId: S.first,
			updateFields: {},
		});
		expect(nothing.error()?.message).toBe('Choose at least one field to update');
		expect(await apiRequests(sandbox)).toEqual([]);
	});

	it('an unknown pipeline or stage is a clear error, and nothing is written', async () => {
		const stage = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'updateStage',
			pipelineId: MAIN,
			statusId: FIRST,
			updateFields: { name: 'x' },
		});
		expect(stage.error()?.message).toBe(`Pipeline ${MAIN} has no stage with ID ${FIRST}`);
		const pipeline = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'updateStage',
			pipelineId: 7999999,
			statusId: S.first,
			updateFields: { name: 'x' },
		});
		expect(pipeline.error()?.message).toBe('amoCRM has no pipeline with ID 7999999');
		expect(await writes()).toEqual([]);
	});
});

describe('pipeline: delete stage', () => {
	it("deletes a stage; its leads move to the pipeline's first stage", async () => {
		await seed(sandbox, {
			leads: [
				{ id: 30000001, name: 'В переговорах', status_id: S.second },
				{ id: 30000002, name: 'Новая', status_id: S.first },
				{ id: 30000003, name: 'Выиграна', status_id: S.won },
			],
		});
		const { out } = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'deleteStage',
			pipelineId: MAIN,
			statusId: S.second,
		});
		expect(out).toEqual([{ id: S.second, name: 'Переговоры', pipeline_id: MAIN, deleted: true }]);
		expect((await apiRequests(sandbox)).map((r) => [r.method, r.path, r.status, r.body])).toEqual([
			['GET', `/api/v4/leads/pipelines/${MAIN}`, 200, undefined],
			['DELETE', `/api/v4/leads/pipelines/${MAIN}/statuses/${S.second}`, 204, undefined],
		]);
		const after = await state(sandbox);
		expect(after.pipelines[0].statuses.map((s: any) => s.id)).toEqual([S.first, S.won, S.lost]);
		expect(after.leads.map((l: any) => [l.id, l.status_id])).toEqual([
			[30000001, S.first],
			[30000002, S.first],
			[30000003, S.won],
		]);
	});

	it("deleting the first stage moves its leads to the next one; one pipeline's stages go one per item", async () => {
		await addPipeline();
		await seed(sandbox, {
			leads: [{ id: 30000001, name: 'Заявка', pipeline_id: SECOND, status_id: FIRST }],
		});
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'pipeline',
				operation: 'deleteStage',
				pipelineId: SECOND,
				statusId: '={{ $json.stage }}',
			},
			{ items: [{ stage: FIRST }, { stage: NEXT }], continueOnFail: true },
		);
		expect(out[0]).toEqual({ id: FIRST, name: 'Новая заявка', pipeline_id: SECOND, deleted: true });
		expect(out[1]).toMatchObject({
			error: `amoCRM did not delete stage ${NEXT} ("Счёт выставлен"): it is the only stage of pipeline ${SECOND} besides the system ones`,
		});
		expect(out[1].description).toBe(
			'A pipeline keeps at least one stage besides Incoming leads, Won and Lost: the leads of a deleted stage move to the first of them. Add another stage first (Pipeline → Add Stages), then delete this one. amoCRM answered: The last status of the pipeline cannot be deleted',
		);
		expect((await writes()).map((r) => [r.method, r.path, r.status])).toEqual([
			['DELETE', `/api/v4/leads/pipelines/${SECOND}/statuses/${FIRST}`, 204],
			['DELETE', `/api/v4/leads/pipelines/${SECOND}/statuses/${NEXT}`, 400],
		]);
		const after = await state(sandbox);
		expect((await pipelineIn(SECOND)).statuses.map((s: any) => s.id)).toEqual([
			INCOMING,
			NEXT,
			S.won,
			S.lost,
		]);
		expect(after.leads[0]).toMatchObject({ id: 30000001, pipeline_id: SECOND, status_id: NEXT });
	});

	it('refuses the Won, Lost and Incoming leads stages', async () => {
		await addPipeline();
		const won = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'deleteStage',
			pipelineId: MAIN,
			statusId: S.won,
		});
		expect(won.error()?.message).toBe(
			`amoCRM did not delete stage ${S.won} ("Успешно реализовано"): it is the Won (142) stage`,
		);
		expect(descriptionOf(won.error())).toBe(
			'Every pipeline keeps its Won (142) and Lost (143) stages; amoCRM does not delete them. amoCRM answered: status_id: The status is not editable.',
		);
		const lost = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'deleteStage',
			pipelineId: SECOND,
			statusId: S.lost,
		});
		expect(lost.error()?.message).toBe(
			`amoCRM did not delete stage ${S.lost} ("Закрыто и не реализовано"): it is the Lost (143) stage`,
		);
		const incoming = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'deleteStage',
			pipelineId: SECOND,
			statusId: INCOMING,
		});
		expect(incoming.error()?.message).toBe(
			`amoCRM did not delete stage ${INCOMING} ("Неразобранное"): it is the Incoming leads stage`,
		);
		expect(descriptionOf(incoming.error())).toMatch(
			/^amoCRM does not delete a system stage\. To remove Incoming leads, turn it off on the pipeline \(Pipeline → Update → Incoming Leads Stage\)\./,
		);
		expect((await writes()).map((r) => r.status)).toEqual([400, 400, 400]);
		expect((await pipelineIn(MAIN)).statuses).toHaveLength(4);
		expect((await pipelineIn(SECOND)).statuses).toHaveLength(5);
	});

	it('an unknown stage is a clear error, and nothing is deleted', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'pipeline',
			operation: 'deleteStage',
			pipelineId: MAIN,
			statusId: 1,
		});
		expect(result.error()?.message).toBe(`Pipeline ${MAIN} has no stage with ID 1`);
		expect(await writes()).toEqual([]);
	});
});

// What the node never sends (it checks first), answered the way the sandbox reads amoCRM's pages.
describe('sandbox: pipeline and stage writes', () => {
	it('names every field it rejects, answers 404 for unknown IDs and has no batch PATCH', async () => {
		await clearLog();
		const stage = `/api/v4/leads/pipelines/${MAIN}/statuses/${S.first}`;
		expect(
			(await api('PATCH', stage, { name: ' ', color: '#123456', descriptions: [] })).json[
				'validation-errors'
			][0].errors.map((e: any) => [e.code, e.path]),
		).toEqual([
			['NotSupportedField', 'descriptions'],
			['NotBlank', 'name'],
			['NotSupportedChoice', 'color'],
		]);
		expect((await api('PATCH', stage, {})).json.detail).toBe('Request data can not be empty');
		expect(
			(
				await api('PATCH', `/api/v4/leads/pipelines/${MAIN}`, {
					name: 'x',
					sort: '1',
					is_main: 'yes',
					color: '#fffeb2',
				})
			).json['validation-errors'][0].errors.map((e: any) => e.path),
		).toEqual(['color', 'sort', 'is_main']);
		expect((await api('PATCH', '/api/v4/leads/pipelines', [{ id: MAIN, name: 'x' }])).status).toBe(
			404,
		);
		expect((await api('DELETE', '/api/v4/leads/pipelines/7999999')).status).toBe(404);
		expect(
			(await api('PATCH', `/api/v4/leads/pipelines/${MAIN}/statuses/1`, { name: 'x' })).status,
		).toBe(404);
		expect((await api('DELETE', `/api/v4/leads/pipelines/${MAIN}/statuses/1`)).status).toBe(404);
		expect((await pipelineIn(MAIN)).statuses.map((s: any) => s.name)).toEqual([
			'Первичный контакт',
			'Переговоры',
			'Успешно реализовано',
			'Закрыто и не реализовано',
		]);
	});
});
