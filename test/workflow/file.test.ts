import { createHash, randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { FilesSection } from '../sandbox/amocrm/sections/files';
import { AMOCRM_SANDBOX } from '../sandbox/amocrm/state';
import { type FileItem, faults, requests, runAmoCrm, seed, state, useSandbox } from './amocrm';

const sandbox = useSandbox();

const LEAD = 30000101;
const OTHER_LEAD = 30000102;
const CONTACT = 20000101;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** Bytes that are not text, so nothing on the way could treat them as text unnoticed. */
const bytesOf = (size: number, salt = 1) =>
	Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + salt * 17 + (i >> 8)) % 256));
const fileItem = (
	bytes: Buffer,
	fileName: string,
	mimeType: string,
	json: IDataObject = {},
	field = 'data',
): FileItem => ({
	json,
	binary: { [field]: { base64: bytes.toString('base64'), fileName, mimeType } },
});
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const upload = (files: FileItem[], parameters: IDataObject = {}, continueOnFail = false) =>
	runAmoCrm(
		sandbox,
		{ resource: 'file', operation: 'upload', binaryPropertyName: 'data', ...parameters },
		{ files, continueOnFail },
	);
const uploadPath = /^\/drive\/v1\.0\/sessions\/upload\/[\w-]+\.[\w-]+\.[\w-]+$/;
/** Files put on the storage directly: `[uuid, name, bytes, mime]`. */
const seedFiles = (files: Array<[string, string, Buffer, string]>, extra: IDataObject = {}) =>
	seed(sandbox, {
		drive_files: files.map(([uuid, name, bytes, mime]) => ({
			uuid,
			name,
			content_base64: bytes.toString('base64'),
			mime_type: mime,
			...extra,
		})),
	});

beforeEach(async () => {
	await seed(sandbox, {
		leads: [
			{ id: LEAD, name: 'Сделка' },
			{ id: OTHER_LEAD, name: 'Другая' },
		],
		contacts: [{ id: CONTACT, name: 'Иван' }],
	});
});

