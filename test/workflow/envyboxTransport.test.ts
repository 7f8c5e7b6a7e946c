// The Envybox transport under faults: what is retried, what is not, and what the user reads. Every
// case checks the sandbox's request log, so a retry that should not happen (or should) shows.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { ENVYBOX_SANDBOX } from '../sandbox/envybox/state';
import { apiRequests, control, runEnvybox, seed, state, useEnvyboxSandbox } from './envybox';
import { chain, PACKAGE, runWorkflow } from './harness';

const S = ENVYBOX_SANDBOX;
const sandbox = useEnvyboxSandbox();
const faults = (body: object) => control(sandbox, 'POST', 'faults', body);
const statuses = async () => (await apiRequests(sandbox)).map((r) => `${r.path} ${r.status}`);

beforeEach(async () => {
	await seed(sandbox, {
		clients: [{ id: 549001, name: 'ООО Ромашка', phone: '74993229710' }],
		deals: [{ id: 326001, client_id: 549001, name: 'Поставка' }],
	});
});

describe('Envybox transport', () => {
	it('waits out 429 answers and goes on, for reads and writes alike', async () => {
		await faults({ script: [429, 429] });
		const { out } = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'createComment',
			dealId: '326001',
			comment: 'Позвонить',
		});
		expect(out[0]).toMatchObject({ deal_id: 326001 });
		expect(await statuses()).toEqual([
			'/openapi/v1/deal/createComment/ 429',
			'/openapi/v1/deal/createComment/ 429',
			'/openapi/v1/deal/createComment/ 200',
		]);
	});

	it('sends a read again after a server failure without the API envelope and after a dropped connection', async () => {
		await faults({ script: [502, 'reset'] });
		const { out } = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'get',
			dealId: '326001',
		});
		expect(out[0]).toMatchObject({ id: 326001, name: 'Поставка' });
		expect(await statuses()).toEqual([
			'/openapi/v1/deal/get/ 502',
			'/openapi/v1/deal/get/ 0',
			'/openapi/v1/deal/get/ 200',
		]);
	});

	it.each([
		[503, 'Envybox answered with HTTP 503'],
		['reset', 'Could not reach Envybox (ECONNRESET)'],
	])('does not send a write again after %p: it may have been done', async (fault, message) => {
		await faults({ script: [fault] });
		const result = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'createComment',
			dealId: '326001',
			comment: 'Позвонить',
		});
		expect(result.error()?.message).toBe(message);
		expect(await apiRequests(sandbox)).toHaveLength(1);
	});

	it.each([true, false])(
		'never repeats a refusal carrying the API envelope, even under HTTP 500, and shows its text (httpErrors %p)',
		async (httpErrors) => {
			await faults({ httpErrors });
			const result = await runEnvybox(sandbox, {
				resource: 'deal',
				operation: 'get',
				dealId: '999',
			});
			expect(result.error()?.message).toBe(
				'Envybox has no deal with this ID («Сделка не найдена»)',
			);
			expect((result.error() as any).description).toBe(
				`POST /openapi/v1/deal/get/: Envybox answered HTTP ${httpErrors ? 500 : 200}, status_code 500, with «Сделка не найдена».`,
			);
			expect(await statuses()).toEqual([`/openapi/v1/deal/get/ ${httpErrors ? 500 : 200}`]);
		},
	);

	it('gives up on a read after three retries, saying what the server answered', async () => {
		await faults({ script: [500, 500, 500, 500] });
		const result = await runEnvybox(sandbox, {
			resource: 'deal',
			operation: 'get',
			dealId: '326001',
		});
		expect(result.error()?.message).toBe('Envybox answered with HTTP 500');
		expect(await apiRequests(sandbox)).toHaveLength(4);
		expect((await state(sandbox)).deals).toHaveLength(1);
	});

	it('calls an answer that is not JSON what it is, without the key', async () => {
		const page = http.createServer((_req, res) =>
			res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Вход в личный кабинет</html>'),
		);
		await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
			const result = await runWorkflow(
				chain([
					{
						name: 'Envybox',
						type: `${PACKAGE}.envybox`,
						credentials: { envyboxApi: { id: 'x', name: 'x' } },
						parameters: { resource: 'crm', operation: 'getInfo' },
					},
				]),
				{
					envyboxApi: { crmUrl: url, apiKey: S.apiKey },
				},
			);
			expect(result.error()?.message).toMatch(/^Envybox answered with HTTP 200/);
			expect((result.error() as any).description).toContain('GET /openapi/v1/main/data/');
			expect(
				JSON.stringify({ m: result.error()?.message, d: (result.error() as any).description }),
			).not.toContain(S.apiKey);
		} finally {
			await new Promise((resolve) => page.close(resolve));
		}
	});
});
