// The package in n8n's editor, in a real browser (Debian's Chromium driven by playwright-core): sign
// in, open every sample workflow, open the amoCRM, amoCRM Trigger and Envybox node panels, check
// icons, resources, operations and the credential dialog. Screenshots go to test/e2e/screenshots/.
// Needs Chromium (`.ci/run` installs it): in CI (`CI` set, as `.ci/run` does) a missing browser fails
// the suite; elsewhere the suite is skipped with a warning.
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page, selectors } from 'playwright-core';

import {
	importJson,
	type N8nHome,
	OWNER,
	prepareHome,
	ROOT,
	type RunningN8n,
	startN8n,
} from './n8n';

jest.setTimeout(10 * 60 * 1000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PORT = 5688;
const SHOTS = path.join(__dirname, 'screenshots');
const haveBrowser = fs.existsSync(CHROMIUM);
const describeInBrowser = haveBrowser ? describe : describe.skip;
if (!haveBrowser && process.env.CI) {
	it('has Chromium for the editor check', () => {
		throw new Error(
			`No Chromium at ${CHROMIUM}: the editor check cannot run (apt-get install chromium, or set CHROMIUM_PATH)`,
		);
	});
} else if (!haveBrowser) {
	process.stderr.write(
		`\n*** EDITOR CHECK SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH) ***\n\n`,
	);
}

const samples = fs
	.readdirSync(path.join(ROOT, 'workflows'))
	.filter((file) => file.endsWith('.json'))
	.map((file) => ({
		file,
		workflow: JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8')),
	}));

/** The triggers are in no sample workflow that can sit in a test without its sandbox, so one is made for them. */
const triggers = {
	id: 'editorTriggers01',
	name: 'Triggers (editor check)',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: {},
	nodes: [
		{
			id: 'et1',
			name: 'amoCRM Trigger',
			type: 'n8n-nodes-amocrm-envybox.amoCrmTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'editor-check',
			parameters: { events: ['add_lead'] },
			credentials: { amoCrmApi: { id: 'amoDemoToken0001', name: 'amoCRM sandbox' } },
		},
	],
};

const description = (file: string, name: string) =>
	new (require(path.join(ROOT, 'dist', 'nodes', file)) as any)[name]().description;
const optionNames = (desc: any, parameter: string, resource?: string) =>
	desc.properties
		.find(
			(p: any) =>
				p.name === parameter && (!resource || p.displayOptions?.show?.resource?.includes(resource)),
		)
		.options.map((o: any) => o.name as string);

describeInBrowser('the package in n8n’s editor (Chromium)', () => {
	let home: N8nHome;
	let n8n: RunningN8n;
	let browser: Browser;
	let page: Page;

	const shot = async (name: string) =>
		await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
	const canvasNode = (name: string) =>
		page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	/** The options a dropdown parameter offers, as the editor lists them (n8n adds "Custom API Call" to both lists). */
	const dropdownOptions = async (parameter: string): Promise<string[]> => {
		await page.getByTestId(`parameter-input-${parameter}`).click();
		const list = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
		await list.first().waitFor();
		const names = (await list.allInnerTexts()).map((text) => text.split('\n')[0].trim());
		await page.keyboard.press('Escape');
		await list.first().waitFor({ state: 'hidden' });
		return names;
	};
	const inputValue = async (parameter: string) =>
		await page.getByTestId(`parameter-input-${parameter}`).locator('input').first().inputValue();
	/** The credential dialog renders each field (it fills in after the dialog opens). */
	const credentialFields = async (dialog: ReturnType<Page['getByTestId']>, fields: string[]) => {
		for (const field of fields) await dialog.locator('label', { hasText: field }).first().waitFor();
		const labels = (await dialog.locator('label').allInnerTexts()).join('\n');
		for (const field of fields) expect(labels).toContain(field);
	};
	/** Every image inside `locator` has loaded (an icon that failed to load has no natural width). */
	const iconsLoaded = async (selector: string) =>
		await page.$$eval(selector, (images) =>
			images.map((img) => ({ src: (img as any).src, width: (img as any).naturalWidth })),
		);

	beforeAll(
		async () => {
			fs.mkdirSync(SHOTS, { recursive: true });
			home = await prepareHome();
			await importJson(home, 'credentials', [
				{
					id: 'amoDemoToken0001',
					name: 'amoCRM sandbox',
					type: 'amoCrmApi',
					data: {
						zone: 'custom',
						subdomain: '',
						baseUrl: 'http://127.0.0.1:9',
						accessToken: 'editor-check-token',
					},
				},
				{
					id: 'envyDemoKey00001',
					name: 'Envybox sandbox',
					type: 'envyboxApi',
					data: { crmUrl: 'http://127.0.0.1:9', apiKey: 'editor-check-key' },
				},
			]);
			await importJson(home, 'workflow', [...samples.map((s) => s.workflow), triggers]);
			n8n = await startN8n(home, PORT);
			selectors.setTestIdAttribute('data-test-id');
			browser = await chromium.launch({
				executablePath: CHROMIUM,
				headless: true,
				args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
			});
			page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
			page.setDefaultTimeout(30_000);
		},
		20 * 60 * 1000,
	);

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
	});

	it('signs in', async () => {
		await page.goto(`${n8n.url}/signin`);
		await page.locator('input[name="emailOrLdapLoginId"]').fill(OWNER.email);
		await page.locator('input[name="password"]').fill(OWNER.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.includes('signin'));
		await page.getByTestId('resources-list-item-workflow').first().waitFor();
		expect(await page.getByTestId('resources-list-item-workflow').count()).toBe(samples.length + 1);
		await shot('workflows');
	});

	it.each(samples.map((s) => [s.file, s.workflow] as const))(
		'opens %s with every node and the package’s icons',
		async (file, workflow) => {
			await page.goto(`${n8n.url}/workflow/${workflow.id}`, { waitUntil: 'domcontentloaded' });
			const nodes = workflow.nodes.filter((n: any) => n.type !== 'n8n-nodes-base.stickyNote');
			await canvasNode(nodes[0].name).waitFor();
			expect(await page.getByTestId('canvas-node').count()).toBe(nodes.length);
			for (const node of nodes.filter((n: any) => n.type.startsWith('n8n-nodes-amocrm-envybox.'))) {
				const icons = await iconsLoaded(
					`[data-test-id="canvas-node"][data-node-name="${node.name}"] img`,
				);
				expect(icons).toEqual([
					{
						src: expect.stringContaining('/icons/n8n-nodes-amocrm-envybox/dist/nodes/'),
						width: expect.any(Number),
					},
				]);
				expect(icons[0].width).toBeGreaterThan(0);
			}
			await shot(`workflow-${file.replace(/\.json$/, '')}`);
		},
	);

	/** A node's panel: its icon, the resource it is set to, every resource and that resource's operations, the credential dialog's fields. */
	const checkNodePanel = async (
		workflowId: string,
		nodeName: string,
		node: { file: string; name: string; icon: string; resource: [string, string] },
		fields: string[],
		shotName: string,
	) => {
		await page.goto(`${n8n.url}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
		await canvasNode(nodeName).dblclick();
		await page.getByTestId('ndv').waitFor();
		const icons = await iconsLoaded('[data-test-id="ndv"] img');
		expect(icons.some((icon) => icon.src.endsWith(node.icon) && icon.width > 0)).toBe(true);
		const desc = description(node.file, node.name);
		const [resourceValue, resourceName] = node.resource;
		expect(await inputValue('resource')).toBe(resourceName);
		expect(await dropdownOptions('resource')).toEqual([
			...optionNames(desc, 'resource'),
			'Custom API Call',
		]);
		expect(await dropdownOptions('operation')).toEqual([
			...optionNames(desc, 'operation', resourceValue),
			'Custom API Call',
		]);
		await shot(`node-${shotName}`);

		await page.getByTestId('credential-edit-button').click();
		const dialog = page.getByTestId('editCredential-modal');
		await dialog.waitFor();
		await credentialFields(dialog, fields);
		await shot(`credential-${shotName}`);
		await page.keyboard.press('Escape');
	};

	it('the amoCRM node panel: its icon, every resource, the operations of Contact, and the credential dialog’s fields', async () => {
		await checkNodePanel(
			'amoIntakeCore001',
			'Find Contact',
			{
				file: 'AmoCrm/AmoCrm.node.js',
				name: 'AmoCrm',
				icon: '/AmoCrm/amocrm.svg',
				resource: ['contact', 'Contact'],
			},
			['Zone', 'Base URL', 'Long-Lived Token'],
			'amocrm',
		);
	});

	it('the amoCRM Trigger panel: its icon, credential and events', async () => {
		await page.goto(`${n8n.url}/workflow/${triggers.id}`, { waitUntil: 'domcontentloaded' });
		await canvasNode('amoCRM Trigger').dblclick();
		await page.getByTestId('ndv').waitFor();
		const icons = await iconsLoaded('[data-test-id="ndv"] img');
		expect(
			icons.some((icon) => icon.src.endsWith('/AmoCrmTrigger/amocrm.svg') && icon.width > 0),
		).toBe(true);
		const labels = (
			await page.getByTestId('node-parameters').locator('label').allInnerTexts()
		).join('\n');
		// One credential type offered at a time: n8n shows the credential slot for the Authentication choice.
		for (const field of ['Credential', 'Events', 'Options']) expect(labels).toContain(field);
		await shot('node-amocrm-trigger');
	});

	it('the Envybox node panel: its icon, every resource, the operations of Deal, and the credential dialog’s fields', async () => {
		await checkNodePanel(
			'envyDealStage001',
			'Find Deal',
			{
				file: 'Envybox/Envybox.node.js',
				name: 'Envybox',
				icon: '/Envybox/envybox.svg',
				resource: ['deal', 'Deal'],
			},
			['CRM Address', 'API Key', 'Webhook Secret'],
			'envybox',
		);
	});
});