describe('File → Upload', () => {
	it('a small file: the storage address from the account, one session, one part of raw bytes; output and stored bytes', async () => {
		const bytes = Buffer.from('Договор поставки №17\n', 'utf8');
		const { out } = await upload([fileItem(bytes, 'договор.txt', 'text/plain')]);
		const log = await requests(sandbox);
		expect(
			log.map((r) => [r.method, r.path.replace(uploadPath, '{upload_url}'), r.status]),
		).toEqual([
			['GET', '/api/v4/account', 200],
			['POST', '/drive/v1.0/sessions', 200],
			['POST', '{upload_url}', 202],
		]);
		expect(log[0].query).toEqual({ with: 'drive_url' });
		expect(log[1].body).toEqual({
			file_name: 'договор.txt',
			file_size: bytes.length,
			content_type: 'text/plain',
		});
		expect(log[2].bytes).toBe(bytes.length);
		const stored = (await state(sandbox)).drive_files;
		expect(stored).toEqual([
			expect.objectContaining({
				name: 'договор.txt',
				size: bytes.length,
				mime_type: 'text/plain',
				sha256: sha256(bytes),
				parts: [bytes.length],
			}),
		]);
		expect(out).toEqual([
			{
				uuid: stored[0].uuid,
				version_uuid: stored[0].version_uuid,
				name: 'договор.txt',
				size: bytes.length,
				type: 'document',
				mime_type: 'text/plain',
				extension: 'txt',
				created_at: expect.any(Number),
				updated_at: expect.any(Number),
				attached_to: null,
			},
		]);
	});

	it('a large file goes in parts of the size the session gives, each to the address the previous part’s answer gave', async () => {
		const bytes = bytesOf(1_300_000);
		const { out } = await upload([fileItem(bytes, 'scan.pdf', 'application/pdf')]);
		const parts = (await requests(sandbox)).filter((r) => uploadPath.test(r.path));
		expect(parts.map((r) => [r.method, r.bytes, r.status])).toEqual([
			['POST', 524_288, 200],
			['POST', 524_288, 200],
			['POST', 251_424, 202],
		]);
		// Each part went to a new address: the storage refuses a part sent to a used one.
		expect(new Set(parts.map((r) => r.path)).size).toBe(3);
		const [stored] = (await state(sandbox)).drive_files;
		expect(stored).toMatchObject({
			uuid: out[0].uuid,
			size: 1_300_000,
			sha256: sha256(bytes),
			parts: [524_288, 524_288, 251_424],
		});
		expect(out[0]).toMatchObject({
			name: 'scan.pdf',
			size: 1_300_000,
			type: 'document',
			mime_type: 'application/pdf',
		});
	});

	it('with the OAuth2 credential the same: its token reaches the file storage too', async () => {
		const bytes = bytesOf(600_000, 4);
		const { out } = await upload([fileItem(bytes, 'oauth.bin', 'application/octet-stream')], {
			authentication: 'oAuth2',
		});
		expect(
			(await requests(sandbox))
				.filter((r) => uploadPath.test(r.path))
				.map((r) => [r.bytes, r.status]),
		).toEqual([
			[524_288, 200],
			[75_712, 202],
		]);
		expect((await state(sandbox)).drive_files).toEqual([
			expect.objectContaining({ uuid: out[0].uuid, sha256: sha256(bytes) }),
		]);
	});

	it('the part size is the account’s, read from the session (Kommo’s example: 128 KiB)', async () => {
		await seed(sandbox, { drive: { max_part_size: 131_072 } });
		const bytes = bytesOf(300_000, 2);
		await upload([fileItem(bytes, 'photo.jpg', 'image/jpeg')]);
		const parts = (await requests(sandbox)).filter((r) => uploadPath.test(r.path));
		expect(parts.map((r) => r.bytes)).toEqual([131_072, 131_072, 37_856]);
		expect((await state(sandbox)).drive_files[0]).toMatchObject({
			sha256: sha256(bytes),
			mime_type: 'image/jpeg',
		});
	});

	it('several items: one account read for all; files attach right after, the files of one record in one request', async () => {
		const files = [
			fileItem(bytesOf(10, 1), 'a.png', 'image/png', { type: 'leads', id: LEAD }),
			fileItem(bytesOf(20, 2), 'b.png', 'image/png', { type: 'contacts', id: CONTACT }),
			fileItem(bytesOf(30, 3), 'c.png', 'image/png', { type: 'leads', id: LEAD }),
		];
		const { out } = await upload(files, {
			attachTo: '={{$json.type}}',
			leadId: byId('={{$json.id}}'),
			contactId: byId('={{$json.id}}'),
			companyId: byId('={{$json.id}}'),
		});
		const log = await requests(sandbox);
		expect(log.filter((r) => r.path === '/api/v4/account')).toHaveLength(1);
		expect(log.filter((r) => r.path === '/drive/v1.0/sessions')).toHaveLength(3);
		const puts = log.filter((r) => r.method === 'PUT');
		expect(puts.map((r) => [r.path, r.body, r.status])).toEqual([
			[
				`/api/v4/leads/${LEAD}/files`,
				[{ file_uuid: out[0].uuid }, { file_uuid: out[2].uuid }],
				202,
			],
			[`/api/v4/contacts/${CONTACT}/files`, [{ file_uuid: out[1].uuid }], 202],
		]);
		expect(out.map((o) => [o.name, o.size, o.attached_to])).toEqual([
			['a.png', 10, { entity_type: 'leads', entity_id: LEAD }],
			['b.png', 20, { entity_type: 'contacts', entity_id: CONTACT }],
			['c.png', 30, { entity_type: 'leads', entity_id: LEAD }],
		]);
		const links = (await state(sandbox)).file_links;
		expect(links.map((l: IDataObject) => [l.entity_type, l.entity_id, l.file_uuid])).toEqual([
			['leads', LEAD, out[0].uuid],
			['leads', LEAD, out[2].uuid],
			['contacts', CONTACT, out[1].uuid],
		]);
	});

	it('the name can be set, and an upload can be a new version of a file', async () => {
		const first = await upload([fileItem(bytesOf(100), 'raw.bin', 'application/octet-stream')], {
			options: { fileName: 'прайс.xlsx' },
		});
		expect(first.out[0].name).toBe('прайс.xlsx');
		const again = bytesOf(200, 5);
		const second = await upload([fileItem(again, 'прайс.xlsx', 'application/octet-stream')], {
			options: { newVersionOf: first.out[0].uuid },
		});
		expect(second.out[0]).toMatchObject({ uuid: first.out[0].uuid, size: 200 });
		expect(second.out[0].version_uuid).not.toBe(first.out[0].version_uuid);
		expect(
			(await requests(sandbox))
				.filter((r) => r.path === '/drive/v1.0/sessions')
				.map((r) => r.body.file_uuid),
		).toEqual([undefined, first.out[0].uuid]);
		expect((await state(sandbox)).drive_files).toEqual([
			expect.objectContaining({ uuid: first.out[0].uuid, versions: 2, sha256: sha256(again) }),
		]);
	});

	it('an item without the binary field is a clear error, and nothing is sent', async () => {
		const none = await upload([{ json: { a: 1 } }]);
		expect(none.error()?.message).toBe('The item has no binary field "data"');
		expect((none.error() as any).description).toContain('It has no binary data at all');
		const other = await upload([fileItem(bytesOf(10), 'a.txt', 'text/plain', {}, 'attachment')]);
		expect(other.error()?.message).toBe('The item has no binary field "data"');
		expect((other.error() as any).description).toContain('Its binary fields are: attachment');
		expect(await requests(sandbox)).toEqual([]);
		// With Continue On Fail the other items are uploaded.
		const mixed = await upload(
			[{ json: {} }, fileItem(bytesOf(10), 'a.txt', 'text/plain')],
			{},
			true,
		);
		expect(mixed.out[0]).toEqual(
			expect.objectContaining({ error: 'The item has no binary field "data"' }),
		);
		expect(mixed.out[1]).toMatchObject({ name: 'a.txt', size: 10 });
		expect((await state(sandbox)).drive_files).toHaveLength(1);
	});

	it('a file over the account’s limit is a clear error, whether the storage refuses the session or opens it', async () => {
		await seed(sandbox, { drive: { max_file_size: 1000 } });
		const refused = await upload([fileItem(bytesOf(2000), 'big.zip', 'application/zip')]);
		expect(refused.error()?.message).toBe(
			'amoCRM refused to store "big.zip" (2.0 KB): amoCRM rejected the request: File size 2000 exceeds the maximum file size of 1000 bytes',
		);
		expect((refused.error() as any).description).toContain('size limit of the account');
		await faults(sandbox, { oversizeUpload: 'opened' });
		const opened = await upload([fileItem(bytesOf(2000), 'big.zip', 'application/zip')]);
		expect(opened.error()?.message).toBe(
			'The file "big.zip" (2.0 KB) is too large for amoCRM: the account allows at most 1000 bytes',
		);
		// The storage named its limit when the session opened: no part was sent.
		expect((await requests(sandbox)).filter((r) => uploadPath.test(r.path))).toEqual([]);
		expect((await state(sandbox)).drive_files).toEqual([]);
	});

	it('a part the storage does not take stops the upload, with an error that does not show the upload token', async () => {
		// The storage loses the session before the second part (its documented 404 "session not found").
		const files = sandbox.sandbox.sections.find(
			(section) => section instanceof FilesSection,
		) as any;
		const receive = files.receivePart;
		let parts = 0;
		files.receivePart = (...args: unknown[]) =>
			++parts === 2
				? {
						status: 404,
						contentType: 'application/json',
						body: { title: 'Not Found', status: 404, detail: 'Session not found' },
					}
				: receive.apply(files, args);
		try {
			const result = await upload([
				fileItem(bytesOf(600_000), 'big.bin', 'application/octet-stream'),
			]);
			expect(result.error()?.message).toBe(
				'The upload of "big.bin" stopped after 524288 of 600000 bytes: amoCRM has no such resource: Session not found',
			);
			const description = String((result.error() as any).description);
			expect(description).toContain(
				`${sandbox.url}/drive/v1.0/sessions/upload/…, so nothing was stored`,
			);
			const sent = (await requests(sandbox)).filter((r) => uploadPath.test(r.path));
			expect(sent).toHaveLength(2);
			const token = sent[1].path.split('/').pop()!;
			expect(description).not.toContain(token);
			expect(result.error()?.message).not.toContain(token);
			expect((await state(sandbox)).drive_files).toEqual([]);
		} finally {
			files.receivePart = receive;
		}
	});

	it('an empty file is refused before anything is sent', async () => {
		const result = await upload([fileItem(Buffer.alloc(0), 'empty.txt', 'text/plain')]);
		expect(result.error()?.message).toBe('The file "empty.txt" is empty');
		expect(await requests(sandbox)).toEqual([]);
	});

	it('a file uploaded but not attachable (unknown lead) says so with its UUID', async () => {
		const result = await upload([fileItem(bytesOf(10), 'a.txt', 'text/plain')], {
			attachTo: 'leads',
			leadId: byId('30009999'),
		});
		const [stored] = (await state(sandbox)).drive_files;
		expect(result.error()?.message).toBe(
			`Uploaded "a.txt" (UUID ${stored.uuid}) but could not attach it: amoCRM has no lead with ID 30009999`,
		);
		expect((await state(sandbox)).file_links).toEqual([]);
	});
});

