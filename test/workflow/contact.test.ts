import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import {
	apiRequests,
	control,
	faults,
	requests,
	runAmoCrm,
	seed,
	state,
	useSandbox,
} from './amocrm';

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

describe('contact: create', () => {
	it('creates all items in one request, with phones normalised and tags', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{
				resource: 'contact',
				operation: 'create',
				name: '={{$json.name}}',
				additionalFields: {
					phones: { phone: [{ number: '={{$json.phone}}', type: 'MOB' }] },
					emails: { email: [{ address: '={{$json.email}}', type: 'PRIV' }] },
					tags: 'сайт, n8n',
					responsibleUserId: AMOCRM_SANDBOX.users.anna,
				},
			},
			{
				items: [
					{ name: 'Иван', phone: '+7 (931) 604-70-33_', email: ' Ivan@Example.COM ' },
					{ name: 'Пётр', phone: '8 912 000 11 22', email: 'petr@example.com' },
				],
			},
		);
		const writes = (await apiRequests(sandbox)).filter((r) => r.method === 'POST');
		expect(writes).toHaveLength(1);
		expect(writes[0].path).toBe('/api/v4/contacts');
		expect(writes[0].body).toHaveLength(2);
		const { contacts } = await state(sandbox);
		expect(contacts.map((c: any) => c.name)).toEqual(['Иван', 'Пётр']);
		const ivan = contacts[0];
		expect(ivan.responsible_user_id).toBe(AMOCRM_SANDBOX.users.anna);
		expect(ivan.custom_fields_values).toEqual([
			expect.objectContaining({
				field_code: 'PHONE',
				values: [expect.objectContaining({ value: '+79316047033', enum_code: 'MOB' })],
			}),
			expect.objectContaining({
				field_code: 'EMAIL',
				values: [expect.objectContaining({ value: 'ivan@example.com', enum_code: 'PRIV' })],
			}),
		]);
		expect(ivan._embedded.tags.map((t: any) => t.name)).toEqual(['сайт', 'n8n']);
		expect(out.map((o) => o.id)).toEqual(contacts.map((c: any) => c.id));
	});

	it('stops on an unusable phone with a clear message and writes nothing', async () => {
		const result = await runAmoCrm(
			sandbox,
			{
				resource: 'contact',
				operation: 'create',
				name: '={{$json.name}}',
				additionalFields: { phones: { phone: [{ number: '={{$json.phone}}' }] } },
			},
			{
				items: [
					{ name: 'ok', phone: '+7 931 604 70 33' },
					{ name: 'bad', phone: 'позвоните мне' },
				],
			},
		);
		expect(result.error()?.message).toBe('"позвоните мне" is not a usable phone number');
		expect((await state(sandbox)).contacts).toHaveLength(0);
		expect(await apiRequests(sandbox)).toHaveLength(0);
	});

	it('with Continue On Fail writes the good items and reports the bad one on its own item', async () => {
		const { out, items } = await runAmoCrm(
			sandbox,
			{
				resource: 'contact',
				operation: 'create',
				name: '={{$json.name}}',
				additionalFields: { phones: { phone: [{ number: '={{$json.phone}}' }] } },
			},
			{
				items: [
					{ name: 'ok', phone: '9316047033' },
					{ name: 'bad', phone: '' },
					{ name: 'short', phone: '604-70-33' },
				],
				continueOnFail: true,
			},
		);
		expect(out[0].id).toEqual(expect.any(Number));
		expect(out[1].id).toEqual(expect.any(Number));
		expect(out[2].error).toBe('"604-70-33" is not a usable phone number');
		expect(items('amoCRM').map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect((await state(sandbox)).contacts.map((c: any) => c.name)).toEqual(['ok', 'bad']);
	});

	it('with On Error: Continue (using error output) sends the bad item to the error output, the others on', async () => {
		const { run } = await runAmoCrm(
			sandbox,
			{
				resource: 'contact',
				operation: 'create',
				name: '={{$json.name}}',
				additionalFields: { phones: { phone: [{ number: '={{$json.phone}}' }] } },
			},
			{
				items: [
					{ name: 'ok', phone: '9316047033' },
					{ name: 'short', phone: '604-70-33' },
				],
				errorOutput: true,
			},
		);
		const [success, failure] = run.data.resultData.runData.amoCRM[0].data!.main;
		expect(success!.map((i) => i.json.name)).toEqual(['ok']);
		expect(failure!.map((i) => i.json.error)).toEqual(['"604-70-33" is not a usable phone number']);
		expect(run.data.resultData.error).toBeUndefined();
	});

	it('takes several phones and emails in one entry, separated by commas, each once', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'contact',
			operation: 'create',
			name: 'Несколько номеров',
			additionalFields: {
				phones: {
					phone: [{ number: '+7 931 604-70-33, 8 (912) 000-00-01; 9316047033', type: 'MOB' }],
				},
				emails: {
					email: [{ address: '={{ ["A@example.com", "b@example.com", "a@example.com"] }}' }],
				},
			},
		});
		const [contact] = (await state(sandbox)).contacts;
		expect(contact.id).toBe(out[0].id);
		const values = (code: string) =>
			contact.custom_fields_values
				.find((f: any) => f.field_code === code)
				.values.map((v: any) => `${v.value} ${v.enum_code}`);
		expect(values('PHONE')).toEqual(['+79316047033 MOB', '+79120000001 MOB']);
		expect(values('EMAIL')).toEqual(['a@example.com WORK', 'b@example.com WORK']);
	});

	it('rejects an unknown custom field code before writing', async () => {
		const result = await runAmoCrm(sandbox, {
			resource: 'contact',
			operation: 'create',
			name: 'X',
			additionalFields: { customFields: { field: [{ fieldId: 'SKYPE', value: 'x' }] } },
		});
		expect(result.error()?.message).toBe(
			'The contacts custom field "SKYPE" does not exist in this amoCRM account',
		);
		expect((result.error() as any).description).toContain('PHONE, EMAIL');
		expect((await apiRequests(sandbox)).map((r) => r.method)).toEqual(['GET']);
	});
});

