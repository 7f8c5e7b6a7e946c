// The texts the intake core writes into amoCRM come from its Settings node: the lead name pattern, the
// note's labels and the mark of a phone or email that was not recognised. Decide and Entries are run as
// the workflow holds them, with the Settings the workflow ships and with changed ones.
import { sampleWorkflow } from '../e2e/n8n';
import { codeNode } from './codeNode';

const decide = codeNode('amocrm-intake-core.json', 'Decide');
const entries = codeNode('amocrm-intake-core.json', 'Entries');

/** The plain-text values of the core's Settings node, as a user finds them after import. */
const shipped: Record<string, unknown> = Object.fromEntries(
	sampleWorkflow('amocrm-intake-core.json')
		.nodes.find((n: any) => n.name === 'Settings')
		.parameters.assignments.assignments.filter((a: any) => !String(a.value).startsWith('='))
		.map((a: any) => [a.name, a.value]),
);

const person = {
	source_title: 'Заявка с сайта',
	name: 'Иван',
	phones: ['+79310000001'],
	emails: [],
	found: false,
	route: 'new',
};
const entry = {
	id: 1,
	received_at: 1,
	attempts: 1,
	source_title: 'Заявка с сайта',
	name: 'Иван',
	phone_raw: '8 931 000-00-01',
	phone: '+79310000001',
	email_raw: 'ivan@',
	email: '',
	page: 'Главная',
	form: 'Заказ звонка',
	comment: '',
	utm: '{"utm_source":"ya"}',
};
const written = { action: 'new_client', lead_id: 700, contact_id: 800, entries: [entry] };

describe('intake core texts', () => {
	it('as shipped: the lead name and note read as before', async () => {
		const [decided] = await decide({ Settings: [shipped], $input: [person] });
		expect(decided.lead_name).toBe('Заявка с сайта от Иван');
		const [noted] = await entries({ Settings: [shipped], $input: [written] });
		expect(noted.note_text).toBe(
			[
				'Заявка с сайта',
				'Имя: Иван',
				'Телефон: 8 931 000-00-01',
				'Email: ivan@ (не распознан)',
				'Страница: Главная',
				'Форма: Заказ звонка',
				'UTM: utm_source=ya',
			].join('\n'),
		);
	});

	it('follows changed Settings: pattern, labels and the unrecognised mark', async () => {
		const changed = {
			...shipped,
			leadNamePattern: '{name}: {source} ({source})',
			noteLabelName: 'Name',
			noteLabelPhone: 'Phone',
			noteLabelEmail: 'E-mail',
			noteLabelPage: 'Page',
			noteLabelForm: 'Form',
			noteLabelUtm: 'Tags',
			notRecognised: 'unreadable',
		};
		const [decided] = await decide({ Settings: [changed], $input: [{ ...person, name: '' }] });
		expect(decided.lead_name).toBe(`${shipped.unnamed}: Заявка с сайта (Заявка с сайта)`);
		const [noted] = await entries({ Settings: [changed], $input: [written] });
		expect(noted.note_text).toBe(
			[
				'Заявка с сайта',
				'Name: Иван',
				'Phone: 8 931 000-00-01',
				'E-mail: ivan@ (unreadable)',
				'Page: Главная',
				'Form: Заказ звонка',
				'Tags: utm_source=ya',
			].join('\n'),
		);
	});

	it('no Code node of the core holds a Russian text: they are all in Settings', () => {
		const codes = sampleWorkflow('amocrm-intake-core.json').nodes.filter(
			(n: any) => n.type === 'n8n-nodes-base.code',
		);
		const russian = codes.flatMap((n: any) =>
			[...String(n.parameters.jsCode).matchAll(/[А-Яа-яЁё]+/g)].map((m) => `${n.name}: ${m[0]}`),
		);
		expect(russian).toEqual([]);
	});
});
