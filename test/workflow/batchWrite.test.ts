// Batched writes against amoCRM as it answers big and bad batches: at most 50 records per request by
// default; a 504 from amoCRM's gateway, with the batch saved or not (`timeoutSaves`); a 400 naming a bad
// element, with the valid ones saved or not (`partialSave`). Under every reading each record ends up
// created once, or reported on its own item — never twice.
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, credentialsFor, faults, runAmoCrm, seed, state, useSandbox } from './amocrm';

const sandbox = useSandbox();
const F = AMOCRM_SANDBOX.fields;

const createContacts = {
	resource: 'contact',
	operation: 'create',
	name: '={{$json.name}}',
	additionalFields: {
		phones: { phone: [{ number: '={{$json.phone}}' }] },
		responsibleUserId: '={{$json.responsible}}',
	},
};
const people = (count: number) =>
	Array.from({ length: count }, (_, i) => ({
		name: `Клиент ${i}`,
		phone: `+7 901 ${String(1000000 + i).slice(1)}`,
		responsible: AMOCRM_SANDBOX.users.admin as number,
	}));
const posts = async (path: string) =>
	(await apiRequests(sandbox)).filter((r) => r.method === 'POST' && r.path === path);

/** Each name once in amoCRM, and each output item holds the ID of its own record. */
async function expectCreatedOnce(out: Array<Record<string, unknown>>, names: string[]) {
	const { contacts } = await state(sandbox);
	expect(contacts.map((c: any) => c.name).sort()).toEqual([...names].sort());
	const nameOf = new Map(contacts.map((c: any) => [c.id, c.name]));
	expect(out.map((o) => nameOf.get(o.id))).toEqual(names);
}

describe('batch writes: size', () => {
	it('sends 50 records per request by default', async () => {
		const items = people(120);
		const { out } = await runAmoCrm(sandbox, createContacts, { items });
		expect((await posts('/api/v4/contacts')).map((r) => r.body.length)).toEqual([50, 50, 20]);
		await expectCreatedOnce(
			out,
			items.map((p) => p.name),
		);
	});

	it('sends up to 250 when the credential allows it', async () => {
		const credentials = credentialsFor(sandbox);
		credentials.amoCrmApi = { ...credentials.amoCrmApi, writeBatchSize: 250 };
		const { out } = await runAmoCrm(sandbox, createContacts, { items: people(120), credentials });
		expect((await posts('/api/v4/contacts')).map((r) => r.body.length)).toEqual([120]);
		expect(out).toHaveLength(120);
	});
});

describe.each([false, true])(
	'batch writes: a 504 on batches over 20 (saved before the 504: %p)',
	(timeoutSaves) => {
		beforeEach(async () => {
			await faults(sandbox, { timeoutWritesOver: 20, timeoutSaves });
		});

		it('creates every contact once, sending smaller batches only for what is not there', async () => {
			const items = people(45);
			const { out } = await runAmoCrm(sandbox, createContacts, { items });
			await expectCreatedOnce(
				out,
				items.map((p) => p.name),
			);
			const sent = await posts('/api/v4/contacts');
			expect(sent[0].body).toHaveLength(45);
			// Found after the 504: nothing goes again. Not found: smaller and smaller batches until amoCRM takes them.
			if (timeoutSaves) expect(sent).toHaveLength(1);
			else {
				expect(sent.filter((r) => r.status === 504).every((r) => r.body.length > 20)).toBe(true);
				expect(
					sent
						.filter((r) => r.status === 200)
						.map((r) => r.body.length)
						.reduce((a, b) => a + b, 0),
				).toBe(45);
			}
		}, 60_000);

		it('adds every note and task once', async () => {
			await seed(sandbox, {
				leads: Array.from({ length: 30 }, (_, i) => ({ id: 600 + i, name: `L${i}` })),
			});
			const leads = Array.from({ length: 30 }, (_, i) => ({ id: 600 + i }));
			const notes = await runAmoCrm(
				sandbox,
				{
					resource: 'note',
					operation: 'create',
					entityType: 'leads',
					entityId: '={{$json.id}}',
					noteType: 'common',
					text: '={{"Заявка " + $json.id}}',
				},
				{ items: leads },
			);
			const tasks = await runAmoCrm(
				sandbox,
				{
					resource: 'task',
					operation: 'create',
					text: '={{"Позвонить " + $json.id}}',
					completeTill: '2030-01-01T10:00:00Z',
					additionalFields: { entityType: 'leads', entityId: '={{$json.id}}' },
				},
				{ items: leads },
			);
			const s = await state(sandbox);
			expect(s.notes.map((n: any) => n.params.text).sort()).toEqual(
				leads.map((l) => `Заявка ${l.id}`).sort(),
			);
			expect(s.tasks.map((t: any) => t.text).sort()).toEqual(
				leads.map((l) => `Позвонить ${l.id}`).sort(),
			);
			const noteText = new Map(s.notes.map((n: any) => [n.id, n.params.text]));
			expect(notes.out.map((o) => noteText.get(o.id))).toEqual(leads.map((l) => `Заявка ${l.id}`));
			const taskText = new Map(s.tasks.map((t: any) => [t.id, t.text]));
			expect(tasks.out.map((o) => taskText.get(o.id))).toEqual(
				leads.map((l) => `Позвонить ${l.id}`),
			);
		}, 60_000);

		it('creates every complex lead once, with its contact', async () => {
			const items = people(25);
			const { out } = await runAmoCrm(
				sandbox,
				{
					resource: 'lead',
					operation: 'createComplex',
					name: '={{"Заявка от " + $json.name}}',
					contactMode: 'new',
					contactFields: {
						name: '={{$json.name}}',
						phones: { phone: [{ number: '={{$json.phone}}' }] },
					},
					companyMode: 'none',
				},
				{ items },
			);
			const { leads, contacts } = await state(sandbox);
			expect(leads.map((l: any) => l.name).sort()).toEqual(
				items.map((p) => `Заявка от ${p.name}`).sort(),
			);
			expect(contacts).toHaveLength(25);
			const contactName = new Map(contacts.map((c: any) => [c.id, c.name]));
			const leadName = new Map(leads.map((l: any) => [l.id, l.name]));
			out.forEach((o, i) => {
				expect(leadName.get(o.id)).toBe(`Заявка от ${items[i].name}`);
				expect(contactName.get(o.contact_id)).toBe(items[i].name);
			});
		}, 60_000);

		it('sends updates again in smaller batches', async () => {
			await seed(sandbox, {
				contacts: Array.from({ length: 30 }, (_, i) => ({ id: 800 + i, name: `old ${i}` })),
			});
			const items = Array.from({ length: 30 }, (_, i) => ({ id: 800 + i }));
			const { out } = await runAmoCrm(
				sandbox,
				{
					resource: 'contact',
					operation: 'update',
					contactId: { __rl: true, mode: 'id', value: '={{$json.id}}' },
					updateFields: { name: '={{"new " + $json.id}}' },
				},
				{ items },
			);
			expect(out).toHaveLength(30);
			const { contacts } = await state(sandbox);
			expect(contacts.every((c: any) => c.name === `new ${c.id}`)).toBe(true);
			const patches = (await apiRequests(sandbox)).filter((r) => r.method === 'PATCH');
			expect(patches.map((r) => [r.body.length, r.status])).toEqual([
				[30, 504],
				[15, 200],
				[15, 200],
			]);
		}, 60_000);
	},
);