describe('contact: find by phone or email', () => {
	beforeEach(async () => {
		await seed(sandbox, {
			contacts: [
				{
					id: 101,
					name: 'Decoy 9316047033',
					custom_fields_values: [phoneField('+7 999 111-22-33')],
				},
				{
					id: 102,
					name: 'Без имени',
					custom_fields_values: [phoneField('+7 (931) 604-70-33_')],
					_embedded: { leads: [] },
				},
				{ id: 103, name: 'Twin', custom_fields_values: [phoneField('89316047033')] },
				{ id: 104, name: 'Mail', custom_fields_values: [emailField('Anna@Mail.ru')] },
				{ id: 105, name: 'London', custom_fields_values: [phoneField('+44 20 7946 0958')] },
			],
			leads: [{ id: 501, name: 'L', _embedded: { contacts: [{ id: 102 }] } }],
		});
	});

	const find = (phone: string, email = '', options = {}) =>
		runAmoCrm(sandbox, {
			resource: 'contact',
			operation: 'findByPhoneOrEmail',
			phone,
			email,
			options,
		});

	it.each(['+7 (931) 604-70-33_', '8 931 604 70 33', '9316047033', '+79316047033'])(
		'finds %s by its last 10 digits first, verified',
		async (phone) => {
			const { out } = await find(phone);
			expect(out[0]).toMatchObject({
				found: true,
				matchCount: 1,
				matchIds: [103],
				matchedBy: 'phone',
				phone: '+79316047033',
				searches: ['9316047033'],
				contactKeys: { phone_keys: ['9316047033'], email_keys: [] },
			});
			const reads = await apiRequests(sandbox);
			expect(reads).toHaveLength(1);
			expect(reads[0].query).toMatchObject({ query: '9316047033', with: 'leads' });
		},
	);

	it('searches the masked form when the digits find nobody, and picks the oldest of several true matches', async () => {
		const { out } = await find('+7 931 604 70 33', '', { phoneRenderings: ['dashes'] });
		expect(out[0]).toMatchObject({
			found: true,
			matchCount: 1,
			matchIds: [102],
			searches: ['604-70-33'],
		});
		expect(out[0].contact).toMatchObject({ id: 102, lead_ids: [501] });
		await faults(sandbox, { phoneSearch: 'digits' });
		const { out: digits } = await find('+7 931 604 70 33');
		expect(digits[0]).toMatchObject({
			found: true,
			matchCount: 2,
			matchIds: [102, 103],
			searches: ['9316047033'],
		});
		expect(digits[0].pickedBy).toContain('oldest id');
	});

	it('falls back to email, compared trimmed and lower-cased', async () => {
		const { out } = await find('+7 900 000-00-00', ' anna@MAIL.ru');
		expect(out[0]).toMatchObject({
			found: true,
			matchCount: 1,
			matchedBy: 'email',
			matchIds: [104],
			email: 'anna@mail.ru',
			contactKeys: { phone_keys: [], email_keys: ['anna@mail.ru'] },
		});
		expect((await apiRequests(sandbox)).map((r) => r.query.query)).toEqual([
			'9000000000',
			'000-00-00',
			'000 00 00',
			'anna@mail.ru',
		]);
	});

	it('compares foreign numbers in full, and finds one stored with spaces as given', async () => {
		const { out } = await find('+44 20 7946 0958');
		expect(out[0]).toMatchObject({ found: false, searches: ['442079460958'] });
		const { out: asGiven } = await find('+44 20 7946 0958', '', {
			phoneRenderings: ['digits', 'asGiven'],
		});
		expect(asGiven[0]).toMatchObject({
			found: true,
			matchIds: [105],
			phone: '+442079460958',
			searches: ['442079460958', '+44 20 7946 0958'],
		});
	});

	it.each([
		['', 'Neither a usable phone nor a usable email was given, so nothing was searched'],
		[
			'звонить вечером',
			'"звонить вечером" is not a usable phone number (it needs 10 to 15 digits)',
		],
	])('reports unusable input %p without searching', async (phone, problem) => {
		const { out } = await find(phone);
		expect(out[0]).toMatchObject({ found: false, matchCount: 0, contact: null });
		expect(out[0].inputProblems).toContain(problem);
		expect(await apiRequests(sandbox)).toHaveLength(0);
	});
});

