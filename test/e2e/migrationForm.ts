// Filling in the migration form of workflows/amocrm-migration.json the way a browser does. Used by the
// end-to-end tests and the migration benchmark.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LABELS = [
	'Source',
	'Way In',
	'Export File',
	'amoCRM Address',
	'amoCRM Token',
	'Bitrix24 Webhook URL',
	'Default Responsible User',
	'Target Pipeline',
	'Deal Tag',
	'Create Missing Pipelines and Stages',
];
export const FILE = 'Upload an export file';
export const API = 'Pull from the source account';

export interface Outcome {
	title: string;
	message: string;
	report: any;
}

/** A file of the page: a serialised Buffer (2.x), or from 1.x the bytes as a binary string (`atob` of the stored data). */
function fileText(data: { data: number[] } | string): string {
	return (typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data.data)).toString(
		'utf8',
	);
}

/**
 * Fills in the migration form the way a browser does: posts it, follows the waiting page until the
 * run reaches its last page, reads that page (title, message, the report it offers for download)
 * and sends the page's closing request.
 */
export async function migrate(
	n8nUrl: string,
	fields: Record<string, string>,
	file?: string,
	fileName = 'export.json',
	{ signal, timeoutMs = 10 * 60 * 1000 }: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<Outcome> {
	const form = new FormData();
	LABELS.forEach((label, i) => {
		if (label !== 'Export File') form.append(`field-${i}`, fields[label] ?? '');
		else if (file !== undefined)
			form.append(`field-${i}`, new Blob([file], { type: 'application/json' }), fileName);
	});
	const posted = await fetch(`${n8nUrl}/form/amocrm-migration`, { method: 'POST', body: form });
	if (posted.status !== 200)
		throw new Error(`the form answered ${posted.status}: ${await posted.text()}`);
	const { formWaitingUrl } = (await posted.json()) as { formWaitingUrl: string };
	const [base, query] = formWaitingUrl.split('?');
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		// Polled as the waiting page does; a poll that fails on the network is simply repeated.
		const status = await fetch(`${base}/n8n-execution-status?${query}`)
			.then(async (response) => await response.text())
			.catch((error: Error) => {
				if (Date.now() > deadline) throw error;
				return 'running';
			});
		if (!['running', 'new', 'null'].includes(status)) break;
		signal?.throwIfAborted();
		if (Date.now() > deadline)
			throw new Error(`the migration did not finish in ${timeoutMs / 60_000} minutes`);
		await sleep(300);
	}
	const page = await (await fetch(formWaitingUrl)).text();
	await fetch(formWaitingUrl, { method: 'POST', body: '{}' });
	const text = (html: string | undefined) =>
		(html ?? '')
			.replace(/<br \/>/g, '\n')
			.replace(/&quot;/g, '"')
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>')
			.replace(/&amp;/g, '&');
	const title = text(/<h1>(.*?)<\/h1>/s.exec(page)?.[1]);
	// n8n 2.x styles the message paragraph and offers a list of files; 1.x has a plain paragraph and one file.
	const message = text(/<p(?: style="white-space: pre-line;")?>(.*?)<\/p>/s.exec(page)?.[1]);
	const binaries = /const binaries = "([^"]*)"/.exec(page)?.[1];
	const binary = /const binary = "([^"]*)"/.exec(page)?.[1];
	type File = { data: { data: number[] } | string; fileName: string };
	const single = binary ? (JSON.parse(decodeURIComponent(binary)) as File | '') : '';
	const files = binaries
		? (JSON.parse(decodeURIComponent(binaries)) as File[])
		: single
			? [single]
			: [];
	const report = files.length ? JSON.parse(fileText(files[0].data)) : null;
	if (files.length && files[0].fileName !== 'migration-report.json')
		throw new Error(`the page offered ${files[0].fileName}`);
	return { title, message, report };
}
