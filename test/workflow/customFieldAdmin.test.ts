import type { IDataObject } from 'n8n-workflow';

import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, credentialsFor, runAmoCrm, seed, state, useSandbox } from './amocrm';

const sandbox = useSandbox();
const writes = async () => (await apiRequests(sandbox)).filter((r) => r.method !== 'GET');
const field = (s: any, entity: string, name: string) => s.custom_fields[entity].find((f: any) => f.name === name);

const SOURCE = 913001;
const sourceField = { id: SOURCE, name: 'Источник', type: 'select', code: 'SOURCE', sort: 10, entity_type: 'leads', enums: [{ id: 1310001, value: 'Сайт', sort: 10 }, { id: 1310002, value: 'Звонок', sort: 20 }] };

describe('custom field: create', () => {
	it('creates fields of several entities, one request per entity, with options and codes', async () => {
		const { out } = await runAmoCrm(
			sandbox,
			{ resource: 'customField', operation: 'create', entityType: '={{$json.entity}}', name: '={{$json.name}}', fieldType: '={{$json.type}}', options: '={{$json.options ?? ""}}', additionalFields: { code: '={{$json.code ?? ""}}' } },
			{
				items: [
					{ entity: 'leads', name: 'Канал', type: 'select', options: 'Сайт\nЗвонок, Рекомендация' },
					{ entity: 'contacts', name: 'Telegram', type: 'text', code: 'TELEGRAM' },
					{ entity: 'leads', name: 'Номер заказа', type: 'text', code: 'ORDER_NUMBER' },
				],
			},
		);
		const posts = await writes();
		expect(posts.map((r) => [r.method, r.path, r.body.length])).toEqual([
			['POST', '/api/v4/leads/custom_fields', 2],
			['POST', '/api/v4/contacts/custom_fields', 1],
		]);
		expect(posts[0].body[0]).toEqual({ type: 'select', name: 'Канал', sort: 500, enums: [{ value: 'Сайт', sort: 10 }, { value: 'Звонок', sort: 20 }, { value: 'Рекомендация', sort: 30 }] });
		const s = await state(sandbox);
		const channel = field(s, 'leads', 'Канал');
		expect(channel.enums.map((e: any) => e.value)).toEqual(['Сайт', 'Звонок', 'Рекомендация']);
		expect(field(s, 'contacts', 'Telegram').code).toBe('TELEGRAM');
		expect(out.map((o) => [o.name, o.id, o.entity_type])).toEqual([
			['Канал', channel.id, 'leads'],
			['Telegram', field(s, 'contacts', 'Telegram').id, 'contacts'],
			['Номер заказа', field(s, 'leads', 'Номер заказа').id, 'leads'],
		]);
		expect(out[0].enums).toEqual(channel.enums);
	});

	it('a type the entity cannot have, a select without options and a blank name are refused before sending', async () => {
		const create = (parameters: IDataObject) => runAmoCrm(sandbox, { resource: 'customField', operation: 'create', entityType: 'leads', name: 'Поле', fieldType: 'text', ...parameters });
		expect((await create({ fieldType: 'birthday', entityType: 'customers' })).error()?.message).toBe('amoCRM does not allow a birthday field on customers');
		expect((await create({ fieldType: 'radiobutton', options: ' , ' })).error()?.message).toBe('A radiobutton field needs options');
		expect((await create({ name: '  ' })).error()?.message).toBe('The field needs a name');
		expect(await writes()).toEqual([]);
	});

	it('what amoCRM refuses comes back clearly: a code taken, an unknown group, a manager’s token', async () => {
		const taken = await runAmoCrm(sandbox, { resource: 'customField', operation: 'create', entityType: 'contacts', name: 'Ещё телефон', fieldType: 'text', additionalFields: { code: 'phone' } });
		expect(taken.error()?.message).toContain('A contacts field with the code PHONE already exists');
		const group = await runAmoCrm(sandbox, { resource: 'customField', operation: 'create', entityType: 'leads', name: 'Поле', fieldType: 'text', additionalFields: { groupId: 'leads_1' } });
		expect(group.error()?.message).toBe('amoCRM refused the request size: Unknown group leads_1');
		const credentials = credentialsFor(sandbox);
		credentials.amoCrmApi = { ...credentials.amoCrmApi, accessToken: AMOCRM_SANDBOX.managerToken };
		const manager = await runAmoCrm(sandbox, { resource: 'customField', operation: 'create', entityType: 'leads', name: 'Поле', fieldType: 'text' }, { credentials });
		expect(manager.error()?.message).toBe('amoCRM refused: this needs the token of an account administrator (HTTP 403)');
		expect((await state(sandbox)).custom_fields.leads ?? []).toEqual([]);
	});
});