describe.each(['literal', 'digits'])(
	'contact: find by phone or email, every stored format, search %s',
	(phoneSearch) => {
		// The formats people save Russian numbers in, one contact each (one number each, so every search
		// has one true match), and the spellings a form may send.
		const stored = [
			'+7 (931) 604-70-33',
			'+7 (931) 604-70-34_',
			'8 (931) 604-70-35',
			'+7 931 604 70 36',
			'8-931-604-70-37',
			'931-604-70-38',
			'+79316047039',
			'89316047040',
			'9316047041',
		];
		const spellings = (tail: string) => [
			`+7931604${tail}`,
			`8 (931) 604-${tail.slice(0, 2)}-${tail.slice(2)}`,
			`931604${tail}`,
		];

		beforeEach(async () => {
			await seed(sandbox, {
				contacts: stored.map((value, k) => ({
					id: 700 + k,
					name: `Формат ${k}`,
					custom_fields_values: [phoneField(value)],
				})),
			});
			await faults(sandbox, { phoneSearch });
		});

		it.each(stored.map((value, k) => [value, k] as const))(
			'finds %s from every spelling in at most three searches',
			async (value, k) => {
				const tail = value.replace(/\D/g, '').slice(-4);
				for (const phone of spellings(tail)) {
					await control(sandbox, 'DELETE', 'requests');
					const { out } = await runAmoCrm(sandbox, {
						resource: 'contact',
						operation: 'findByPhoneOrEmail',
						phone,
						email: '',
					});
					expect(out[0]).toMatchObject({ found: true, matchCount: 1, matchIds: [700 + k] });
					const searches = await apiRequests(sandbox);
					expect(searches.length).toBeLessThanOrEqual(3);
					expect(searches.length).toBe((out[0].searches as string[]).length);
				}
			},
		);

		it('a new number costs three searches and finds nobody', async () => {
			const { out } = await runAmoCrm(sandbox, {
				resource: 'contact',
				operation: 'findByPhoneOrEmail',
				phone: '+7 931 604-99-99',
				email: '',
			});
			expect(out[0]).toMatchObject({
				found: false,
				matchCount: 0,
				searches: ['9316049999', '604-99-99', '604 99 99'],
			});
			expect(await apiRequests(sandbox)).toHaveLength(3);
		});
	},
);

