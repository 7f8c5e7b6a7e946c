import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, faults, requests, runAmoCrm, seed, state, useSandbox } from './amocrm';
import { callNodeMethod, chain } from './harness';

const sandbox = useSandbox();
const BOT = 36143;

const botCalls = async () =>
	(await requests(sandbox)).filter((r) => r.path.includes('salesbot') || r.path.includes('/bots'));
const run = (items: IDataObject[], continueOnFail = false) =>
	runAmoCrm(
		sandbox,
		{
			resource: 'salesbot',
			operation: 'run',
			botId: '={{$json.bot}}',
			runOn: '={{$json.type}}',
			leadId: { __rl: true, mode: 'id', value: '={{$json.id}}' },
			contactId: { __rl: true, mode: 'id', value: '={{$json.id}}' },
		},
		{ items, continueOnFail },
	);

describe('salesbot', () => {
	beforeEach(async () => {
		await seed(sandbox, {
			leads: [
				{ id: 30000101, name: 'a' },
				{ id: 30000102, name: 'b' },
			],
			contacts: [{ id: 20000101, name: 'c' }],
		});
	});

	it('run: bots on leads and contacts start in one v2 request, with amoCRM’s numeric record types', async () => {
		const { out } = await run([
			{ bot: BOT, type: 'leads', id: 30000101 },
			{ bot: BOT, type: 'contacts', id: 20000101 },
			{ bot: 36144, type: 'leads', id: 30000102 },
		]);
		const calls = await botCalls();
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v2/salesbot/run', status: 202 });
		expect(calls[0].body).toEqual([
			{ bot_id: BOT, entity_id: 30000101, entity_type: 2 },
			{ bot_id: BOT, entity_id: 20000101, entity_type: 1 },
			{ bot_id: 36144, entity_id: 30000102, entity_type: 2 },
		]);
		expect(
			(await state(sandbox)).salesbot_runs.map((r: any) => [
				r.action,
				r.bot_id,
				r.entity_type,
				r.entity_id,
			]),
		).toEqual([
			['run', BOT, 'leads', 30000101],
			['run', BOT, 'contacts', 20000101],
			['run', 36144, 'leads', 30000102],
		]);
		expect(out).toEqual([
			{ botId: BOT, entityType: 'leads', entityId: 30000101, started: true },
			{ botId: BOT, entityType: 'contacts', entityId: 20000101, started: true },
			{ botId: 36144, entityType: 'leads', entityId: 30000102, started: true },
		]);
	});

	it('run: the same when amoCRM answers 200 {"success": true}', async () => {
		await faults(sandbox, { salesbotRunAnswer: 'success' });
		const { out } = await run([{ bot: BOT, type: 'leads', id: 30000101 }]);
		expect((await botCalls())[0].status).toBe(200);
		expect(out).toEqual([{ botId: BOT, entityType: 'leads', entityId: 30000101, started: true }]);
	});

	it('run: many items go in requests of the credential’s write batch size', async () => {
		const leads = Array.from({ length: 60 }, (_, i) => ({ id: 30001000 + i, name: `l${i}` }));
		await seed(sandbox, { leads });
		const { out } = await run(leads.map((lead) => ({ bot: BOT, type: 'leads', id: lead.id })));
		expect((await botCalls()).map((c) => c.body.length)).toEqual([50, 10]);
		expect(out).toHaveLength(60);
		expect((await state(sandbox)).salesbot_runs).toHaveLength(60);
	});

	it('run: a bot that does not exist is named in the error, and no bot of that request starts', async () => {
		const result = await run([
			{ bot: BOT, type: 'leads', id: 30000101 },
			{ bot: 999, type: 'leads', id: 30000102 },
		]);
		expect(result.error()?.message).toBe(`amoCRM has no salesbot with one of the IDs ${BOT}, 999`);
		expect((await state(sandbox)).salesbot_runs).toEqual([]);
		const single = await run([{ bot: 999, type: 'leads', id: 30000101 }], true);
		expect(single.out).toEqual([
			expect.objectContaining({ error: 'amoCRM has no salesbot with ID 999' }),
		]);
	});

	it('run: an unknown lead and a bad bot ID are clear errors', async () => {
		const unknownLead = await run([{ bot: BOT, type: 'leads', id: 30009999 }]);
		expect(unknownLead.error()?.message).toContain('amoCRM rejected the data');
		expect(unknownLead.error()?.message).toContain('Entity not found');
		const badBot = await run([{ bot: 'Приветствие', type: 'leads', id: 30000101 }]);
		expect(badBot.error()?.message).toBe('"Приветствие" is not a salesbot ID');
		expect((await state(sandbox)).salesbot_runs).toEqual([]);
	});

	it('stop: one v4 request per lead; an unknown bot is a clear error', async () => {
		const { out } = await runAmoCrm(sandbox, {
			resource: 'salesbot',
			operation: 'stop',
			botId: BOT,
			leadId: { __rl: true, mode: 'id', value: 30000101 },
		});
		expect(out).toEqual([{ botId: BOT, leadId: 30000101, stopped: true }]);
		const calls = await botCalls();
		expect(calls).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: `/api/v4/bots/${BOT}/stop`,
				body: { entity_id: 30000101, entity_type: 'leads' },
				status: 202,
			}),
		]);
		expect((await state(sandbox)).salesbot_runs).toEqual([
			expect.objectContaining({ action: 'stop', bot_id: BOT, entity_id: 30000101 }),
		]);
		const unknown = await runAmoCrm(sandbox, {
			resource: 'salesbot',
			operation: 'stop',
			botId: 999,
			leadId: { __rl: true, mode: 'id', value: 30000101 },
		});
		expect(unknown.error()?.message).toBe('amoCRM has no such resource: Bot not found');
	});

	it('the bot dropdown lists the account’s bots by name', async () => {
		const options = await callNodeMethod(
			chain([{ name: 'amoCRM', parameters: { resource: 'salesbot', operation: 'run' } as never }]),
			'amoCRM',
			credentialsFor(sandbox),
			'loadOptions',
			'getSalesbots',
		);
		expect(options).toEqual([
			{ name: 'Напоминание об оплате (36144)', value: 36144 },
			{ name: 'Приветствие (36143)', value: BOT },
		]);
	});
});