describe('File → Attach', () => {
	const A = randomUUID();
	const B = randomUUID();
	const C = randomUUID();
	beforeEach(async () => {
		await seedFiles([
			[A, 'a.pdf', bytesOf(5), 'application/pdf'],
			[B, 'b.pdf', bytesOf(6), 'application/pdf'],
			[C, 'c.pdf', bytesOf(7), 'application/pdf'],
		]);
	});
	const attach = (items: IDataObject[], continueOnFail = false) =>
		runAmoCrm(
			sandbox,
			{
				resource: 'file',
				operation: 'attach',
				fileUuids: '={{$json.uuids}}',
				entityType: '={{$json.type}}',
				leadId: byId('={{$json.id}}'),
				companyId: byId('={{$json.id}}'),
				contactId: byId('={{$json.id}}'),
			},
			{ items, continueOnFail },
		);

	it('files of many items go to each record in one request; attaching again changes nothing', async () => {
		const { out } = await attach([
			{ uuids: A, type: 'leads', id: LEAD },
			{ uuids: `${B}, ${C}`, type: 'leads', id: LEAD },
			{ uuids: A, type: 'contacts', id: CONTACT },
		]);
		const puts = (await requests(sandbox)).filter((r) => r.method === 'PUT');
		expect(puts.map((r) => [r.path, r.body, r.status])).toEqual([
			[`/api/v4/leads/${LEAD}/files`, [{ file_uuid: A }, { file_uuid: B }, { file_uuid: C }], 202],
			[`/api/v4/contacts/${CONTACT}/files`, [{ file_uuid: A }], 202],
		]);
		expect(out).toEqual([
			{ entity_type: 'leads', entity_id: LEAD, file_uuids: [A], attached: true },
			{ entity_type: 'leads', entity_id: LEAD, file_uuids: [B, C], attached: true },
			{ entity_type: 'contacts', entity_id: CONTACT, file_uuids: [A], attached: true },
		]);
		await attach([{ uuids: A, type: 'leads', id: LEAD }]);
		expect(
			(await state(sandbox)).file_links.map((l: IDataObject) => [l.entity_type, l.file_uuid]),
		).toEqual([
			['leads', A],
			['leads', B],
			['leads', C],
			['contacts', A],
		]);
	});

	it('an unknown or trashed file fails its item only: the storage is asked which, and the others are attached', async () => {
		const trashed = randomUUID();
		await seedFiles([[trashed, 'old.pdf', bytesOf(3), 'application/pdf']], { is_trashed: true });
		const unknown = randomUUID();
		const { out } = await attach(
			[
				{ uuids: A, type: 'leads', id: LEAD },
				{ uuids: unknown, type: 'leads', id: LEAD },
				{ uuids: `${B},${trashed}`, type: 'leads', id: LEAD },
				{ uuids: C, type: 'leads', id: LEAD },
			],
			true,
		);
		expect(out[0]).toMatchObject({ attached: true });
		expect(out[1]).toEqual(
			expect.objectContaining({ error: `amoCRM has no file with UUID ${unknown}` }),
		);
		expect(out[2]).toEqual(
			expect.objectContaining({ error: `amoCRM has no file with UUID ${trashed}` }),
		);
		expect(out[3]).toMatchObject({ attached: true });
		const log = (await requests(sandbox)).filter(
			(r) => r.method === 'PUT' || r.path.startsWith('/drive/'),
		);
		expect(log.map((r) => [r.method, r.path, r.status])).toEqual([
			['PUT', `/api/v4/leads/${LEAD}/files`, 400],
			['GET', '/drive/v1.0/files', 200],
			['PUT', `/api/v4/leads/${LEAD}/files`, 202],
		]);
		expect(log[1].query.filter.uuid).toBe([A, unknown, B, trashed, C].join(','));
		// An item is attached whole or not at all: B stays out with the trashed file it came with.
		expect(log[2].body).toEqual([{ file_uuid: A }, { file_uuid: C }]);
		expect((await state(sandbox)).file_links.map((l: IDataObject) => l.file_uuid)).toEqual([A, C]);
		const stopped = await attach([{ uuids: unknown, type: 'leads', id: LEAD }]);
		expect(stopped.error()?.message).toBe(`amoCRM has no file with UUID ${unknown}`);
	});

	it('bad input: a malformed UUID, an unknown record', async () => {
		const malformed = await attach([{ uuids: 'договор.pdf', type: 'leads', id: LEAD }]);
		expect(malformed.error()?.message).toBe('"договор.pdf" is not a file UUID');
		expect(await requests(sandbox)).toEqual([]);
		const noCompany = await attach([{ uuids: A, type: 'companies', id: 40009999 }]);
		expect(noCompany.error()?.message).toBe('amoCRM has no company with ID 40009999');
		expect((await state(sandbox)).file_links).toEqual([]);
	});
});

