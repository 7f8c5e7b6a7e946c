// One n8n process of `test/bench/pacing.ts`: the AmoCrm node reads each contact it is given, one
// request per contact, against the sandbox at AMOCRM_SANDBOX_URL. Prints what it did as JSON.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'amocrm-envybox-pacing-'));
process.env.N8N_ENCRYPTION_KEY = 'bench-encryption-key';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';

async function main() {
	const { runAmoCrm } = await import('../workflow/amocrm');
	const ids = String(process.env.CONTACT_IDS).split(',').map(Number);
	const sandbox = { url: String(process.env.AMOCRM_SANDBOX_URL) } as Parameters<
		typeof runAmoCrm
	>[0];
	const started = Date.now();
	const run = await runAmoCrm(
		sandbox,
		{
			resource: 'contact',
			operation: 'get',
			contactId: { __rl: true, mode: 'id', value: '={{$json.id}}' },
		},
		{ items: ids.map((id) => ({ id })), continueOnFail: true },
	);
	const failed = run.out.filter((o: any) => o.error).length;
	process.stdout.write(
		`${JSON.stringify({ read: run.out.length - failed, failed, seconds: (Date.now() - started) / 1000, error: run.error()?.message })}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error?.stack ?? error}\n`);
	process.exit(1);
});
