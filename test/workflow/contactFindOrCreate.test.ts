import type { IDataObject } from 'n8n-workflow';

import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, runAmoCrm, seed, state, useSandbox } from './amocrm';

const F = AMOCRM_SANDBOX.fields;
const sandbox = useSandbox();

const phoneField = (...values: string[]) => ({
	field_id: F.contactPhone,
	values: values.map((value) => ({ value, enum_code: 'WORK' })),
});
const emailField = (...values: string[]) => ({
	field_id: F.contactEmail,
	values: values.map((value) => ({ value, enum_code: 'WORK' })),
});
const fieldValues = (contact: any, code: string) =>
	(contact.custom_fields_values ?? [])
		.filter((f: any) => f.field_code === code)
		.flatMap((f: any) => f.values.map((v: any) => v.value));

const findOrCreate = (items: IDataObject[], extra: IDataObject = {}, continueOnFail = false) =>
	runAmoCrm(
		sandbox,
		{
			resource: 'contact',
			operation: 'findOrCreate',
			phone: '={{$json.phone ?? ""}}',
			email: '={{$json.email ?? ""}}',
			name: '={{$json.name ?? ""}}',
			...extra,
		},
		{ items, continueOnFail },
	);
const writes = async () => (await apiRequests(sandbox)).filter((r) => r.method !== 'GET');

