// Migration workflows of workflows/ in real n8n (each line of N8N_LINES from its own test file) against the sandboxes: the export of an amoCRM
// account into the JSON format the migration reads, and the migration form (file upload, amoCRM and
// Bitrix24 APIs) with its errors, de-duplication, a repeated import and an export → import round trip.
import { startAmoCrmSandbox } from '../sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { startBitrix24Sandbox } from '../sandbox/bitrix24/server';
import { WRONG_SECRETS } from '../secrets';
import { API, FILE, migrate as submit } from './migrationForm';
import {
	apiKey,
	executeWorkflow,
	importJson,
	type N8nHome,
	type N8nLine,
	prepareHome,
	publicApi,
	type RunningN8n,
	sampleWorkflow,
	startN8n,
	waitFor,
} from './n8n';

let amo: Awaited<ReturnType<typeof startAmoCrmSandbox>>;
let source: Awaited<ReturnType<typeof startAmoCrmSandbox>>;
let b24: Awaited<ReturnType<typeof startBitrix24Sandbox>>;
let home: N8nHome;
let n8n: RunningN8n;

const credential = (token: string) => [
	{
		id: 'amoDemoToken0001',
		name: 'amoCRM sandbox',
		type: 'amoCrmApi',
		data: { zone: 'custom', subdomain: '', baseUrl: amo.url, accessToken: token },
	},
];