describe('File → Get Many of a Record', () => {
	const getMany = (parameters: IDataObject) =>
		runAmoCrm(sandbox, {
			resource: 'file',
			operation: 'getAllOfRecord',
			entityType: 'leads',
			leadId: byId(String(LEAD)),
			...parameters,
		});

	it('all files of a record, newest attached first, page by page with before_id, with their details in batches of 50', async () => {
		const files = Array.from(
			{ length: 60 },
			(_, n) =>
				[randomUUID(), `f${n}.txt`, bytesOf(n + 1, n), 'text/plain'] as [
					string,
					string,
					Buffer,
					string,
				],
		);
		await seedFiles(files);
		await seed(sandbox, {
			file_links: files.map(([uuid]) => ({
				entity_type: 'leads',
				entity_id: LEAD,
				file_uuid: uuid,
			})),
		});
		const { out } = await getMany({ returnAll: true });
		const log = await requests(sandbox);
		const reads = log.filter((r) => r.path === `/api/v4/leads/${LEAD}/files`);
		const links = (await state(sandbox)).file_links as IDataObject[];
		expect(reads.map((r) => r.query)).toEqual([
			{ limit: '50' },
			{ limit: '50', before_id: String(links[10].id) },
		]);
		const lookups = log.filter((r) => r.path === '/drive/v1.0/files');
		expect(lookups.map((r) => r.query.filter.uuid.split(',').length)).toEqual([50, 10]);
		expect(out).toHaveLength(60);
		expect(out[0]).toEqual({
			entity_type: 'leads',
			entity_id: LEAD,
			link_id: links[59].id,
			uuid: files[59][0],
			version_uuid: expect.any(String),
			name: 'f59.txt',
			size: 60,
			type: 'document',
			mime_type: 'text/plain',
			extension: 'txt',
			created_at: expect.any(Number),
			updated_at: expect.any(Number),
		});
		expect(out.map((o) => o.name)).toEqual(files.map(([, name]) => name).reverse());
	});

	it('a limit reads no more than it needs; without details only the UUIDs', async () => {
		const files = Array.from(
			{ length: 8 },
			(_, n) =>
				[randomUUID(), `f${n}.txt`, bytesOf(3), 'text/plain'] as [string, string, Buffer, string],
		);
		await seedFiles(files);
		await seed(sandbox, {
			file_links: files.map(([uuid]) => ({
				entity_type: 'leads',
				entity_id: LEAD,
				file_uuid: uuid,
			})),
		});
		const { out } = await getMany({ returnAll: false, limit: 3, withDetails: false });
		const log = await requests(sandbox);
		expect(log.map((r) => [r.path, r.query])).toEqual([
			[`/api/v4/leads/${LEAD}/files`, { limit: '3' }],
		]);
		expect(out.map((o) => o.uuid)).toEqual([files[7][0], files[6][0], files[5][0]]);
		expect(Object.keys(out[0]).sort()).toEqual(['entity_id', 'entity_type', 'link_id', 'uuid']);
	});

	it('a record without files gives nothing; an unknown record is a clear error', async () => {
		const empty = await getMany({ returnAll: true });
		expect(empty.error()).toBeUndefined();
		expect(empty.out).toEqual([]);
		const unknown = await getMany({ returnAll: true, leadId: byId('30009999') });
		expect(unknown.error()?.message).toBe('amoCRM has no lead with ID 30009999');
	});
});

