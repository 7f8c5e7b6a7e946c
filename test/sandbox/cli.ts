// `npm run sandbox`: starts the loopback sandboxes and prints how to reach them. Ctrl-C stops them.
import { startAmoCrmSandbox } from './amocrm/server';
import { AMOCRM_SANDBOX } from './amocrm/state';
import { startBitrix24Sandbox } from './bitrix24/server';
import { startEnvyboxSandbox } from './envybox/server';
import { ENVYBOX_SANDBOX } from './envybox/state';

async function main() {
	const amocrm = await startAmoCrmSandbox();
	const envybox = await startEnvyboxSandbox();
	const bitrix24 = await startBitrix24Sandbox();
	const lines = [
		`amoCRM sandbox   ${amocrm.url}`,
		`  custom base URL (credential zone "Custom"): ${amocrm.url}`,
		`  long-lived token: ${AMOCRM_SANDBOX.longLivedToken}`,
		`  OAuth2 client id / secret: ${AMOCRM_SANDBOX.oauth.clientId} / ${AMOCRM_SANDBOX.oauth.clientSecret}`,
		`  control surface: ${amocrm.url}/__sandbox/{reset,seed,state,requests,faults}`,
		`Envybox sandbox  ${envybox.url}`,
		`  CRM address: ${envybox.url}   API key: ${ENVYBOX_SANDBOX.apiKey}`,
		`  control surface: ${envybox.url}/__sandbox/{reset,seed,state,requests,faults}`,
		`Bitrix24 sandbox ${bitrix24.url}`,
		`  inbound webhook URL: ${bitrix24.webhookUrl}`,
		`  control surface: ${bitrix24.url}/__sandbox/{reset,seed,state,requests,faults}`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	const stop = async () => {
		await amocrm.close();
		await envybox.close();
		await bitrix24.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`${error?.stack ?? error}\n`);
	process.exit(1);
});
