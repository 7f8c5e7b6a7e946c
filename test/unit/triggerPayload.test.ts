import { decodeBracketedForm, formPairs } from '../../nodes/shared/bracketForm';
import { webhookItems } from '../../nodes/AmoCrmTrigger/payload';

const items = (body: string) => webhookItems(decodeBracketedForm(formPairs(body)) as any);

describe('webhookItems', () => {
	it('one item per changed lead, numbers as numbers, custom fields and tags as lists, with the account', () => {
		const body = [
			'leads[status][0][id]=15318175',
			'leads[status][0][status_id]=142',
			'leads[status][0][old_status_id]=67548607',
			'leads[status][0][pipeline_id]=8572511',
			'leads[status][0][price]=1000',
			'leads[status][0][name]=Сделка',
			'leads[status][0][custom_fields][0][id]=1246489',
			'leads[status][0][custom_fields][0][name]=Select',
			'leads[status][0][custom_fields][0][values][0][value]=2',
			'leads[status][0][custom_fields][0][values][0][enum]=908107',
			'leads[status][0][custom_fields][1][id]=77',
			'leads[status][0][custom_fields][1][values][0]=1729717200',
			'leads[status][0][tags][0][id]=5',
			'leads[status][0][tags][0][name]=сайт',
			'leads[status][1][id]=2',
			'leads[status][1][status_id]=143',
			'account[subdomain]=test',
			'account[id]=12345678',
		]
			.map((pair) => pair.replace(/\[/g, '%5B').replace(/\]/g, '%5D'))
			.join('&');
		const [first, second] = items(body);
		expect(first).toEqual({
			event: 'lead.status',
			change_key: 'lead:status:15318175:142:',
			entity: 'lead',
			action: 'status',
			id: 15318175,
			status_id: 142,
			old_status_id: 67548607,
			pipeline_id: 8572511,
			price: 1000,
			name: 'Сделка',
			custom_fields: [
				{ id: 1246489, name: 'Select', values: [{ value: '2', enum: 908107 }] },
				{ id: 77, values: [{ value: '1729717200' }] },
			],
			tags: [{ id: 5, name: 'сайт' }],
			account: { subdomain: 'test', id: 12345678 },
		});
		expect(second).toMatchObject({ event: 'lead.status', id: 2, status_id: 143 });
	});

	it('tells contacts from companies, spots a responsible change, and flattens notes', () => {
		const result = items(
			[
				'contacts[add][0][id]=1',
				'contacts[add][0][type]=company',
				'contacts[add][0][name]=Ромашка',
				'contacts[update][0][id]=2',
				'contacts[update][0][type]=contact',
				'contacts[update][0][responsible_user_id]=7',
				'contacts[update][0][old_responsible_user_id]=6',
				'leads[note][0][note][id]=9',
				'leads[note][0][note][text]=Привет',
				'leads[note][0][note][element_id]=3',
				'leads[note][0][note][note_type]=4',
				'task[add][0][id]=4',
				'task[add][0][text]=Позвонить',
				'task[add][0][complete_till]=2026-11-20 10:00:00',
				'unsorted[add][0][uid]=abc',
				'unsorted[add][0][category]=forms',
				'contacts[update][1][id]=3',
				'contacts[update][1][type]=contact',
				'contacts[update][1][custom_fields][0][id]=1',
				'contacts[update][1][custom_fields][0][values][value]=один',
			].join('&'),
		);
		expect(result.map((i) => i.event)).toEqual([
			'company.add',
			'contact.responsible',
			'contact.update',
			'lead.note',
			'task.add',
			'unsorted.add',
		]);
		expect(result[3]).toMatchObject({ id: 9, text: 'Привет', element_id: 3, note_type: 4 });
		expect(result[4]).toMatchObject({ complete_till: '2026-11-20 10:00:00' });
		// A radio button's values arrive as an object, not a list.
		expect(result[2].custom_fields).toEqual([{ id: 1, values: [{ value: 'один' }] }]);
	});

	it('ignores sections that are not objects and empty payloads', () => {
		expect(items('account[id]=1')).toEqual([]);
		expect(items('leads=x&account[id]=1')).toEqual([]);
		expect(items('')).toEqual([]);
	});

	it('names list elements catalog_element, with their list', () => {
		const [element] = items(
			'catalogs[update][0][id]=525439&catalogs[update][0][catalog_id]=4521&catalogs[update][0][name]=Стол&catalogs[update][0][type]=catalog&catalogs[update][0][updated_at]=1700000000&account[id]=1',
		);
		expect(element).toMatchObject({
			event: 'catalog_element.update',
			entity: 'catalog_element',
			action: 'update',
			id: 525439,
			catalog_id: 4521,
			name: 'Стол',
			change_key: 'catalog_element:update:525439::1700000000',
		});
	});
});