describe('File → Download', () => {
	it('an uploaded file comes back byte for byte, with its name and MIME type', async () => {
		const bytes = bytesOf(700_000, 9);
		const uploaded = await upload([fileItem(bytes, 'Отчёт 2026.pdf', 'application/pdf')]);
		const uuid = uploaded.out[0].uuid as string;
		const result = await runAmoCrm(sandbox, {
			resource: 'file',
			operation: 'download',
			fileUuid: uuid,
			binaryPropertyName: 'file',
		});
		const [item] = result.items('amoCRM');
		expect(item.json).toMatchObject({
			uuid,
			name: 'Отчёт 2026.pdf',
			size: 700_000,
			mime_type: 'application/pdf',
		});
		const binary = item.binary!.file;
		expect(binary).toMatchObject({ fileName: 'Отчёт 2026.pdf', mimeType: 'application/pdf' });
		expect(sha256(Buffer.from(binary.data, 'base64'))).toBe(sha256(bytes));
		const log = (await requests(sandbox)).filter(
			(r) => r.method === 'GET' && r.path.startsWith('/drive/'),
		);
		expect(log.map((r) => r.path)).toEqual([
			`/drive/v1.0/files/${uuid}`,
			expect.stringMatching(new RegExp(`^/drive/download/[\\w-]+/${uuid}/_+_2026\\.pdf$`)),
		]);
	});

	it('an unknown UUID is a clear error; with Continue On Fail the other items are downloaded', async () => {
		const known = randomUUID();
		await seedFiles([[known, 'a.txt', Buffer.from('abc'), 'text/plain']]);
		const unknown = randomUUID();
		const result = await runAmoCrm(
			sandbox,
			{
				resource: 'file',
				operation: 'download',
				fileUuid: '={{$json.uuid}}',
				binaryPropertyName: 'data',
			},
			{ items: [{ uuid: unknown }, { uuid: known }], continueOnFail: true },
		);
		const items = result.items('amoCRM');
		expect(items[0].json).toEqual(
			expect.objectContaining({ error: `amoCRM has no file with UUID ${unknown}` }),
		);
		expect(Buffer.from(items[1].binary!.data.data, 'base64').toString()).toBe('abc');
		const stopped = await runAmoCrm(sandbox, {
			resource: 'file',
			operation: 'download',
			fileUuid: unknown,
			binaryPropertyName: 'data',
		});
		expect(stopped.error()?.message).toBe(`amoCRM has no file with UUID ${unknown}`);
	});
});