describe('contact: find or create', () => {
	it('creates the contact when no contact has the phone or email, with the phone in E.164', async () => {
		const { out } = await findOrCreate(
			[{ phone: '8 (931) 604-70-33', email: 'Ivan@Example.com', name: 'Иван' }],
			{ options: { phoneType: 'MOB', tags: 'сайт' } },
		);
		const { contacts } = await state(sandbox);
		expect(contacts).toHaveLength(1);
		expect(contacts[0]).toMatchObject({ name: 'Иван' });
		expect(fieldValues(contacts[0], 'PHONE')).toEqual(['+79316047033']);
		expect(
			contacts[0].custom_fields_values.find((f: any) => f.field_code === 'PHONE').values[0]
				.enum_code,
		).toBe('MOB');
		expect(fieldValues(contacts[0], 'EMAIL')).toEqual(['ivan@example.com']);
		expect(contacts[0]._embedded.tags.map((t: any) => t.name)).toEqual(['сайт']);
		expect(out).toEqual([
			expect.objectContaining({
				action: 'created',
				contactId: contacts[0].id,
				matchedBy: null,
				matchCount: 0,
				itemsOfThisPerson: 1,
			}),
		]);
		expect(out[0].contact).toMatchObject({
			id: contacts[0].id,
			name: 'Иван',
			phones: ['+79316047033'],
			emails: ['ivan@example.com'],
		});
		const requests = await apiRequests(sandbox);
		// The default renderings (digits, dashes, spaces), then the email, then one write.
		expect(requests.map((r) => `${r.method} ${r.query?.query ?? ''}`)).toEqual([
			'GET 9316047033',
			'GET 604-70-33',
			'GET 604 70 33',
			'GET ivan@example.com',
			'POST ',
		]);
	});

	it('finds the contact however its phone was saved, adds the new email and keeps its name and phone', async () => {
		await seed(sandbox, {
			custom_fields: {
				contacts: [
					{
						id: 910901,
						name: 'Заказ',
						type: 'text',
						code: null,
						sort: 10,
						entity_type: 'contacts',
						enums: null,
					},
				],
			},
		});
		await seed(sandbox, {
			contacts: [
				{
					id: 20000101,
					name: 'Иван Петров',
					custom_fields_values: [
						phoneField('+7 (931) 604-70-33'),
						{ field_id: 910901, values: [{ value: 'ЗК-1' }] },
					],
				},
			],
		});
		const { out } = await findOrCreate([
			{ phone: '89316047033', email: 'ivan@example.com', name: 'Ваня' },
		]);
		const { contacts } = await state(sandbox);
		expect(contacts).toHaveLength(1);
		expect(contacts[0].name).toBe('Иван Петров');
		expect(fieldValues(contacts[0], 'PHONE')).toEqual(['+7 (931) 604-70-33']);
		expect(fieldValues(contacts[0], 'EMAIL')).toEqual(['ivan@example.com']);
		const patch = (await writes())[0];
		expect(patch).toMatchObject({ method: 'PATCH', path: '/api/v4/contacts' });
		expect(patch.body).toEqual([
			expect.objectContaining({
				id: 20000101,
				custom_fields_values: [
					{ field_code: 'EMAIL', values: [{ value: 'ivan@example.com', enum_code: 'WORK' }] },
				],
			}),
		]);
		expect(patch.body[0].name).toBeUndefined();
		expect(out[0]).toMatchObject({
			action: 'updated',
			contactId: 20000101,
			matchedBy: 'phone',
			matchCount: 1,
		});
		expect(out[0].contact).toMatchObject({
			name: 'Иван Петров',
			phones: ['+7 (931) 604-70-33'],
			emails: ['ivan@example.com'],
			custom_fields: { Заказ: 'ЗК-1' },
		});
	});

	it('writes nothing when the found contact already has everything given', async () => {
		await seed(sandbox, {
			contacts: [
				{
					id: 20000101,
					name: 'Иван',
					custom_fields_values: [phoneField('+79316047033'), emailField('ivan@example.com')],
				},
			],
		});
		const { out } = await findOrCreate([
			{ phone: '+7 931 604 70 33', email: 'IVAN@example.com', name: 'Иван' },
		]);
		expect(await writes()).toEqual([]);
		expect(out[0]).toMatchObject({ action: 'found', contactId: 20000101, matchedBy: 'phone' });
		expect((await apiRequests(sandbox)).map((r) => r.query.query)).toEqual(['9316047033']);
	});

	it('finds by email when the phone finds nobody, adds the phone, and names a contact that had no name', async () => {
		await seed(sandbox, {
			contacts: [
				{ id: 20000102, name: '', custom_fields_values: [emailField('anna@example.com')] },
			],
		});
		const { out } = await findOrCreate([
			{ phone: '+7 912 000-11-22', email: 'anna@example.com', name: 'Анна' },
		]);
		const contact = (await state(sandbox)).contacts[0];
		expect(contact.name).toBe('Анна');
		expect(fieldValues(contact, 'PHONE')).toEqual(['+79120001122']);
		expect(fieldValues(contact, 'EMAIL')).toEqual(['anna@example.com']);
		expect(out[0]).toMatchObject({ action: 'updated', matchedBy: 'email', contactId: 20000102 });
	});

	it('a full-text hit without the phone in a phone field is not a match: a contact is created', async () => {
		await seed(sandbox, {
			contacts: [
				{
					id: 20000103,
					name: 'Звонил с 9316047033',
					custom_fields_values: [phoneField('+79990000000')],
				},
			],
		});
		const { out } = await findOrCreate([{ phone: '9316047033', name: 'Новый' }]);
		const { contacts } = await state(sandbox);
		expect(contacts.map((c: any) => c.name)).toEqual(['Звонил с 9316047033', 'Новый']);
		expect(out[0]).toMatchObject({ action: 'created', matchCount: 0 });
	});

	it('items of one person in one input make one contact; others their own; one search per person and one write', async () => {
		const { out } = await findOrCreate([
			{ phone: '+7 (931) 604-70-33', name: 'Иван' },
			{ phone: '89316047033', email: 'ivan@example.com' },
			{ email: 'IVAN@example.com', name: 'Иван Петров' },
			{ phone: '+7 912 000 11 22', name: 'Пётр' },
		]);
		const { contacts } = await state(sandbox);
		expect(contacts).toHaveLength(2);
		const ivan = contacts.find((c: any) => c.name === 'Иван');
		expect(fieldValues(ivan, 'PHONE')).toEqual(['+79316047033']);
		expect(fieldValues(ivan, 'EMAIL')).toEqual(['ivan@example.com']);
		expect(out.map((o) => o.contactId)).toEqual([
			ivan.id,
			ivan.id,
			ivan.id,
			contacts.find((c: any) => c.name === 'Пётр').id,
		]);
		expect(out.map((o) => o.itemsOfThisPerson)).toEqual([3, 3, 3, 1]);
		const posts = (await writes()).filter((r) => r.method === 'POST');
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toHaveLength(2);
	});

	it('an item with neither phone nor email, or an unusable phone, is a clear error and nothing is written', async () => {
		const empty = await findOrCreate([
			{ phone: '+7 931 604 70 33', name: 'ok' },
			{ name: 'nobody' },
		]);
		expect(empty.error()?.message).toBe(
			'A phone or an email is needed to find or create a contact',
		);
		const bad = await findOrCreate([{ phone: 'позвоните мне' }]);
		expect(bad.error()?.message).toBe('"позвоните мне" is not a usable phone number');
		expect(await apiRequests(sandbox)).toEqual([]);
	});

	it('with Continue On Fail the bad item is reported on its own and the others are written', async () => {
		const { out } = await findOrCreate(
			[{ phone: '+7 931 604 70 33', name: 'ok' }, { email: 'not an address' }],
			{},
			true,
		);
		expect(out[0]).toMatchObject({ action: 'created' });
		expect(out[1]).toMatchObject({ error: '"not an address" is not a usable email address' });
		expect((await state(sandbox)).contacts).toHaveLength(1);
	});
});