describe('batch writes: a creation that cannot be looked for', () => {
	it('is reported as outcome unknown on its item, never sent again', async () => {
		// An incoming lead has nothing that tells it from an older one with the same data.
		await faults(sandbox, { timeoutWritesOver: 1, timeoutSaves: true });
		const result = await runAmoCrm(
			sandbox,
			{
				resource: 'unsorted',
				operation: 'createFromForm',
				formName: 'Заявка',
				formId: 'callback',
				formPage: 'https://example.com',
				sentAt: '2026-11-20T10:00:00Z',
				sourceName: 'Сайт',
				sourceUid: '={{"form-" + $json.n}}',
				contact: { name: '={{"Гость " + $json.n}}' },
			},
			{ items: [{ n: 1 }, { n: 2 }], continueOnFail: true },
		);
		expect(result.out.map((o) => String(o.error))).toEqual([
			expect.stringContaining('Outcome unknown'),
			expect.stringContaining('Outcome unknown'),
		]);
		expect(await posts('/api/v4/leads/unsorted/forms')).toHaveLength(1);
		expect((await state(sandbox)).unsorted).toHaveLength(2);
	});

	it('a tag or a pipeline is found by its name after a 504, and not made twice', async () => {
		await faults(sandbox, { timeoutWritesOver: 1, timeoutSaves: true });
		const tagged = await runAmoCrm(
			sandbox,
			{ resource: 'tag', operation: 'create', entityType: 'leads', name: '={{$json.name}}' },
			{ items: [{ name: 'первый' }, { name: 'второй' }] },
		);
		const { tags } = await state(sandbox);
		expect(tags.leads.map((t: any) => t.name)).toEqual(['первый', 'второй']);
		expect(tagged.out.map((o) => o.id)).toEqual(tags.leads.map((t: any) => t.id));
		expect(await posts('/api/v4/leads/tags')).toHaveLength(1);
		const piped = await runAmoCrm(
			sandbox,
			{
				resource: 'pipeline',
				operation: 'create',
				name: '={{ $json.name }}',
				stages: 'Новая, В работе',
			},
			{ items: [{ name: 'Опт' }, { name: 'Розница' }] },
		);
		const { pipelines } = await state(sandbox);
		expect(pipelines.map((p: any) => p.name)).toEqual(['Воронка', 'Опт', 'Розница']);
		expect(piped.out.map((o) => o.id)).toEqual(pipelines.slice(1).map((p: any) => p.id));
		expect(await posts('/api/v4/leads/pipelines')).toHaveLength(1);
	});
});

describe.each([false, true])(
	'batch writes: one bad record in a batch (valid ones saved from the refused batch: %p)',
	(partialSave) => {
		it('creates the others once and puts the error on the bad one’s item', async () => {
			await faults(sandbox, { partialSave });
			const items = people(6);
			items[2].responsible = 999;
			const { out } = await runAmoCrm(sandbox, createContacts, { items, continueOnFail: true });
			expect(String(out[2].error)).toContain('responsible_user_id');
			const good = items.filter((_, i) => i !== 2).map((p) => p.name);
			const { contacts } = await state(sandbox);
			expect(contacts.map((c: any) => c.name).sort()).toEqual([...good].sort());
			const nameOf = new Map(contacts.map((c: any) => [c.id, c.name]));
			expect(out.filter((_, i) => i !== 2).map((o) => nameOf.get(o.id))).toEqual(good);
			expect(contacts[0].custom_fields_values[0].field_id).toBe(F.contactPhone);
		});
	},
);