describe('custom field: update and delete', () => {
	beforeEach(async () => {
		await seed(sandbox, { custom_fields: { leads: [sourceField] } });
		await seed(sandbox, { leads: [{ id: 30000101, name: 'Звонок', custom_fields_values: [{ field_id: SOURCE, values: [{ enum_id: 1310002 }] }] }] });
	});

	const update = (updateFields: IDataObject) => runAmoCrm(sandbox, { resource: 'customField', operation: 'update', entityType: 'leads', fieldId: 'SOURCE', updateFields });
	const leadSource = async () => (await state(sandbox)).leads[0].custom_fields_values?.[0]?.values.map((v: any) => v.value) ?? [];

	it('new options are added, existing ones keep their IDs, and records keep their values', async () => {
		const { out } = await update({ options: 'сайт, Рекомендация' });
		const [patch] = await writes();
		expect(patch).toMatchObject({ method: 'PATCH', path: '/api/v4/leads/custom_fields' });
		expect(patch.body).toEqual([
			{
				id: SOURCE,
				name: 'Источник',
				enums: [
					{ id: 1310001, value: 'сайт', sort: 10 },
					{ value: 'Рекомендация', sort: 20 },
					{ id: 1310002, value: 'Звонок', sort: 30 },
				],
			},
		]);
		expect((out[0].enums as IDataObject[]).map((e) => e.value)).toEqual(['сайт', 'Рекомендация', 'Звонок']);
		expect(await leadSource()).toEqual(['Звонок']);
	});

	it('Remove Options Not Listed drops the others, and amoCRM clears them from records', async () => {
		await update({ options: 'Сайт', removeUnlisted: true });
		expect((await writes())[0].body[0].enums).toEqual([{ id: 1310001, value: 'Сайт', sort: 10 }]);
		expect(field(await state(sandbox), 'leads', 'Источник').enums.map((e: any) => e.value)).toEqual(['Сайт']);
		expect(await leadSource()).toEqual([]);
	});

	it('a change without a new name sends the name it has; options on a text field are refused', async () => {
		await update({ sort: 40 });
		expect((await writes())[0].body).toEqual([{ id: SOURCE, name: 'Источник', sort: 40 }]);
		const text = await runAmoCrm(sandbox, { resource: 'customField', operation: 'update', entityType: 'contacts', fieldId: 'PHONE', updateFields: { options: 'a' } });
		expect(text.error()?.message).toBe('The multitext field "Телефон" has no options');
		const unknown = await runAmoCrm(sandbox, { resource: 'customField', operation: 'update', entityType: 'leads', fieldId: 'NOPE', updateFields: { sort: 1 } });
		expect(unknown.error()?.message).toBe('The leads custom field "NOPE" does not exist in this amoCRM account');
	});

	it('delete removes the field and its values; a predefined field is refused with the reason', async () => {
		const { out } = await runAmoCrm(sandbox, { resource: 'customField', operation: 'delete', entityType: 'leads', fieldId: String(SOURCE) });
		expect(out).toEqual([{ id: SOURCE, name: 'Источник', entity_type: 'leads', deleted: true }]);
		expect((await writes()).map((r) => [r.method, r.path])).toEqual([['DELETE', `/api/v4/leads/custom_fields/${SOURCE}`]]);
		const s = await state(sandbox);
		expect(field(s, 'leads', 'Источник')).toBeUndefined();
		expect(s.leads[0].custom_fields_values).toBeNull();
		const phone = await runAmoCrm(sandbox, { resource: 'customField', operation: 'delete', entityType: 'contacts', fieldId: 'PHONE' });
		expect(phone.error()?.message).toBe('amoCRM does not let the field "Телефон" be deleted');
		expect((await writes()).filter((r) => r.path.includes('contacts'))).toEqual([]);
	});
});

describe('custom field groups', () => {
	it('get, create, move fields into, and delete a group; amoCRM’s own groups stay', async () => {
		await seed(sandbox, { custom_fields: { leads: [sourceField] } });
		const groups = await runAmoCrm(sandbox, { resource: 'customField', operation: 'getGroups', entityType: 'leads' });
		expect(groups.out.map((g) => [g.id, g.is_predefined])).toEqual([
			['default', true],
			['statistic', true],
		]);
		const created = await runAmoCrm(sandbox, { resource: 'customField', operation: 'createGroup', entityType: 'leads', name: '={{$json.name}}', sort: 5 }, { items: [{ name: 'Доставка' }, { name: 'Оплата' }] });
		expect(created.out.map((g) => g.name)).toEqual(['Доставка', 'Оплата']);
		const delivery = String(created.out[0].id);
		expect((await writes())[0]).toMatchObject({ method: 'POST', path: '/api/v4/leads/custom_fields/groups', body: [expect.objectContaining({ name: 'Доставка', sort: 5 }), expect.objectContaining({ name: 'Оплата', sort: 5 })] });

		const moved = await runAmoCrm(sandbox, { resource: 'customField', operation: 'updateGroup', entityType: 'leads', groupId: delivery, updateFields: { name: 'Доставка и самовывоз', fields: 'SOURCE' } });
		expect(moved.out[0]).toMatchObject({ id: delivery, name: 'Доставка и самовывоз', fields: [SOURCE] });
		expect((await writes()).at(-1)).toMatchObject({ method: 'PATCH', path: `/api/v4/leads/custom_fields/groups/${delivery}`, body: { name: 'Доставка и самовывоз', fields: [SOURCE] } });
		expect(field(await state(sandbox), 'leads', 'Источник').group_id).toBe(delivery);

		const deleted = await runAmoCrm(sandbox, { resource: 'customField', operation: 'deleteGroup', entityType: 'leads', groupId: delivery });
		expect(deleted.out).toEqual([{ id: delivery, entity_type: 'leads', deleted: true }]);
		expect(field(await state(sandbox), 'leads', 'Источник').group_id).toBeNull();
		const own = await runAmoCrm(sandbox, { resource: 'customField', operation: 'deleteGroup', entityType: 'leads', groupId: 'default' });
		expect(own.error()?.message).toBe('amoCRM rejected the request: Predefined group can not be deleted');
		const nothing = await runAmoCrm(sandbox, { resource: 'customField', operation: 'updateGroup', entityType: 'leads', groupId: 'statistic', updateFields: {} });
		expect(nothing.error()?.message).toBe('Nothing to change');
	});
});
