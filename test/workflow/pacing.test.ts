// The node's pace against amoCRM's limits, in a file of its own: the pace a credential learns from
// 429 answers lasts for the process, so a test before this one would leave it slowed down already.
import { apiRequests, control, faults, runAmoCrm, seed, useSandbox } from './amocrm';

const sandbox = useSandbox();
const readEach = {
	resource: 'contact',
	operation: 'get',
	contactId: { __rl: true, mode: 'id', value: '={{$json.id}}' },
};

it('slows down when another integration takes most of the limit, and never gets the account blocked', async () => {
	// amoCRM leaves this integration 3 requests a second; 30 answers of 429 within a minute block the account.
	await seed(sandbox, {
		contacts: Array.from({ length: 60 }, (_, i) => ({ id: 100 + i, name: `c${i}` })),
	});
	await faults(sandbox, { rps: 3 });
	const items = Array.from({ length: 60 }, (_, i) => ({ id: 100 + i }));
	const { out } = await runAmoCrm(sandbox, readEach, { items });
	expect(out.map((o) => o.id)).toEqual(items.map((i) => i.id));
	const log = await apiRequests(sandbox);
	const tooMany = log.filter((r) => r.status === 429).map((r: any) => r.time as number);
	// It did meet the other integration's share, and backed off instead of walking into the block.
	expect(tooMany.length).toBeGreaterThan(0);
	const worstMinute = Math.max(
		...tooMany.map((t) => tooMany.filter((u) => u >= t && u < t + 60_000).length),
	);
	expect(worstMinute).toBeLessThan(15);
	expect(log.filter((r) => r.status === 403)).toHaveLength(0);
	expect((await control(sandbox, 'GET', 'faults')).block403).toBe(false);
}, 90_000);