/** The suite on one n8n line, its n8n on `port` (and its task broker on port + 10), started with `env`. */
export function migrationSuite(line: N8nLine, port: number, env: Record<string, string> = {}) {
	jest.setTimeout(15 * 60 * 1000);

	beforeAll(
		async () => {
			amo = await startAmoCrmSandbox(0);
			source = await startAmoCrmSandbox(0);
			b24 = await startBitrix24Sandbox(0);
			home = await prepareHome(undefined, { line });
			await importJson(home, 'credentials', credential(AMOCRM_SANDBOX.longLivedToken));
			await importJson(home, 'workflow', [
				sampleWorkflow('amocrm-export.json'),
				sampleWorkflow('amocrm-migration.json'),
			]);
			n8n = await startN8n(home, port, env);
			await publicApi(n8n, await apiKey(n8n))('POST', '/workflows/amoMigration0001/activate');
			// The form is served once activation has registered it.
			const form = await waitFor(
				async () => (await fetch(`${n8n.url}/form/amocrm-migration`)).status,
				(status) => status === 200,
			);
			expect(form).toBe(200);
		},
		40 * 60 * 1000,
	);

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([amo?.close(), source?.close(), b24?.close()]);
	});

	beforeEach(() => {
		amo.sandbox.reset();
		amo.requests.length = 0;
	});

	const F = AMOCRM_SANDBOX.fields;
	const migrate = (fields: Record<string, string>, file?: string, fileName?: string) =>
		submit(n8n.url, fields, file, fileName);
	/** The report's summary with nothing failed: [created, skipped] of each kind. */
	const summary = (
		contacts: number[],
		deals: number[],
		pipelines = [0, 0],
		companies = [0, 0],
		stagesAdded = 0,
	) => {
		const kind = ([created, skipped]: number[]) => ({ created, skipped, failed: 0 });
		return {
			contacts: kind(contacts),
			deals: kind(deals),
			pipelines: kind(pipelines),
			companies: kind(companies),
			stages_added: stagesAdded,
		};
	};
	const writes = () =>
		amo.requests.filter((r) => r.path.startsWith('/api/v4/') && r.method !== 'GET');
	const state = () => amo.sandbox.dump() as any;
	const phonesOf = (entity: any) =>
		(entity.custom_fields_values ?? [])
			.filter((f: any) => f.field_code === 'PHONE')
			.flatMap((f: any) => f.values.map((v: any) => v.value));
	const emailsOf = (entity: any) =>
		(entity.custom_fields_values ?? [])
			.filter((f: any) => f.field_code === 'EMAIL')
			.flatMap((f: any) => f.values.map((v: any) => v.value));
	const contactIdsOf = (lead: any) => (lead._embedded?.contacts ?? []).map((c: any) => c.id);
	const stageName = (lead: any) => {
		const pipeline = state().pipelines.find((p: any) => p.id === lead.pipeline_id);
		return {
			pipeline: pipeline.name,
			stage: pipeline.statuses.find((s: any) => s.id === lead.status_id).name,
		};
	};

	const SEED_AMOCRM = {
		contacts: [
			{
				id: 1,
				name: 'Тестовый Контакт',
				custom_fields_values: [
					{ field_id: 1, field_name: 'Email', values: [{ value: 'test@example.com' }] },
				],
			},
		],
		deals: [{ id: 1, name: 'Тестовая сделка', price: 50000, contacts: [{ id: 1 }] }],
		pipelines: [],
	};
	const SEED_BITRIX24 = {
		contacts: [
			{
				ID: '1',
				NAME: 'Тестовый',
				LAST_NAME: 'Контакт',
				EMAIL: [{ VALUE: 'test@example.com', VALUE_TYPE: 'WORK' }],
			},
		],
		deals: [{ ID: '1', TITLE: 'Тестовая сделка', OPPORTUNITY: '50000', CONTACT_ID: '1' }],
		stages: [],
	};
	const ADMIN = 'admin@sandbox.test';

	describe('migration form: errors, each before anything is written', () => {
		it('an unreadable file: "Could not read the file: …"', async () => {
			const { title, message, report } = await migrate(
				{ Source: 'amoCRM', 'Way In': FILE, 'Default Responsible User': ADMIN },
				'{"contacts": [',
			);
			expect(title).toBe('Migration stopped: nothing was written');
			expect(message).toMatch(/^Could not read the file: .+/);
			expect(report).toBeNull();
			expect(amo.requests).toHaveLength(0);
		});

		it('a file that is not an export of the chosen source', async () => {
			const wrongShape = await migrate(
				{ Source: 'amoCRM', 'Way In': FILE, 'Default Responsible User': ADMIN },
				'[1, 2]',
			);
			expect(wrongShape.message).toBe(
				'Could not read the file: it holds no export (a JSON object with contacts, deals and pipelines or stages was expected).',
			);
			const notAList = await migrate(
				{ Source: 'Bitrix24', 'Way In': FILE, 'Default Responsible User': ADMIN },
				'{"contacts": {"ID": "1"}}',
			);
			expect(notAList.message).toBe('Could not read the file: "contacts" is not a list.');
			const otherSource = await migrate(
				{ Source: 'Bitrix24', 'Way In': FILE, 'Default Responsible User': ADMIN },
				JSON.stringify(SEED_AMOCRM),
			);
			expect(otherSource.message).toBe(
				'Could not read the file: it is an amoCRM export, but Bitrix24 was chosen as the source.',
			);
			expect(writes()).toHaveLength(0);
		});

		it('no default user, or one the account does not have', async () => {
			const none = await migrate({ Source: 'amoCRM', 'Way In': FILE }, JSON.stringify(SEED_AMOCRM));
			expect(none.title).toBe('Migration stopped: nothing was written');
			expect(none.message).toBe(
				'Choose the default responsible user: the name, email or ID of a user of your amoCRM account.',
			);
			expect(amo.requests).toHaveLength(0);
			const unknown = await migrate(
				{ Source: 'amoCRM', 'Way In': FILE, 'Default Responsible User': 'nobody@example.com' },
				JSON.stringify(SEED_AMOCRM),
			);
			expect(unknown.message).toMatch(
				/^There is no user "nobody@example.com" in your amoCRM account\. Users: Администратор \(admin@sandbox\.test\), Анна/,
			);
			expect(writes()).toHaveLength(0);
		});

		it('wrong source credentials: the amoCRM token, the Bitrix24 webhook', async () => {
			const amoSource = await migrate({
				Source: 'amoCRM',
				'Way In': API,
				'amoCRM Address': source.url,
				'amoCRM Token': WRONG_SECRETS.sourceToken,
				'Default Responsible User': ADMIN,
			});
			expect(amoSource.title).toBe('Migration stopped: nothing was written');
			expect(amoSource.message).toMatch(
				/^The source did not answer as expected \(check its address and token or webhook URL\): .*401/s,
			);
			const badHook = b24.webhookUrl.replace(/\/[^/]+\/$/, `/${WRONG_SECRETS.webhookCode}/`);
			const bitrix = await migrate({
				Source: 'Bitrix24',
				'Way In': API,
				'Bitrix24 Webhook URL': badHook,
				'Default Responsible User': ADMIN,
			});
			expect(bitrix.message).toBe(
				'Bitrix24 does not know this webhook: check its URL (like https://mycompany.bitrix24.ru/rest/1/abc123xyz/) or create the inbound webhook again.',
			);
			const malformed = await migrate({
				Source: 'Bitrix24',
				'Way In': API,
				'Bitrix24 Webhook URL': 'mycompany.bitrix24.ru',
				'Default Responsible User': ADMIN,
			});
			expect(malformed.message).toMatch(/^To pull from Bitrix24, give its inbound webhook URL/);
			const noToken = await migrate({
				Source: 'amoCRM',
				'Way In': API,
				'amoCRM Address': 'mycompany',
				'Default Responsible User': ADMIN,
			});
			expect(noToken.message).toMatch(
				/^To pull from amoCRM, give the address of the source account/,
			);
			expect(amo.requests).toHaveLength(0);
		});

		it('wrong target credentials: the amoCRM credential of the nodes', async () => {
			await importJson(home, 'credentials', credential(WRONG_SECRETS.revokedToken));
			try {
				const { title, message } = await migrate(
					{ Source: 'amoCRM', 'Way In': FILE, 'Default Responsible User': ADMIN },
					JSON.stringify(SEED_AMOCRM),
				);
				expect(title).toBe('Migration stopped: nothing was written');
				expect(message).toMatch(
					/^Your amoCRM account refused the request \(check the amoCRM credential of the nodes\): .+/,
				);
			} finally {
				await importJson(home, 'credentials', credential(AMOCRM_SANDBOX.longLivedToken));
			}
			expect(amo.requests.every((r) => r.status === 401)).toBe(true);
			expect(writes()).toHaveLength(0);
		});

		it('an empty export {} completes with nothing created', async () => {
			const { title, report } = await migrate(
				{ Source: 'amoCRM', 'Way In': FILE, 'Default Responsible User': ADMIN },
				'{}',
			);
			expect(title).toBe('Migration finished');
			expect(report.summary).toEqual(summary([0, 0], [0, 0]));
			expect(writes()).toHaveLength(0);
		});
	});

	describe('migration form: the seed examples', () => {
		it('amoCRM minimal export: a contact with its email, a deal linked to it; again: nothing new', async () => {
			const first = await migrate(
				{
					Source: 'amoCRM',
					'Way In': FILE,
					'Default Responsible User': 'Анна Менеджер',
					'Deal Tag': 'импорт',
				},
				JSON.stringify(SEED_AMOCRM),
			);
			expect(first.title).toBe('Migration finished');
			expect(first.message).toMatch(
				/^Contacts: 1 created, 0 skipped\nDeals: 1 created, 0 skipped\n/,
			);
			const [contact] = state().contacts;
			expect(contact).toMatchObject({
				name: 'Тестовый Контакт',
				responsible_user_id: AMOCRM_SANDBOX.users.anna,
			});
			expect(emailsOf(contact)).toEqual(['test@example.com']);
			const [lead] = state().leads;
			expect(lead).toMatchObject({
				name: 'Тестовая сделка',
				price: 50000,
				pipeline_id: AMOCRM_SANDBOX.pipelineId,
				status_id: AMOCRM_SANDBOX.statuses.first,
				responsible_user_id: AMOCRM_SANDBOX.users.anna,
			});
			expect(contactIdsOf(lead)).toEqual([contact.id]);
			expect(lead._embedded.tags.map((t: any) => t.name)).toEqual(['импорт']);
			expect(first.report.entries).toEqual(
				expect.arrayContaining([
					{
						type: 'contact',
						source_id: '1',
						name: 'Тестовый Контакт',
						result: 'created',
						id: contact.id,
					},
					{ type: 'deal', source_id: '1', name: 'Тестовая сделка', result: 'created', id: lead.id },
				]),
			);

			amo.requests.length = 0;
			const again = await migrate(
				{
					Source: 'amoCRM',
					'Way In': FILE,
					'Default Responsible User': 'Анна Менеджер',
					'Deal Tag': 'импорт',
				},
				JSON.stringify(SEED_AMOCRM),
			);
			expect(again.report.summary.contacts).toEqual({ created: 0, skipped: 1, failed: 0 });
			expect(again.report.summary.deals).toEqual({ created: 0, skipped: 1, failed: 0 });
			expect(again.report.entries).toEqual([
				{
					type: 'contact',
					source_id: '1',
					name: 'Тестовый Контакт',
					result: 'skipped',
					id: contact.id,
					reason: 'already in amoCRM (same email test@example.com)',
				},
				{
					type: 'deal',
					source_id: '1',
					name: 'Тестовая сделка',
					result: 'skipped',
					id: lead.id,
					reason: 'already in amoCRM (same name, amount and contact)',
				},
			]);
			expect(writes()).toHaveLength(0);
		});

		it('Bitrix24 minimal export: the same contact and deal', async () => {
			const { report } = await migrate(
				{
					Source: 'Bitrix24',
					'Way In': FILE,
					'Default Responsible User': String(AMOCRM_SANDBOX.users.boris),
				},
				JSON.stringify(SEED_BITRIX24),
			);
			expect(report.summary.contacts.created).toBe(1);
			expect(report.summary.deals.created).toBe(1);
			const [contact] = state().contacts;
			expect(contact).toMatchObject({
				name: 'Тестовый Контакт',
				first_name: 'Тестовый',
				last_name: 'Контакт',
				responsible_user_id: AMOCRM_SANDBOX.users.boris,
			});
			expect(emailsOf(contact)).toEqual(['test@example.com']);
			const [lead] = state().leads;
			expect(lead).toMatchObject({ name: 'Тестовая сделка', price: 50000 });
			expect(contactIdsOf(lead)).toEqual([contact.id]);
		});
	});

	describe('migration form: pulled from the source API', () => {
		const b24Reset = async (faults: Record<string, unknown> = {}) => {
			await fetch(`${b24.url}/__sandbox/reset`, { method: 'POST' });
			await fetch(`${b24.url}/__sandbox/faults`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(faults),
			});
			b24.requests.length = 0;
		};
		const pullBitrix24 = () =>
			migrate({
				Source: 'Bitrix24',
				'Way In': API,
				'Bitrix24 Webhook URL': b24.webhookUrl,
				'Default Responsible User': 'Администратор',
				'Create Missing Pipelines and Stages': 'Yes',
			});
		/** The calls of each batch request Bitrix24 answered, by name. */
		const batches = () =>
			b24.requests
				.filter((r) => r.status === 200)
				.map((r) => Object.keys((r.body as any).cmd).join(' '));

		it('Bitrix24 webhook: stages by name (missing ones added), companies by COMPANY_ID, won deals, duplicates in the portal', async () => {
			await b24Reset();
			const contacts = Array.from({ length: 60 }, (_, i) => ({
				ID: String(i + 1),
				NAME: `Имя${i}`,
				LAST_NAME: `Фамилия${i}`,
				PHONE: [
					{
						VALUE: `8 (912) 000-${String(1000 + i).slice(1, 3)}-${String(1000 + i).slice(2)}`,
						VALUE_TYPE: 'WORK',
					},
				],
				...(i % 3 === 0
					? { EMAIL: [{ VALUE: `b24client${i}@example.com`, VALUE_TYPE: 'WORK' }] }
					: {}),
				COMPANY_ID: i % 2 ? '4' : '0',
				POST: 'Менеджер',
			}));
			// The portal has the first client twice (the same number written another way).
			contacts.push({
				ID: '61',
				NAME: 'Имя0',
				LAST_NAME: 'Дубль',
				PHONE: [{ VALUE: '+7 912 000 00 00', VALUE_TYPE: 'MOBILE' }],
				COMPANY_ID: '0',
				POST: '',
			} as any);
			b24.sandbox.seed({
				companies: [{ ID: '4', TITLE: 'ООО Ромашка' }],
				contacts,
				deals: [
					{
						ID: '1',
						TITLE: 'Поставка',
						OPPORTUNITY: '120000',
						CURRENCY_ID: 'RUB',
						STAGE_ID: 'PREPARATION',
						CONTACT_ID: '2',
					},
					{ ID: '2', TITLE: 'Выигранная', OPPORTUNITY: '5000', STAGE_ID: 'WON', CONTACT_ID: '61' },
				],
			} as any);
			const { report } = await pullBitrix24();
			expect(report.summary).toMatchObject({
				contacts: { created: 60, skipped: 1, failed: 0 },
				deals: { created: 2, skipped: 0, failed: 0 },
				companies: { created: 1, skipped: 0, failed: 0 },
			});
			expect(report.entries).toContainEqual({
				type: 'contact',
				source_id: '61',
				name: 'Имя0 Дубль',
				result: 'skipped',
				reason: 'duplicate of contact 1 in the file (same phone 9120000000)',
			});
			// Two requests: funnels, stages and the first page of each list (with its count); then the rest of the contacts by ID.
			expect(batches()).toEqual(['funnels stages company_0 contact_0 deal_0', 'contact_0']);
			expect((b24.requests[1].body as any).cmd.contact_0).toMatch(/start=-1&filter\[%3EID\]=50$/);
			const s = state();
			expect(s.contacts).toHaveLength(60);
			expect(phonesOf(s.contacts[0])).toEqual(['+79120000000']);
			expect(s.companies.map((c: any) => c.name)).toEqual(['ООО Ромашка']);
			const linked = s.links.filter(
				(l: any) => l.entity_type === 'contacts' && l.to_entity_type === 'companies',
			);
			expect(linked).toHaveLength(30);
			const [supply, won] = s.leads;
			expect(stageName(supply)).toEqual({ pipeline: 'Воронка', stage: 'Подготовка документов' });
			expect(contactIdsOf(supply)).toEqual([s.contacts[1].id]);
			expect(won.status_id).toBe(142);
			expect(contactIdsOf(won)).toEqual([s.contacts[0].id]);
			const stages = s.pipelines[0].statuses.map((st: any) => st.name);
			expect(stages).toEqual(
				expect.arrayContaining([
					'Первичный контакт',
					'Переговоры',
					'Новая',
					'Подготовка документов',
					'В работе',
				]),
			);
		});

		it('Bitrix24 funnels become pipelines: won and lost deals of every funnel stay closed, companies shared and of deals; a second run writes nothing', async () => {
			await b24Reset();
			b24.sandbox.seed({
				categories: [
					{ id: 3, name: 'Опт' },
					{
						id: 7,
						name: 'Тендеры',
						stages: [
							{ STATUS_ID: 'C7:NEW', NAME: 'Заявка' },
							{ STATUS_ID: 'C7:UC_A1', NAME: 'Подача' },
							{ STATUS_ID: 'C7:WON', NAME: 'Выиграли', SEMANTICS: 'S' },
							{ STATUS_ID: 'C7:LOSE', NAME: 'Проиграли', SEMANTICS: 'F' },
							{ STATUS_ID: 'C7:UC_NO', NAME: 'Отказ клиента', SEMANTICS: 'F' },
						],
					},
				],
				companies: [
					{ ID: '1', TITLE: 'ООО Альфа' },
					{ ID: '2', TITLE: 'АО Бета' },
					{ ID: '3', TITLE: 'ИП Гамма' },
				],
				contacts: [1, 2, 3, 4, 5].map((n) => ({
					ID: String(n),
					NAME: `Клиент${n}`,
					PHONE: [{ VALUE: `+7 913 000 00 0${n}`, VALUE_TYPE: 'WORK' }],
					COMPANY_ID: n <= 3 ? '1' : n === 5 ? '2' : '0',
					COMPANY_TITLE: 'не поле контакта',
				})),
				deals: [
					{
						ID: '1',
						TITLE: 'Основная',
						OPPORTUNITY: '100',
						STAGE_ID: 'PREPARATION',
						CONTACT_ID: '1',
					},
					{
						ID: '2',
						TITLE: 'Опт в работе',
						OPPORTUNITY: '200',
						STAGE_ID: 'C3:EXECUTING',
						CONTACT_ID: '2',
					},
					{
						ID: '3',
						TITLE: 'Опт выигран',
						OPPORTUNITY: '300',
						STAGE_ID: 'C3:WON',
						CONTACT_ID: '3',
					},
					{
						ID: '4',
						TITLE: 'Тендер отказ',
						OPPORTUNITY: '400',
						STAGE_ID: 'C7:UC_NO',
						CONTACT_ID: '4',
					},
					{
						ID: '5',
						TITLE: 'Тендер подача',
						OPPORTUNITY: '500',
						STAGE_ID: 'C7:UC_A1',
						CONTACT_ID: '5',
						COMPANY_ID: '3',
					},
					{
						ID: '6',
						TITLE: 'Опт проигран',
						OPPORTUNITY: '600',
						STAGE_ID: 'C3:LOSE',
						CONTACT_ID: '0',
					},
				],
			} as any);
			const { report } = await pullBitrix24();
			expect(report.summary).toMatchObject({
				contacts: { created: 5, failed: 0 },
				deals: { created: 6, failed: 0 },
				pipelines: { created: 2, failed: 0 },
				companies: { created: 3, failed: 0 },
			});
			const s = state();
			const lead = (name: string) => s.leads.find((l: any) => l.name === name);
			const placed = (name: string) => {
				const l = lead(name);
				const pipeline = s.pipelines.find((p: any) => p.id === l.pipeline_id).name;
				return l.status_id === 142 || l.status_id === 143
					? { pipeline, status: l.status_id }
					: { pipeline, stage: stageName(l).stage };
			};
			expect(placed('Основная')).toEqual({ pipeline: 'Воронка', stage: 'Подготовка документов' });
			expect(placed('Опт в работе')).toEqual({ pipeline: 'Опт', stage: 'В работе' });
			expect(placed('Опт выигран')).toEqual({ pipeline: 'Опт', status: 142 });
			expect(placed('Опт проигран')).toEqual({ pipeline: 'Опт', status: 143 });
			expect(placed('Тендер отказ')).toEqual({ pipeline: 'Тендеры', status: 143 });
			expect(placed('Тендер подача')).toEqual({ pipeline: 'Тендеры', stage: 'Подача' });
			const tender = s.pipelines
				.find((p: any) => p.name === 'Тендеры')
				.statuses.map((st: any) => st.name);
			expect(tender).toEqual(expect.arrayContaining(['Заявка', 'Подача']));
			expect(tender).not.toContain('Отказ клиента');
			const company = (name: string) => s.companies.find((c: any) => c.name === name).id;
			expect(s.companies.map((c: any) => c.name).sort()).toEqual([
				'АО Бета',
				'ИП Гамма',
				'ООО Альфа',
			]);
			const contactOf = (n: number) => s.contacts.find((c: any) => c.name === `Клиент${n}`).id;
			const companyLinks = (type: string) =>
				s.links
					.filter((l: any) => l.entity_type === type && l.to_entity_type === 'companies')
					.map((l: any) => [l.entity_id, l.to_entity_id]);
			expect(companyLinks('contacts').sort()).toEqual(
				[
					[contactOf(1), company('ООО Альфа')],
					[contactOf(2), company('ООО Альфа')],
					[contactOf(3), company('ООО Альфа')],
					[contactOf(5), company('АО Бета')],
				].sort(),
			);
			expect(companyLinks('leads')).toEqual([[lead('Тендер подача').id, company('ИП Гамма')]]);

			amo.requests.length = 0;
			const again = await pullBitrix24();
			expect(again.report.summary).toMatchObject({
				contacts: { created: 0, skipped: 5 },
				deals: { created: 0, skipped: 6 },
				pipelines: { created: 0 },
				companies: { created: 0 },
			});
			expect(writes()).toHaveLength(0);
		});

		it('Bitrix24 limits: waits out QUERY_LIMIT_EXCEEDED and the operating-time limit of a method, then reads on from the last ID', async () => {
			// A bucket of one request refilled every 2 s, and 0.35 s of crm.contact.list per 3 s.
			await b24Reset({
				burst: 1,
				rps: 0.5,
				operatingBudgetS: 0.35,
				operatingWindowS: 3,
				callCostS: 0.1,
			});
			b24.sandbox.seed({
				contacts: Array.from({ length: 300 }, (_, i) => ({
					ID: String(i + 1),
					NAME: `Лимит${i}`,
					PHONE: [{ VALUE: `+7914${String(1000000 + i).slice(1)}`, VALUE_TYPE: 'WORK' }],
				})),
			} as any);
			const { report } = await pullBitrix24();
			expect(report.summary.contacts).toEqual({ created: 300, skipped: 0, failed: 0 });
			expect(state().contacts).toHaveLength(300);
			expect(b24.requests.filter((r) => r.status === 503).length).toBeGreaterThan(0);
			// Contact pages Bitrix24 answered: each of the 6 pages once, then the empty one that ends the list.
			const answered = b24.requests
				.filter((r) => r.status === 200)
				.flatMap((r) =>
					Object.entries((r.body as any).cmd)
						.filter(([name]) => name.startsWith('contact_'))
						.map(([, cmd]) => cmd as string),
				);
			expect(answered.length).toBeGreaterThan(7); // some were refused in their batch and sent again
			// Each request starts from the last ID read, never from the beginning.
			const cursors = answered
				.map((cmd) => /filter\[%3EID\]=(\d+)$/.exec(cmd)?.[1])
				.filter(Boolean)
				.map(Number);
			expect(cursors[0]).toBe(50);
			expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
		});

		it('Bitrix24 refusals name their cause and are not retried', async () => {
			const causes: Record<string, RegExp> = {
				insufficient_scope: /^The inbound webhook has no CRM permission/,
				ACCESS_DENIED:
					/^Bitrix24 refused the webhook: REST is available only on paid Bitrix24 plans/,
				NO_AUTH_FOUND: /^Bitrix24 does not know this webhook/,
			};
			for (const [authError, message] of Object.entries(causes)) {
				await b24Reset({ authError });
				const outcome = await pullBitrix24();
				expect(outcome.title).toBe('Migration stopped: nothing was written');
				expect(outcome.message).toMatch(message);
				expect(b24.requests).toHaveLength(1);
			}
			expect(writes()).toHaveLength(0);
		});

		it('amoCRM account (address + token), read 250 per page until amoCRM answers 204, deals into the pipeline of the same name', async () => {
			source.sandbox.reset();
			source.requests.length = 0;
			source.sandbox.seed({
				contacts: Array.from({ length: 260 }, (_, i) => ({
					id: 21000001 + i,
					name: `Клиент ${i}`,
					custom_fields_values: [
						{
							field_id: F.contactPhone,
							values: [{ value: `+7913${String(1000000 + i).slice(1)}`, enum_code: 'WORK' }],
						},
					],
				})),
				leads: [
					{
						id: 31000001,
						name: 'Продажа',
						price: 700,
						status_id: AMOCRM_SANDBOX.statuses.second,
						pipeline_id: AMOCRM_SANDBOX.pipelineId,
					},
				],
				links: [
					{
						entity_type: 'leads',
						entity_id: 31000001,
						to_entity_type: 'contacts',
						to_entity_id: 21000003,
					},
				],
			} as any);
			const { report } = await migrate({
				Source: 'amoCRM',
				'Way In': API,
				'amoCRM Address': source.url,
				'amoCRM Token': AMOCRM_SANDBOX.longLivedToken,
				'Default Responsible User': ADMIN,
				'Create Missing Pipelines and Stages': 'Yes',
			});
			expect(report.summary.contacts.created).toBe(260);
			expect(report.summary.deals.created).toBe(1);
			expect(source.requests.map((r) => `${r.path} ${r.query.page ?? ''}`)).toEqual([
				'/api/v4/contacts 1',
				'/api/v4/contacts 2',
				'/api/v4/contacts 3',
				'/api/v4/leads 1',
				'/api/v4/leads 2',
				'/api/v4/leads/pipelines ',
			]);
			const s = state();
			const lead = s.leads[0];
			expect(lead).toMatchObject({ name: 'Продажа', price: 700 });
			expect(stageName(lead).stage).toBe('Переговоры');
			expect(contactIdsOf(lead)).toEqual([s.contacts.find((c: any) => c.name === 'Клиент 2').id]);
			// A migration that finishes saves no execution, so the source token typed into the form is not
			// kept in n8n's database; the scan every file ends with looks for it in n8n's log and what was saved.
			const saved = await publicApi(n8n, await apiKey(n8n))(
				'GET',
				'/executions?workflowId=amoMigration0001&status=success&limit=250',
			);
			expect(saved.data).toEqual([]);
		});
	});
	describe('amoCRM → JSON export', () => {
		it('writes every contact, deal and pipeline in the migration format, reading 250 records per request', async () => {
			const contacts = Array.from({ length: 260 }, (_, i) => ({
				id: 21000001 + i,
				name: `Клиент ${i}`,
				first_name: `Имя${i}`,
				last_name: `Фамилия${i}`,
				custom_fields_values: [
					{
						field_id: F.contactPhone,
						values: [{ value: `+7999${String(1000000 + i).slice(1)}`, enum_code: 'WORK' }],
					},
					...(i % 2
						? [
								{
									field_id: F.contactEmail,
									values: [{ value: `client${i}@example.com`, enum_code: 'WORK' }],
								},
							]
						: []),
				],
			}));
			amo.sandbox.seed({
				contacts,
				leads: [
					{
						id: 31000001,
						name: 'Продажа товара',
						price: 100000,
						status_id: AMOCRM_SANDBOX.statuses.second,
						pipeline_id: AMOCRM_SANDBOX.pipelineId,
					},
					{
						id: 31000002,
						name: 'Без контакта',
						price: 0,
						status_id: 143,
						pipeline_id: AMOCRM_SANDBOX.pipelineId,
					},
				],
				links: [
					{
						entity_type: 'leads',
						entity_id: 31000001,
						to_entity_type: 'contacts',
						to_entity_id: 21000002,
					},
				],
			} as any);
			const result = await executeWorkflow(home, 'amoExportJson001', port - 2);
			expect(result.data.resultData.error).toBeUndefined();
			const runData = result.data.resultData.runData;
			const exported = runData.Export[0].data.main[0][0].json;
			expect(exported.contacts).toHaveLength(260);
			expect(exported.contacts[1]).toEqual({
				id: 21000002,
				name: 'Клиент 1',
				first_name: 'Имя1',
				last_name: 'Фамилия1',
				custom_fields_values: [
					{ field_id: F.contactPhone, field_name: 'Phone', values: [{ value: '+7999000001' }] },
					{
						field_id: F.contactEmail,
						field_name: 'Email',
						values: [{ value: 'client1@example.com' }],
					},
				],
			});
			expect(exported.deals).toEqual([
				{
					id: 31000001,
					name: 'Продажа товара',
					price: 100000,
					status_id: AMOCRM_SANDBOX.statuses.second,
					pipeline_id: AMOCRM_SANDBOX.pipelineId,
					contacts: [{ id: 21000002 }],
				},
				{
					id: 31000002,
					name: 'Без контакта',
					price: 0,
					status_id: 143,
					pipeline_id: AMOCRM_SANDBOX.pipelineId,
					contacts: [],
				},
			]);
			expect(exported.pipelines).toEqual([
				{
					id: AMOCRM_SANDBOX.pipelineId,
					name: 'Воронка',
					statuses: [
						{ id: AMOCRM_SANDBOX.statuses.first, name: 'Первичный контакт', color: '#99ccff' },
						{ id: AMOCRM_SANDBOX.statuses.second, name: 'Переговоры', color: '#ffff99' },
						{ id: 142, name: 'Успешно реализовано', color: '#CCFF66' },
						{ id: 143, name: 'Закрыто и не реализовано', color: '#D5D8DB' },
					],
				},
			]);
			const file = runData['Export File'][0].data.main[0][0].binary.data;
			expect(file).toMatchObject({ fileName: 'amocrm-export.json', mimeType: 'application/json' });
			const reads = amo.requests.filter((r) => r.path.startsWith('/api/v4/'));
			expect(reads.map((r) => `${r.method} ${r.path}`)).toEqual([
				'GET /api/v4/contacts',
				'GET /api/v4/contacts',
				'GET /api/v4/leads',
				'GET /api/v4/leads/pipelines',
			]);
			expect(reads.every((r) => r.status === 200)).toBe(true);
		});
	});

	describe('migration form: volume, repeat and round trip', () => {
		it('2,000 contacts and 2,000 deals, 10 % duplicates in the file and 10 % already in amoCRM, imported twice', async () => {
			const digits = (person: number) => `910${String(person).padStart(7, '0')}`;
			const pipelines = [
				{
					id: 1,
					name: 'Основная воронка',
					statuses: [
						{ id: 11, name: 'Первичный контакт', color: '#3B82F6' },
						{ id: 12, name: 'Коммерческое предложение', color: '#10B981' },
						{ id: 142, name: 'Успешно', color: '#CCFF66' },
					],
				},
				{
					id: 2,
					name: 'Опт',
					statuses: [
						{ id: 21, name: 'Заявка', color: '#F59E0B' },
						{ id: 22, name: 'Счёт', color: '#EF4444' },
					],
				},
			];
			const contact = (
				id: number,
				person: number,
				phone: string,
				email?: string,
				name = `Клиент ${person}`,
			) => ({
				id,
				name,
				custom_fields_values: [
					{ field_id: 1, field_name: 'Phone', values: [{ value: phone }] },
					...(email ? [{ field_id: 2, field_name: 'Email', values: [{ value: email }] }] : []),
				],
			});
			// 1,800 people; contacts 1,800..1,999 are people 0, 9, 18, … again, written another way.
			const contacts = [
				...Array.from({ length: 1800 }, (_, p) =>
					contact(1000 + p, p, `+7${digits(p)}`, p % 2 ? undefined : `client${p}@example.com`),
				),
				...Array.from({ length: 200 }, (_, k) =>
					contact(
						2800 + k,
						k * 9,
						`8 (${digits(k * 9).slice(0, 3)}) ${digits(k * 9).slice(3, 6)}-${digits(k * 9).slice(6)}`,
						undefined,
						`Клиент ${k * 9} (дубль)`,
					),
				),
			];
			const deal = (id: number, d: number, contactId: number) => ({
				id,
				name: `Сделка ${d}`,
				price: 1000 + d,
				pipeline_id: 1 + (d % 2),
				status_id: d % 2 ? 22 : d % 5 ? 12 : 142,
				contacts: [{ id: contactId }],
			});
			// Deals 1,800..1,999 repeat deals 0, 9, 18, … on the duplicate contacts of the same people.
			const deals = [
				...Array.from({ length: 1800 }, (_, d) => deal(5000 + d, d, 1000 + d)),
				...Array.from({ length: 200 }, (_, k) => deal(6800 + k, k * 9, 2800 + k)),
			];
			const file = JSON.stringify({ contacts, deals, pipelines });
			// People 1,600..1,799 and their deals are already in amoCRM (phones stored with spaces).
			amo.sandbox.seed({
				contacts: Array.from({ length: 200 }, (_, i) => ({
					id: 21000001 + i,
					name: `Клиент ${1600 + i}`,
					custom_fields_values: [
						{
							field_id: F.contactPhone,
							values: [{ value: `8 ${digits(1600 + i)}`, enum_code: 'WORK' }],
						},
					],
				})),
				leads: Array.from({ length: 200 }, (_, i) => ({
					id: 31000001 + i,
					name: `Сделка ${1600 + i}`,
					price: 2600 + i,
				})),
				links: Array.from({ length: 200 }, (_, i) => ({
					entity_type: 'leads',
					entity_id: 31000001 + i,
					to_entity_type: 'contacts',
					to_entity_id: 21000001 + i,
				})),
			} as any);
			const fields = {
				Source: 'amoCRM',
				'Way In': FILE,
				'Default Responsible User': ADMIN,
				'Deal Tag': 'миграция',
				'Create Missing Pipelines and Stages': 'Yes',
			};

			const first = await migrate(fields, file);
			expect(first.report.summary).toEqual(summary([1600, 400], [1600, 400], [2, 0]));
			const skipReasons = first.report.entries
				.filter((e: any) => e.result === 'skipped')
				.map(
					(e: any) =>
						`${e.type}: ${e.reason.replace(/ \d+ in the file/, ' … in the file').replace(/ (phone|email) \S+\)/, ' $1)')}`,
				);
			const count = (reason: string) => skipReasons.filter((r: string) => r === reason).length;
			// 22 of the people written twice (1,602, 1,611, … 1,791) are also among those already in amoCRM.
			expect(count('contact: already in amoCRM (same phone)')).toBe(200 + 22);
			expect(count('contact: duplicate of contact … in the file (same phone)')).toBe(200 - 22);
			expect(count('deal: already in amoCRM (same name, amount and contact)')).toBe(200 + 22);
			expect(count('deal: duplicate of deal … in the file (same name, amount and contact)')).toBe(
				200 - 22,
			);

			const s = state();
			expect(s.contacts).toHaveLength(1800);
			expect(s.leads).toHaveLength(1800);
			// Every person once, every deal once, on its person's contact, in the pipeline and stage of the export.
			const people = new Map(s.contacts.map((c: any) => [phonesOf(c)[0].slice(-7), c]));
			expect(people.size).toBe(1800);
			const byName = new Map(s.leads.map((l: any) => [l.name, l]));
			expect(byName.size).toBe(1800);
			for (const d of [0, 1, 5, 10, 1599, 1601]) {
				const lead: any = byName.get(`Сделка ${d}`);
				expect(contactIdsOf(lead)).toEqual([(people.get(String(d).padStart(7, '0')) as any).id]);
				if (d < 1600) {
					expect(stageName(lead)).toEqual(
						d % 2
							? { pipeline: 'Опт', stage: 'Счёт' }
							: d % 5
								? { pipeline: 'Основная воронка', stage: 'Коммерческое предложение' }
								: { pipeline: 'Основная воронка', stage: 'Успешно реализовано' },
					);
					expect(lead._embedded.tags.map((t: any) => t.name)).toEqual(['миграция']);
				}
			}
			const client0: any = people.get('0000000');
			expect(emailsOf(client0)).toEqual(['client0@example.com']);
			// Writes in batches of 50, as amoCRM advises: 1 for both pipelines, 32 for the 1,600 new contacts, 32 for their deals.
			const posts = writes().map((r) => `${r.method} ${r.path}`);
			expect(posts.filter((p) => p === 'POST /api/v4/contacts')).toHaveLength(32);
			expect(posts.filter((p) => p === 'POST /api/v4/leads')).toHaveLength(32);
			expect(posts.filter((p) => p === 'POST /api/v4/leads/pipelines')).toHaveLength(1);
			expect(posts).toHaveLength(65);

			amo.requests.length = 0;
			const second = await migrate(fields, file);
			expect(second.report.summary).toEqual(summary([0, 2000], [0, 2000], [0, 2]));
			expect(writes()).toHaveLength(0);
			// Reads of the target grow with records / 250: users, pipelines, 8 pages of contacts (+ the closing 204), companies, 8 of deals.
			const reads = amo.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v4/'));
			expect(reads.length).toBeLessThanOrEqual(2 + 9 + 1 + 9 + 2);
			expect(state().contacts).toHaveLength(1800);
		});

		it('export → import round trip reproduces contacts, deals and pipelines', async () => {
			amo.sandbox.seed({
				contacts: [
					{
						id: 21000001,
						name: 'Анна Смирнова',
						first_name: 'Анна',
						last_name: 'Смирнова',
						custom_fields_values: [
							{
								field_id: F.contactPhone,
								values: [
									{ value: '+79315550001', enum_code: 'WORK' },
									{ value: '+79315550002', enum_code: 'MOB' },
								],
							},
							{
								field_id: F.contactEmail,
								values: [{ value: 'anna@example.com', enum_code: 'WORK' }],
							},
						],
					},
					{
						id: 21000002,
						name: 'Олег',
						custom_fields_values: [
							{
								field_id: F.contactEmail,
								values: [{ value: 'oleg@example.com', enum_code: 'PRIV' }],
							},
						],
					},
					{ id: 21000003, name: 'Без контактов' },
				],
				leads: [
					{
						id: 31000001,
						name: 'Поставка',
						price: 90000,
						status_id: AMOCRM_SANDBOX.statuses.second,
						pipeline_id: AMOCRM_SANDBOX.pipelineId,
					},
					{
						id: 31000002,
						name: 'Проигранная',
						price: 10,
						status_id: 143,
						pipeline_id: AMOCRM_SANDBOX.pipelineId,
					},
					{
						id: 31000003,
						name: 'Ничья',
						price: 0,
						status_id: AMOCRM_SANDBOX.statuses.first,
						pipeline_id: AMOCRM_SANDBOX.pipelineId,
					},
				],
				links: [
					{
						entity_type: 'leads',
						entity_id: 31000001,
						to_entity_type: 'contacts',
						to_entity_id: 21000001,
					},
					{
						entity_type: 'leads',
						entity_id: 31000002,
						to_entity_type: 'contacts',
						to_entity_id: 21000002,
					},
				],
			} as any);
			const result = await executeWorkflow(home, 'amoExportJson001', port - 2);
			const exported = result.data.resultData.runData.Export[0].data.main[0][0].json;
			const picture = () => {
				const s = state();
				const contactName = new Map(s.contacts.map((c: any) => [c.id, c.name]));
				return {
					contacts: s.contacts.map((c: any) => ({
						name: c.name,
						phones: phonesOf(c),
						emails: emailsOf(c),
					})),
					deals: s.leads.map((l: any) => ({
						name: l.name,
						price: l.price,
						...stageName(l),
						contacts: contactIdsOf(l).map((id: number) => contactName.get(id)),
					})),
					pipelines: s.pipelines.map((p: any) => ({
						name: p.name,
						stages: p.statuses.map((st: any) => st.name),
					})),
				};
			};
			const before = picture();

			amo.sandbox.reset();
			const { report } = await migrate(
				{
					Source: 'amoCRM',
					'Way In': FILE,
					'Default Responsible User': ADMIN,
					'Create Missing Pipelines and Stages': 'Yes',
				},
				JSON.stringify(exported),
				'amocrm-export.json',
			);
			expect(report.summary.contacts.created).toBe(3);
			expect(report.summary.deals.created).toBe(3);
			expect(picture()).toEqual(before);
		});
	});
}
