// Runs after every workflow and end-to-end test file (jest `setupFilesAfterEnv`). Its afterAll is
// registered before the file's own, so it runs first: an n8n the file started is still up to be asked.
import { scanProduced } from './secrets';

afterAll(async () => {
	const hits = await scanProduced();
	if (hits.length) throw new Error(`secrets in what the suite produced:\n${hits.join('\n')}`);
}, 120_000);