describe('Note → Create, type File', () => {
	const FILE = randomUUID();
	beforeEach(async () => {
		await seedFiles([[FILE, 'contract.pdf', bytesOf(50), 'application/pdf']]);
	});
	const note = (parameters: IDataObject) =>
		runAmoCrm(sandbox, {
			resource: 'note',
			operation: 'create',
			entityType: 'leads',
			entityId: String(LEAD),
			noteType: 'attachment',
			fileName: 'contract.pdf',
			...parameters,
		});

	it('an uploaded file on a lead’s feed: note_type attachment with the file’s UUID, name and version', async () => {
		const [stored] = (await state(sandbox)).drive_files;
		const { out } = await note({ fileUuid: FILE, versionUuid: stored.version_uuid });
		const [write] = (await requests(sandbox)).filter((r) => r.path === '/api/v4/leads/notes');
		expect(write.body).toEqual([
			{
				entity_id: LEAD,
				note_type: 'attachment',
				params: { file_uuid: FILE, file_name: 'contract.pdf', version_uuid: stored.version_uuid },
				request_id: '0',
			},
		]);
		expect(out).toEqual([
			{
				id: expect.any(Number),
				entity_type: 'leads',
				entity_id: LEAD,
				note_type: 'attachment',
				params: { file_uuid: FILE, file_name: 'contract.pdf', version_uuid: stored.version_uuid },
			},
		]);
		expect((await state(sandbox)).notes).toEqual([
			expect.objectContaining({
				entity_id: LEAD,
				note_type: 'attachment',
				params: { file_uuid: FILE, file_name: 'contract.pdf', version_uuid: stored.version_uuid },
			}),
		]);
		const listed = await runAmoCrm(sandbox, {
			resource: 'note',
			operation: 'getAll',
			entityType: 'leads',
			entityId: String(LEAD),
			returnAll: true,
			filters: { noteTypes: ['attachment'] },
		});
		expect(listed.out).toEqual([
			expect.objectContaining({
				note_type: 'attachment',
				params: expect.objectContaining({ file_uuid: FILE }),
			}),
		]);
	});

	it('bad input: an unknown file, a malformed UUID, no name', async () => {
		const unknown = randomUUID();
		const missing = await note({ fileUuid: unknown });
		expect(missing.error()?.message).toBe(
			'amoCRM rejected the data: params.file_uuid: File not found.',
		);
		const malformed = await note({ fileUuid: 'contract.pdf' });
		expect(malformed.error()?.message).toBe('"contract.pdf" is not a file UUID');
		const nameless = await note({ fileUuid: FILE, fileName: ' ' });
		expect(nameless.error()?.message).toBe('The file note has no file name');
		expect((await state(sandbox)).notes).toEqual([]);
	});
});

