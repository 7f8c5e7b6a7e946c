// API filtering is a paid amoCRM add-on: without it amoCRM ignores `filter[...]` and answers with the
// unfiltered list (`filtersIgnored: true`, where `filter[id]` still works; `"all"`, where even that is
// ignored). Every read that depends on a filter returns only what was asked for under each setting.
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { apiRequests, control, faults, runAmoCrm, seed, useSandbox } from './amocrm';

const S = AMOCRM_SANDBOX.statuses;
const P = AMOCRM_SANDBOX.pipelineId;
const U = AMOCRM_SANDBOX.users;
const sandbox = useSandbox();
const rl = (value: number | string) => ({ __rl: true, mode: 'id', value: String(value) });

beforeEach(async () => {
	// 300 contacts, every third one Анна's, updated a minute apart; leads across two stages and closed.
	await seed(sandbox, {
		contacts: Array.from({ length: 300 }, (_, i) => ({
			id: 1000 + i,
			name: `c${i}`,
			responsible_user_id: i % 3 === 0 ? U.anna : U.admin,
			updated_at: 1700000000 + i * 60,
		})),
		leads: [
			...Array.from({ length: 40 }, (_, i) => ({
				id: 100 + i,
				name: `other ${i}`,
				status_id: i % 2 ? S.first : S.second,
			})),
			{ id: 151, name: 'old open', updated_at: 1700000000 },
			{ id: 152, name: 'won', status_id: 142, pipeline_id: P },
			{ id: 153, name: 'new open', status_id: S.second, updated_at: 1700009999 },
		],
		links: [151, 152, 153].map((id) => ({
			entity_type: 'leads',
			entity_id: id,
			to_entity_type: 'contacts',
			to_entity_id: 1150,
		})),
	});
});

describe.each([false, true, 'all'] as const)(
	'reads that depend on a filter, filters ignored: %p',
	(filtersIgnored) => {
		beforeEach(async () => {
			await faults(sandbox, { filtersIgnored });
		});

		it('Get Many contacts of one responsible user returns only theirs', async () => {
			const { out } = await runAmoCrm(sandbox, {
				resource: 'contact',
				operation: 'getAll',
				returnAll: true,
				filters: { responsibleUserId: U.anna },
			});
			expect(out).toHaveLength(100);
			expect(out.every((c) => c.responsible_user_id === U.anna)).toBe(true);
			const limited = await runAmoCrm(sandbox, {
				resource: 'contact',
				operation: 'getAll',
				returnAll: false,
				limit: 5,
				filters: { responsibleUserId: U.anna },
			});
			expect(limited.out.map((c) => c.id)).toEqual([1000, 1003, 1006, 1009, 1012]);
		});

		it('Get Many contacts updated since a time, newest first, reads no further than that time', async () => {
			await control(sandbox, 'DELETE', 'requests');
			const since = new Date((1700000000 + 290 * 60) * 1000).toISOString();
			const { out } = await runAmoCrm(sandbox, {
				resource: 'contact',
				operation: 'getAll',
				returnAll: true,
				filters: { updatedFrom: since },
				options: { sort: 'updated_at:desc' },
			});
			expect(out.map((c) => c.id)).toEqual(Array.from({ length: 10 }, (_, i) => 1299 - i));
			// Unfiltered, the newest 250 hold all ten and go past the time: one page is enough.
			expect(await apiRequests(sandbox)).toHaveLength(1);
		});

		it('Get Many leads of one stage returns only that stage', async () => {
			const { out } = await runAmoCrm(sandbox, {
				resource: 'lead',
				operation: 'getAll',
				returnAll: true,
				filters: { pipelineId: P, statusId: S.second },
			});
			expect(out.map((l) => l.id)).toEqual([
				...Array.from({ length: 20 }, (_, i) => 100 + i * 2),
				153,
			]);
		});

		it('Get Many by IDs returns those records only', async () => {
			const { out } = await runAmoCrm(sandbox, {
				resource: 'lead',
				operation: 'getAll',
				returnAll: true,
				filters: { ids: '153, 151' },
			});
			expect(out.map((l) => l.id).sort()).toEqual([151, 153]);
		});

		it('the open leads of a contact are its own', async () => {
			const { out } = await runAmoCrm(sandbox, {
				resource: 'lead',
				operation: 'getOpenLeadsOfContact',
				contactId: rl(1150),
			});
			expect(out.map((l) => l.id)).toEqual([153, 151]);
			const reads = await apiRequests(sandbox);
			// Without even filter[id], the two records are read one by one after the list came back unfiltered.
			expect(reads).toHaveLength(filtersIgnored === 'all' ? 2 + 1 + 3 : 2);
		});

		it('the account says whether it filters', async () => {
			const { out } = await runAmoCrm(sandbox, {
				resource: 'account',
				operation: 'get',
				with: ['is_api_filter_enabled'],
			});
			expect(out[0].is_api_filter_enabled).toBe(!filtersIgnored);
		});
	},
);
