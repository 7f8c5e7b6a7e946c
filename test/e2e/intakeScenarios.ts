// Intake scenarios that both intake suites run, in one n8n process (intake.test.ts) and in queue mode
// (queue.test.ts): the same submissions and the same assertions on the amoCRM sandbox's state and
// request log and on the queue table.
import type { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { INTAKE_WORKFLOW_IDS, type IntakeRig, isIndexUpkeep } from './intakeRig';
import { type RunningN8n, savedExecutions } from './n8n';

type AmoSandbox = Awaited<ReturnType<typeof startAmoCrmSandbox>>;

/** Submits one at a time, each processed before the next; returns the amoCRM requests each one cost. */
export async function oneByOne(rig: IntakeRig, bodies: unknown[]): Promise<number[]> {
	const costs: number[] = [];
	for (const body of bodies) costs.push(await rig.costOf(body));
	return costs;
}

/**
 * The seed log (000) replayed with the seed's number spelled from `stem` (`604-70-3`) and a last digit,
 * while amoCRM's search reads `phoneSearch`: one contact per person, repeats as notes on the open
 * lead, a new lead after the old one closed, and what each submission cost.
 */
export async function replaySeed(
	rig: IntakeRig,
	amo: AmoSandbox,
	phoneSearch: string,
	stem: string,
) {
	await rig.faults({ phoneSearch });
	await rig.indexFilled();
	const masked = (last: string) => `+7 (931) ${stem}${last}_`;
	const stemDigits = stem.replace(/\D/g, '');
	const digits = (last: string) => `+7931${stemDigits}${last}`;
	const form = (
		name: string,
		phone: string,
		formName: string,
		extra: Record<string, string> = {},
	) => ({ name, phone, page: 'Главная', form: formName, ...extra });
	const first = await oneByOne(rig, [
		form('', masked('3'), 'Узнать цену установки ГБО'),
		form('', masked('3'), 'Узнать цену установки ГБО'), // the same submission again: a double submit
		form('', masked('3'), 'Хочу экономить'),
		form('Павел', masked('3'), 'Установка ГБО'),
		form('', masked('4'), 'Узнать цену установки ГБО'),
	]);
	let [pavel] = rig.contactsWith(digits('3'));
	const [second] = rig.contactsWith(digits('4'));
	const firstLead = rig
		.state()
		.leads.find((l: any) => l._embedded.contacts?.some((c: any) => c.id === pavel.id));
	expect(pavel.name).toBe('Павел'); // «Без имени» got the submitted name
	expect(firstLead.name).toBe('Заявка с сайта от Без имени');
	expect(firstLead._embedded.tags.map((t: any) => t.name)).toEqual(['сайт']);
	expect(rig.notesOf(firstLead.id)).toEqual([
		`Заявка с сайта\nИмя: Без имени\nТелефон: ${masked('3')}\nСтраница: Главная\nФорма: Узнать цену установки ГБО`,
		`Повторная заявка с сайта\nИмя: Без имени\nТелефон: ${masked('3')}\nСтраница: Главная\nФорма: Хочу экономить`,
		`Повторная заявка с сайта\nИмя: Павел\nТелефон: ${masked('3')}\nСтраница: Главная\nФорма: Установка ГБО`,
	]);
	expect(rig.tasksOf(firstLead.id)).toEqual([
		'Обработать заявку от клиента',
		'Обработать повторную заявку от клиента',
		'Обработать повторную заявку от клиента',
	]);
	expect(second.name).toBe('Без имени');
	// new client (contact + lead, note, task), double submit, repeat (its leads, note, task), repeat +
	// rename (the contact is read before it is written), new client; nothing searched: the index knew.
	expect(first).toEqual([3, 0, 3, 5, 3]);

	// The lead is lost; the client comes back: a new lead linked to the same contact.
	const closed = await fetch(`${amo.url}/api/v4/leads`, {
		method: 'PATCH',
		headers: {
			authorization: `Bearer ${AMOCRM_SANDBOX.longLivedToken}`,
			'content-type': 'application/json',
		},
		body: JSON.stringify([
			{ id: firstLead.id, status_id: 143, pipeline_id: AMOCRM_SANDBOX.pipelineId },
		]),
	});
	expect(closed.status).toBe(200);
	const later = await oneByOne(rig, [
		form('', masked('3'), 'Рассчитать стоимость'),
		form('', masked('3'), 'Рассчитать стоимость'), // where the seed's script made a second contact
		form('Павел', masked('3'), 'Регистрация в ГИБДД'),
		form('Павел', `8 931 ${stem.slice(0, 3)} ${stem.slice(4, 6)} ${stem.slice(7)}3`, '8…', {
			email: ' Pavel@Example.COM ',
		}),
		form('Павел', digits('3').slice(2), '10 цифр'),
		form('Павел', digits('3'), '+7…', { utm_source: 'yandex', utm_campaign: 'gbo' }),
	]);
	expect(rig.contactsWith(digits('3'))).toHaveLength(1);
	[pavel] = rig.contactsWith(digits('3'));
	const leads = rig
		.state()
		.leads.filter((l: any) => l._embedded.contacts?.some((c: any) => c.id === pavel.id));
	expect(leads.map((l: any) => l.status_id)).toEqual([143, AMOCRM_SANDBOX.statuses.first]);
	const secondLead = leads[1];
	expect(secondLead.name).toBe('Заявка с сайта от Павел');
	const notes = rig.notesOf(secondLead.id);
	expect(notes).toHaveLength(5);
	expect(notes[0]).toBe(
		`Заявка с сайта\nИмя: Без имени\nТелефон: ${masked('3')}\nСтраница: Главная\nФорма: Рассчитать стоимость`,
	);
	expect(
		notes.slice(1).every((n: string) => n.startsWith('Повторная заявка с сайта\nИмя: Павел')),
	).toBe(true);
	expect(notes[2]).toContain('Email: Pavel@Example.COM');
	expect(notes[4]).toContain('UTM: utm_campaign=gbo, utm_source=yandex');
	expect(
		pavel.custom_fields_values
			.find((f: any) => f.field_code === 'EMAIL')
			.values.map((v: any) => v.value),
	).toEqual(['pavel@example.com']);
	expect(rig.phonesOf(pavel)).toEqual([digits('3')]);
	expect(later).toEqual([4, 0, 3, 5, 3, 3]); // known contact, no open lead: its leads, new lead, note, task
	expect(rig.apiCalls().filter((r) => r.method === 'GET' && r.query.query !== undefined)).toEqual(
		[],
	);

	const rows = (await rig.queue()).filter((r) =>
		String(r.phone_raw).replace(/\D/g, '').includes(stemDigits),
	);
	const duplicates = rows.filter((r) => r.state === 'duplicate');
	expect(duplicates).toHaveLength(2);
	expect(duplicates.map((r) => r.outcome)).toEqual([
		`double submit of #${rows[0].id}`,
		`double submit of #${rows[5].id}`,
	]);
	expect(
		rows
			.filter((r) => r.state !== 'duplicate')
			.every((r) => r.state === 'done' && r.note_id && r.task_id && r.lead_id),
	).toBe(true);
	await rig.faults({ phoneSearch: 'literal' });
}

/**
 * Ten different submissions for one new phone (spelled two ways) at once, with the lock table emptied
 * as on first use: one contact, one lead, ten notes, one task, one lock row.
 */
export async function tenAtOnce(rig: IntakeRig, phones: [string, string]) {
	await rig.deleteRows('amocrm_intake_lock', ['id', 'gt', 0]);
	const before = rig.apiCalls().length;
	const acks = await Promise.all(
		Array.from({ length: 10 }, (_, i) =>
			rig.submit({ name: `Гонка ${i + 1}`, phone: phones[i % 2], comment: `попытка ${i + 1}` }),
		),
	);
	expect(acks.map((a) => a.status)).toEqual(Array(10).fill(200));
	await rig.settled();
	const contacts = rig.contactsWith(phones[0]);
	expect(contacts).toHaveLength(1);
	const leads = rig
		.state()
		.leads.filter((l: any) => l._embedded.contacts?.some((c: any) => c.id === contacts[0].id));
	expect(leads).toHaveLength(1);
	const notes = rig.notesOf(leads[0].id);
	expect(notes).toHaveLength(10);
	expect(new Set(notes.map((n: string) => n.match(/попытка \d+/)![0])).size).toBe(10);
	expect(rig.tasksOf(leads[0].id)[0]).toBe('Обработать заявку от клиента');
	const cost = rig
		.apiCalls()
		.slice(before)
		.filter((r) => !isIndexUpkeep(r)).length;
	expect(cost).toBeLessThanOrEqual(3);
	expect(await rig.rowsOf('amocrm_intake_lock')).toHaveLength(1);
	return { cost, slowestMs: Math.round(Math.max(...acks.map((a) => a.ms))) };
}

/** The failed (or crashed) executions of the intake workflows: where each stopped and why. */
export async function failedIntakeExecutions(n8n: RunningN8n): Promise<string[]> {
	return (await savedExecutions(n8n))
		.filter(
			(e) =>
				INTAKE_WORKFLOW_IDS.includes(e.workflowId) &&
				(e.status === 'error' || e.status === 'crashed'),
		)
		.map(
			(e) =>
				`${e.workflowId} #${e.id} at ${e.data?.resultData?.lastNodeExecuted}: ${String(e.data?.resultData?.error?.message ?? e.status)}`,
		);
}