describe('the sandbox’s file storage is strict where amoCRM’s documentation is silent', () => {
	const call = async (
		method: string,
		url: string,
		body?: Buffer | object,
		token: string | null = AMOCRM_SANDBOX.longLivedToken,
	) => {
		const response = await fetch(url, {
			method,
			headers: {
				...(token ? { authorization: `Bearer ${token}` } : {}),
				'content-type': Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json',
			},
			body:
				body === undefined
					? undefined
					: Buffer.isBuffer(body)
						? new Uint8Array(body)
						: JSON.stringify(body),
		});
		const text = Buffer.from(await response.arrayBuffer());
		return { status: response.status, bytes: text, json: () => JSON.parse(text.toString()) };
	};

	it('parts: the size the session gives, full until the last, in order, each to a new address; downloads need the token', async () => {
		await seed(sandbox, { drive: { max_part_size: 400 } });
		await faults(sandbox, { rps: 0 });
		const drive = (await call('GET', `${sandbox.url}/api/v4/account?with=drive_url`)).json()
			.drive_url;
		expect(drive).toBe(`${sandbox.url}/drive`);
		expect(
			(
				await call('POST', `${drive}/v1.0/sessions`, {
					file_name: 'a.bin',
					file_size: 1000,
					unknown: 1,
				})
			).status,
		).toBe(400);
		expect(
			(await call('POST', `${drive}/v1.0/sessions`, { file_name: 'a.bin', file_size: 0 })).status,
		).toBe(400);
		expect(
			(await call('POST', `${drive}/v1.0/sessions`, { file_name: 'a.bin', file_size: 1000 }, null))
				.status,
		).toBe(401);
		const session = (
			await call('POST', `${drive}/v1.0/sessions`, {
				file_name: 'a.bin',
				file_size: 1000,
				content_type: 'application/octet-stream',
			})
		).json();
		expect(session).toEqual({
			max_file_size: 314_572_800,
			max_part_size: 400,
			session_id: expect.any(Number),
			upload_url: expect.stringMatching(/\/drive\/v1\.0\/sessions\/upload\//),
		});
		const bytes = bytesOf(1000);
		expect((await call('POST', session.upload_url, bytes.subarray(0, 500))).status).toBe(400);
		expect((await call('POST', session.upload_url, bytes.subarray(0, 300))).status).toBe(400);
		const first = await call('POST', session.upload_url, bytes.subarray(0, 400));
		expect(first.status).toBe(200);
		const { next_url: second } = first.json();
		expect((await call('POST', session.upload_url, bytes.subarray(400, 800))).status).toBe(400);
		expect(
			(await call('POST', `${drive}/v1.0/sessions/upload/not-a-session`, bytes.subarray(400, 800)))
				.status,
		).toBe(404);
		const third = (await call('POST', second, bytes.subarray(400, 800))).json().next_url;
		expect((await call('POST', third, bytes.subarray(800, 1000).subarray(0, 0))).status).toBe(400);
		const done = await call('POST', third, bytes.subarray(800, 1000));
		expect(done.status).toBe(202);
		const file = done.json();
		expect(file).toMatchObject({ name: 'a.bin', size: 1000, session_id: session.session_id });
		expect((await call('GET', file._links.download.href, undefined, null)).status).toBe(401);
		const download = await call('GET', file._links.download.href);
		expect(download.status).toBe(200);
		expect(download.bytes.equals(bytes)).toBe(true);
		expect((await call('GET', file._links.download.href.replace(/a\.bin$/, 'b.bin'))).status).toBe(
			404,
		);
	});
});