describe('contact: find by phone or email, many items', () => {
	const find = {
		resource: 'contact',
		operation: 'findByPhoneOrEmail',
		phone: '={{ $json.phone }}',
		email: '',
	};
	const people = Array.from({ length: 10 }, (_, k) => ({ id: 300 + k, phone: `+7900000000${k}` }));
	// Each item in another spelling of its contact's number, in an order unlike the contacts'.
	const items = [3, 0, 9, 5, 1, 8, 2, 7, 4, 6].map((k) => ({ phone: `8 (900) 000-00-0${k}`, k }));

	it('searches several items at once and keeps every result on its own item', async () => {
		await seed(sandbox, {
			contacts: people.map(({ id, phone }) => ({
				id,
				name: `C${id}`,
				custom_fields_values: [phoneField(phone)],
			})),
		});
		await faults(sandbox, { latencyMs: 150 });
		const { out, items: outputOf } = await runAmoCrm(sandbox, find, { items });
		expect(out.map((o) => (o.contact as { id?: number } | null)?.id)).toEqual(
			items.map(({ k }) => 300 + k),
		);
		expect(outputOf('amoCRM').map((i) => i.pairedItem)).toEqual(items.map((_, item) => ({ item })));

		const searches = (await requests(sandbox)).filter(
			(r: any) => r.path === '/api/v4/contacts',
		) as any[];
		expect(searches.map((r) => r.query.query).sort()).toEqual(
			items.map(({ k }) => `900000000${k}`).sort(),
		);
		const inFlight = (at: number) =>
			searches.filter((r) => r.time <= at && at < r.time + r.durationMs).length;
		const most = Math.max(...searches.map((r) => inFlight(r.time)));
		expect(most).toBeGreaterThan(1);
		expect(most).toBeLessThanOrEqual(4);
	});

	it('stops starting searches after a failure and names the first failed item', async () => {
		await faults(sandbox, { block403: true });
		const result = await runAmoCrm(sandbox, find, { items });
		expect(result.error()?.message).toContain('403');
		expect((result.error() as any).context.itemIndex).toBe(0);
		expect(await apiRequests(sandbox)).toHaveLength(4);
	});

	it('with Continue On Fail gives every item its own error, in order', async () => {
		await faults(sandbox, { block403: true });
		const { out, items: outputOf } = await runAmoCrm(sandbox, find, {
			items,
			continueOnFail: true,
		});
		expect(out).toHaveLength(10);
		expect(out.every((o) => String(o.error).includes('403'))).toBe(true);
		expect(outputOf('amoCRM').map((i) => i.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(await apiRequests(sandbox)).toHaveLength(10);
	});
});

describe('contact: get, get many, update', () => {
	it('gets one contact, simplified or raw', async () => {
		await seed(sandbox, {
			contacts: [
				{
					id: 7,
					name: 'Анна',
					custom_fields_values: [phoneField('+79001112233'), emailField('a@b.ru')],
					tags: [{ name: 'vip' }],
				},
			],
		});
		const simple = await runAmoCrm(sandbox, {
			resource: 'contact',
			operation: 'get',
			contactId: { __rl: true, mode: 'id', value: '7' },
		});
		expect(simple.out[0]).toMatchObject({
			id: 7,
			name: 'Анна',
			phones: ['+79001112233'],
			emails: ['a@b.ru'],
			phone_keys: ['9001112233'],
			email_keys: ['a@b.ru'],
			tags: ['vip'],
		});
		const raw = await runAmoCrm(sandbox, {
			resource: 'contact',
			operation: 'get',
			simplify: false,
			contactId: { __rl: true, mode: 'url', value: 'https://x.amocrm.ru/contacts/detail/7' },
		});
		expect(raw.out[0]).toMatchObject({ id: 7, custom_fields_values: expect.any(Array) });
		expect(raw.out[0]._links).toBeUndefined();
		const missing = await runAmoCrm(sandbox, {
			resource: 'contact',
			operation: 'get',
			contactId: { __rl: true, mode: 'id', value: '999' },
		});
		expect(missing.error()?.message).toBe('amoCRM has no contact with ID 999');
	});

	it('reads all 260 contacts in two pages of 250, or stops at Limit', async () => {
		await seed(sandbox, { contacts: Array.from({ length: 260 }, (_, i) => ({ name: `C${i}` })) });
		const all = await runAmoCrm(sandbox, {
			resource: 'contact',
			operation: 'getAll',
			returnAll: true,
		});
		expect(all.out).toHaveLength(260);
		expect((await apiRequests(sandbox)).map((r) => [r.query.page, r.query.limit])).toEqual([
			['1', '250'],
			['2', '250'],
		]);
		const limited = await runAmoCrm(sandbox, {
			resource: 'contact',
			operation: 'getAll',
			limit: 3,
			filters: { query: 'C25' },
		});
		expect(limited.out.map((c) => c.name)).toEqual(['C25', 'C250', 'C251']);
	});

	it('adds a phone without dropping the existing ones, and keeps tags', async () => {
		await seed(sandbox, {
			contacts: [
				{
					id: 9,
					name: 'Без имени',
					custom_fields_values: [phoneField('+7 (931) 604-70-33_')],
					tags: [{ name: 'old' }],
				},
			],
		});
		await runAmoCrm(sandbox, {
			resource: 'contact',
			operation: 'update',
			contactId: { __rl: true, mode: 'id', value: '9' },
			updateFields: {
				name: 'Иван',
				phones: { phone: [{ number: '89316047033' }, { number: '+7 912 000 11 22', type: 'MOB' }] },
				tags: 'new',
			},
		});
		const [contact] = (await state(sandbox)).contacts;
		expect(contact.name).toBe('Иван');
		expect(contact.custom_fields_values[0].values.map((v: any) => v.value)).toEqual([
			'+7 (931) 604-70-33_',
			'+79120001122',
		]);
		expect(contact._embedded.tags.map((t: any) => t.name)).toEqual(['old', 'new']);
		const log = await apiRequests(sandbox);
		expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v4/contacts',
			'PATCH /api/v4/contacts',
		]);
	});

	it('merges with the contact the workflow has just read instead of reading it again, keeping value types', async () => {
		await seed(sandbox, {
			contacts: [
				{
					id: 9,
					name: 'Без имени',
					custom_fields_values: [
						{ field_id: F.contactPhone, values: [{ value: '+79316047033', enum_code: 'MOB' }] },
					],
				},
			],
		});
		const asRead = (await state(sandbox)).contacts[0];
		await runAmoCrm(
			sandbox,
			{
				resource: 'contact',
				operation: 'update',
				contactId: '={{ $json.contact.id }}',
				updateFields: {
					name: 'Иван',
					phones: { phone: [{ number: '8 931 604 70 33' }] },
					emails: { email: [{ address: 'Ivan@Example.com' }] },
				},
				options: { currentContact: '={{ $json.contact }}' },
			},
			{ items: [{ contact: asRead }] },
		);
		const log = await apiRequests(sandbox);
		expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(['PATCH /api/v4/contacts']);
		const [contact] = (await state(sandbox)).contacts;
		expect(contact.name).toBe('Иван');
		expect(contact.custom_fields_values).toEqual([
			expect.objectContaining({
				field_code: 'PHONE',
				values: [expect.objectContaining({ value: '+79316047033', enum_code: 'MOB' })],
			}),
			expect.objectContaining({
				field_code: 'EMAIL',
				values: [expect.objectContaining({ value: 'ivan@example.com' })],
			}),
		]);
	});

	it('refuses a simplified contact as the contact just read, before writing', async () => {
		const result = await runAmoCrm(
			sandbox,
			{
				resource: 'contact',
				operation: 'update',
				contactId: '9',
				updateFields: { name: 'x' },
				options: { currentContact: '={{ $json.contact }}' },
			},
			{ items: [{ contact: { id: 9, phones: ['+79316047033'] } }] },
		);
		expect(result.error()?.message).toBe(
			'Contact As Just Read is not a contact as amoCRM returns it',
		);
		expect(await apiRequests(sandbox)).toHaveLength(0);
	});
});
