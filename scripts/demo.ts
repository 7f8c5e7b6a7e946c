// `npm run demo`: the amoCRM, Envybox and Bitrix24 sandboxes and a real n8n on http://127.0.0.1:5678 with this
// package installed, an owner account and credentials (sandboxes, or real accounts from the environment).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startAmoCrmSandbox } from '../test/sandbox/amocrm/server';
import { AMOCRM_SANDBOX } from '../test/sandbox/amocrm/state';
import { startBitrix24Sandbox } from '../test/sandbox/bitrix24/server';
import { startEnvyboxSandbox } from '../test/sandbox/envybox/server';
import { ENVYBOX_SANDBOX } from '../test/sandbox/envybox/state';
import { apiKey, importJson, OWNER, prepareHome, publicApi, startN8n } from '../test/e2e/n8n';

async function main() {
	const port = Number(process.env.N8N_DEMO_PORT ?? 5678);
	const real = process.env.AMOCRM_SUBDOMAIN && process.env.AMOCRM_TOKEN;
	const sandbox = real ? null : await startAmoCrmSandbox();
	const realEnvybox = process.env.ENVYBOX_URL && process.env.ENVYBOX_KEY;
	const envybox = realEnvybox ? null : await startEnvyboxSandbox();
	// A Bitrix24 portal to migrate from: two funnels, a company, a few contacts and deals.
	const bitrix24 = await startBitrix24Sandbox();
	bitrix24.sandbox.seed({
		categories: [{ id: 2, name: 'Опт' }],
		companies: [{ ID: '1', TITLE: 'ООО Компания' }],
		contacts: [
			{
				ID: '1',
				NAME: 'Иван',
				LAST_NAME: 'Петров',
				PHONE: [{ VALUE: '+7 (999) 123-45-67', VALUE_TYPE: 'WORK' }],
				EMAIL: [{ VALUE: 'ivan@example.com', VALUE_TYPE: 'WORK' }],
				COMPANY_ID: '1',
				POST: 'Менеджер',
			},
			{
				ID: '2',
				NAME: 'Мария',
				LAST_NAME: 'Соколова',
				PHONE: [{ VALUE: '8 912 000 11 22', VALUE_TYPE: 'MOBILE' }],
			},
		],
		deals: [
			{
				ID: '1',
				TITLE: 'Продажа товара',
				OPPORTUNITY: '100000',
				CURRENCY_ID: 'RUB',
				STAGE_ID: 'PREPARATION',
				CONTACT_ID: '1',
				COMPANY_ID: '1',
			},
			{
				ID: '2',
				TITLE: 'Повторная продажа',
				OPPORTUNITY: '25000',
				CURRENCY_ID: 'RUB',
				STAGE_ID: 'NEW',
				CONTACT_ID: '2',
			},
			{
				ID: '3',
				TITLE: 'Оптовая поставка',
				OPPORTUNITY: '480000',
				CURRENCY_ID: 'RUB',
				STAGE_ID: 'C2:WON',
				CONTACT_ID: '2',
			},
		],
	});
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amocrm-envybox-demo-'));
	process.stdout.write(
		'Preparing n8n (the first run installs Node 24 and n8n into the cache; a few minutes)…\n',
	);
	const home = await prepareHome(folder);
	const data = real
		? {
				zone: process.env.AMOCRM_ZONE ?? 'amocrm.ru',
				subdomain: process.env.AMOCRM_SUBDOMAIN,
				baseUrl: '',
				accessToken: process.env.AMOCRM_TOKEN,
			}
		: {
				zone: 'custom',
				subdomain: '',
				baseUrl: sandbox!.url,
				accessToken: AMOCRM_SANDBOX.longLivedToken,
			};
	const envyboxData = realEnvybox
		? { crmUrl: process.env.ENVYBOX_URL, apiKey: process.env.ENVYBOX_KEY }
		: { crmUrl: envybox!.url, apiKey: ENVYBOX_SANDBOX.apiKey };
	await importJson(home, 'credentials', [
		{ id: 'amoDemoToken0001', name: real ? 'amoCRM' : 'amoCRM sandbox', type: 'amoCrmApi', data },
		{
			id: 'envyDemoKey00001',
			name: realEnvybox ? 'Envybox' : 'Envybox sandbox',
			type: 'envyboxApi',
			data: envyboxData,
		},
	]);
	const workflowsDir = path.join(__dirname, '..', 'workflows');
	const workflows = fs.readdirSync(workflowsDir).filter((f) => f.endsWith('.json'));
	// Workflows started by a webhook, a schedule, a poll or another workflow are published, so their
	// webhooks answer and the intake queue runs; the others (the export) are run from the editor.
	const samples = workflows.map((file) =>
		JSON.parse(fs.readFileSync(path.join(workflowsDir, file), 'utf8')),
	);
	await importJson(home, 'workflow', samples);
	const published = samples
		.filter((workflow) =>
			workflow.nodes.some(
				(n: { type: string }) =>
					/webhook$|Trigger$/i.test(n.type) && !n.type.endsWith('.manualTrigger'),
			),
		)
		.map((workflow) => workflow.id as string);
	const n8n = await startN8n(home, port);
	try {
		const api = publicApi(n8n, await apiKey(n8n));
		for (const id of published) await api('POST', `/workflows/${id}/activate`);
	} catch (error) {
		await n8n.stop();
		await sandbox?.close();
		await envybox?.close();
		await bitrix24.close();
		throw error;
	}
	const lines = [
		'',
		`n8n is running: ${n8n.url}`,
		`  log in as ${OWNER.email} / ${OWNER.password}`,
		`  credential "${real ? 'amoCRM' : 'amoCRM sandbox'}" is imported; the amoCRM node is under "amoCRM" in the nodes panel`,
		real
			? `  account: ${process.env.AMOCRM_SUBDOMAIN}`
			: `  amoCRM sandbox: ${sandbox!.url} (token ${AMOCRM_SANDBOX.longLivedToken}; state at ${sandbox!.url}/__sandbox/state)`,
		realEnvybox
			? `  Envybox: ${process.env.ENVYBOX_URL}`
			: `  Envybox sandbox: ${envybox!.url} (state at ${envybox!.url}/__sandbox/state); credential "Envybox sandbox"`,
		`  sample workflows imported: ${workflows.join(', ')} (all but the export are active)`,
		`  try: curl -X POST ${n8n.url}/webhook/site-lead -H 'content-type: application/json' -d '{"name":"Иван","phone":"+7 (931) 604-70-33","form":"Обратный звонок"}'`,
		`       curl -X POST ${n8n.url}/webhook/call-log -H 'content-type: application/json' -d '{"phone":"+7 931 604-70-33","direction":"inbound","duration":42,"uniq":"demo-1"}'`,
		`  migration form: ${n8n.url}/form/amocrm-migration (e.g. Source Bitrix24, Pull from the source account, webhook ${bitrix24.webhookUrl}, default user admin@sandbox.test)`,
		'Ctrl-C stops everything.',
		'',
	];
	process.stdout.write(lines.join('\n'));
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await n8n.stop();
		await sandbox?.close();
		await envybox?.close();
		await bitrix24.close();
		fs.rmSync(folder, { recursive: true, force: true });
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	n8n.process.on('exit', () => void stop());
}

main().catch((error) => {
	process.stderr.write(`${error?.stack ?? error}\n`);
	process.exit(1);
});
