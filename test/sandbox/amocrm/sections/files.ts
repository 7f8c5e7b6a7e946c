// Files. amoCRM keeps files on a file storage host of its own (the "drive"), whose address the account
// gives (`GET /api/v4/account?with=drive_url`); here that host is this loopback server under
// DRIVE_PREFIX, reached with the same token and counted in the same rate limit. Built to amoCRM's files
// pages (developers/content/files/files-api and files-capabilities), Kommo's, and amocrm-api-php
// (`EntitiesServices/Files.php`, `EntitiesServices/EntityFiles.php`, `Models/Files/*`):
//  - `POST {drive}/v1.0/sessions` {file_name, file_size, content_type?, file_uuid?, with_preview?, created_by?}
//    answers {max_file_size, max_part_size, session_id, upload_url}; `file_uuid` makes a new version;
//  - `POST {upload_url}` with the raw bytes of the next part answers {session_id, next_url}, and after the
//    last part the file object; an unknown upload address is 404;
//  - `GET {drive}/v1.0/files` (`filter[uuid]` comma-separated; trashed files only with `filter[deleted]`),
//    204 when none; `GET {drive}/v1.0/files/{uuid}` 404 when unknown; the file's `_links.download.href`
//    gives its bytes;
//  - `GET|PUT|DELETE /api/v4/{leads|contacts|companies}/{id}/files`: 404 for an unknown record, PUT and
//    DELETE take `[{file_uuid}]` and answer 202 without a body, GET answers `[{file_uuid, id}]` (204 none);
//  - an attachment note names a file by `file_uuid` (and `version_uuid`); trashed files cannot be used.
// Not documented, and played the less forgiving way here:
//  - a file bigger than `max_file_size` is refused when its session opens (400); `oversizeUpload: "opened"`
//    plays a storage that opens the session and then refuses every part;
//  - refused with 400: an empty file, a part bigger than `max_part_size`, an empty part, a part that goes
//    past the file's size, a part shorter than `max_part_size` that is not the last, and a part sent to an
//    upload address already used (each part gets a new one);
//  - the last part answers 202 (a Kommo community answer) rather than 200 (the files page lists 200);
//  - downloads need the token, and the name in the download address must be the file's;
//  - attaching an unknown or trashed file, or naming a version of another file, is refused (400), and so
//    is an attachment note with one; attaching a file a record already has changes nothing;
//  - record files come newest link first, 50 a page unless `limit` (1..250) says otherwise, `before_id`
//    the cursor;
//  - storage errors are JSON `{title, status, detail}` sent as `application/json` (the files page says the
//    storage answers in application/json, not how its errors look).
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import type { JsonObject, SandboxRequest, SandboxResponse } from '../../common';
import {
	type ValidationError,
	isInt,
	noContent,
	now,
	ok,
	problem,
	unexpectedFields,
} from '../answers';
import type { AmoCrmSandbox } from '../server';
import { AMOCRM_SANDBOX } from '../state';
import type { SandboxSection } from './section';

/** Where the file storage answers on the sandbox's own address. */
export const DRIVE_PREFIX = '/drive';

/** The vendor's example values (files-api page): 300 MiB per file, 512 KiB per part. */
const MAX_FILE_SIZE = 314_572_800;
const MAX_PART_SIZE = 524_288;
/** The first UUID of a download address; it looks like the account's (an inference from the examples). */
const ACCOUNT_UUID = 'aff5603a-5f1e-4b8e-9c1d-3a2b1c0d9e8f';
const ENTITY_TYPES = ['leads', 'contacts', 'companies'] as const;
type EntityType = (typeof ENTITY_TYPES)[number];

interface Version {
	uuid: string;
	bytes: Buffer;
	name: string;
	size: number;
	mime_type: string;
	/** Sizes of the parts it came in, in order. */
	parts: number[];
	created_at: number;
}

interface DriveFile {
	uuid: string;
	name: string;
	is_trashed: boolean;
	created_at: number;
	updated_at: number;
	created_by: number;
	deleted_at: number | null;
	session_id: number | null;
	/** The newest is the active one. */
	versions: Version[];
}

interface Session {
	id: number;
	file_name: string;
	file_size: number;
	content_type: string;
	file_uuid: string | null;
	created_by: number;
	chunks: Buffer[];
	parts: number[];
	received: number;
	/** The only upload address that takes the next part. */
	token: string;
	oversize: boolean;
}

interface FileLink {
	id: number;
	entity_type: EntityType;
	entity_id: number;
	file_uuid: string;
}

const driveProblem = (status: number, title: string, detail: string): SandboxResponse => ({
	status,
	contentType: 'application/json',
	body: { title, status, detail },
});

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function typeOf(mime: string): string {
	if (mime.startsWith('image/')) return 'image';
	if (mime.startsWith('video/')) return 'video';
	if (mime.startsWith('audio/')) return 'audio';
	if (/pdf|msword|officedocument|opendocument|rtf|^text\//.test(mime)) return 'document';
	return 'file';
}

const extensionOf = (name: string) =>
	name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
const sanitized = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');

export class FilesSection implements SandboxSection {
	files = new Map<string, DriveFile>();
	sessions = new Map<number, Session>();
	/** Upload addresses already used, with their session: a part sent to one again is refused. */
	spentTokens = new Map<string, number>();
	links: FileLink[] = [];
	maxFileSize = MAX_FILE_SIZE;
	maxPartSize = MAX_PART_SIZE;

	constructor(private readonly sandbox: AmoCrmSandbox) {}

	reset() {
		this.files.clear();
		this.sessions.clear();
		this.spentTokens.clear();
		this.links = [];
		this.maxFileSize = MAX_FILE_SIZE;
		this.maxPartSize = MAX_PART_SIZE;
	}

	dump(): JsonObject {
		return {
			drive_files: [...this.files.values()].map((file) => {
				const active = file.versions[file.versions.length - 1];
				return {
					uuid: file.uuid,
					version_uuid: active.uuid,
					name: file.name,
					size: active.size,
					mime_type: active.mime_type,
					is_trashed: file.is_trashed,
					sha256: createHash('sha256').update(active.bytes).digest('hex'),
					parts: active.parts,
					versions: file.versions.length,
				};
			}),
			drive_sessions: [...this.sessions.values()].map(
				({ chunks: _chunks, token: _token, ...session }) => session,
			),
			file_links: this.links,
			drive_limits: { max_file_size: this.maxFileSize, max_part_size: this.maxPartSize },
		};
	}

	/** `drive: {max_file_size?, max_part_size?}` (the account's limits); `drive_files: [{uuid?, name, content_base64, mime_type?, is_trashed?}]`; `file_links`. */
	seed(body: JsonObject) {
		const drive = (body.drive ?? {}) as JsonObject;
		if (isInt(drive.max_file_size)) this.maxFileSize = drive.max_file_size;
		if (isInt(drive.max_part_size)) this.maxPartSize = drive.max_part_size;
		for (const seeded of (body.drive_files ?? []) as JsonObject[]) {
			const bytes = Buffer.from(String(seeded.content_base64 ?? ''), 'base64');
			const file = this.createFile(
				String(seeded.name),
				bytes,
				String(seeded.mime_type ?? 'application/octet-stream'),
				[bytes.length],
				AMOCRM_SANDBOX.users.admin,
				null,
				seeded.uuid as string | undefined,
			);
			if (seeded.is_trashed) {
				file.is_trashed = true;
				file.deleted_at = now();
			}
		}
		for (const link of (body.file_links ?? []) as JsonObject[])
			this.link(link.entity_type, link.entity_id, link.file_uuid);
	}

	route(
		method: string,
		parts: string[],
		request: SandboxRequest,
		base: string,
	): SandboxResponse | null {
		if (parts[0] === 'drive')
			return this.routeDrive(method, parts.slice(1), request, `${base}${DRIVE_PREFIX}`);
		if (
			parts.length === 3 &&
			parts[2] === 'files' &&
			ENTITY_TYPES.includes(parts[0] as EntityType)
		) {
			return this.routeRecordFiles(method, parts[0] as EntityType, Number(parts[1]), request, base);
		}
		return null;
	}

	/** What is wrong with the file an attachment note names (`noteProblems` of the sandbox's note writes). */
	noteProblems(noteType: string, params: JsonObject): ValidationError[] {
		if (noteType !== 'attachment' || typeof params.file_uuid !== 'string') return [];
		const file = this.files.get(params.file_uuid);
		if (!file || file.is_trashed)
			return [{ code: 'NotFound', path: 'params.file_uuid', detail: 'File not found.' }];
		if (
			params.version_uuid !== undefined &&
			!file.versions.some((v) => v.uuid === params.version_uuid)
		) {
			return [{ code: 'NotFound', path: 'params.version_uuid', detail: 'File version not found.' }];
		}
		return [];
	}

	// ---------------------------------------------------------------- the file storage

	private routeDrive(
		method: string,
		parts: string[],
		request: SandboxRequest,
		drive: string,
	): SandboxResponse | null {
		const caller = request.headers.authorization?.includes(AMOCRM_SANDBOX.managerToken)
			? AMOCRM_SANDBOX.users.anna
			: AMOCRM_SANDBOX.users.admin;
		if (parts[0] === 'v1.0' && parts[1] === 'sessions') {
			if (parts.length === 2 && method === 'POST')
				return this.openSession(request.body, caller, drive);
			if (parts.length === 4 && parts[2] === 'upload' && method === 'POST')
				return this.receivePart(parts[3], request.rawBytes, drive);
			return null;
		}
		if (parts[0] === 'v1.0' && parts[1] === 'files' && method === 'GET') {
			if (parts.length === 2) return this.listFiles(request.query, drive);
			if (parts.length === 3) {
				const file = this.files.get(parts[2]);
				return file
					? { status: 200, contentType: 'application/json', body: this.present(file, drive) }
					: driveProblem(404, 'Not Found', 'File not found');
			}
		}
		if (parts[0] === 'download' && method === 'GET' && (parts.length === 4 || parts.length === 5))
			return this.download(parts);
		return null;
	}

	private openSession(body: unknown, caller: number, drive: string): SandboxResponse {
		const item = (body ?? {}) as JsonObject;
		if (!body || typeof body !== 'object' || Array.isArray(body))
			return driveProblem(400, 'Bad Request', 'Request body must be an object');
		const wrong = Object.keys(item).find(
			(key) =>
				![
					'file_name',
					'file_size',
					'content_type',
					'file_uuid',
					'with_preview',
					'created_by',
				].includes(key),
		);
		if (wrong) return driveProblem(400, 'Bad Request', `Unexpected field ${wrong}`);
		if (typeof item.file_name !== 'string' || !item.file_name.trim())
			return driveProblem(400, 'Bad Request', 'file_name should not be blank');
		if (!isInt(item.file_size) || item.file_size < 1)
			return driveProblem(400, 'Bad Request', 'file_size should be a positive integer');
		if (item.content_type !== undefined && typeof item.content_type !== 'string')
			return driveProblem(400, 'Bad Request', 'content_type should be a string');
		if (item.with_preview !== undefined && typeof item.with_preview !== 'boolean')
			return driveProblem(400, 'Bad Request', 'with_preview should be a boolean');
		if (item.file_uuid !== undefined) {
			const existing = this.files.get(String(item.file_uuid));
			if (!existing || existing.is_trashed)
				return driveProblem(400, 'Bad Request', 'file_uuid: file not found');
		}
		const oversize = item.file_size > this.maxFileSize;
		if (oversize && this.sandbox.readings.oversizeUpload !== 'opened') {
			return driveProblem(
				400,
				'Bad Request',
				`File size ${item.file_size} exceeds the maximum file size of ${this.maxFileSize} bytes`,
			);
		}
		const id = 26_136_000 + this.sandbox.nextId('drive_sessions');
		const session: Session = {
			id,
			file_name: item.file_name,
			file_size: item.file_size,
			content_type: (item.content_type as string | undefined) ?? 'application/octet-stream',
			file_uuid: (item.file_uuid as string | undefined) ?? null,
			created_by: caller,
			chunks: [],
			parts: [],
			received: 0,
			token: '',
			oversize,
		};
		session.token = this.uploadToken(session);
		this.sessions.set(id, session);
		return {
			status: 200,
			contentType: 'application/json',
			body: {
				max_file_size: this.maxFileSize,
				max_part_size: this.maxPartSize,
				session_id: id,
				upload_url: `${drive}/v1.0/sessions/upload/${session.token}`,
			},
		};
	}

	/** A JWT-like upload address token (the vendor's example holds exp, account_id, session_id, user_id, user_type, part_num). */
	private uploadToken(session: Session): string {
		const payload = {
			exp: now() + 86_400,
			account_id: AMOCRM_SANDBOX.accountId,
			session_id: session.id,
			user_id: session.created_by,
			user_type: 'internal',
			part_num: session.parts.length + 1,
		};
		return `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}.${base64url(randomBytes(24))}`;
	}

	private receivePart(token: string, bytes: Buffer, drive: string): SandboxResponse {
		if (this.spentTokens.has(token))
			return driveProblem(
				400,
				'Bad Request',
				'This part has already been received: send the next part to next_url',
			);
		const session = [...this.sessions.values()].find((s) => s.token === token);
		if (!session) return driveProblem(404, 'Not Found', 'Session not found');
		if (session.oversize)
			return driveProblem(
				400,
				'Bad Request',
				`File size ${session.file_size} exceeds the maximum file size of ${this.maxFileSize} bytes`,
			);
		if (bytes.length === 0) return driveProblem(400, 'Bad Request', 'Empty part');
		if (bytes.length > this.maxPartSize)
			return driveProblem(
				400,
				'Bad Request',
				`Part size ${bytes.length} exceeds max_part_size ${this.maxPartSize}`,
			);
		if (session.received + bytes.length > session.file_size)
			return driveProblem(
				400,
				'Bad Request',
				`The parts exceed the file size of ${session.file_size} bytes`,
			);
		const last = session.received + bytes.length === session.file_size;
		if (!last && bytes.length < this.maxPartSize)
			return driveProblem(
				400,
				'Bad Request',
				`Only the last part may be shorter than max_part_size ${this.maxPartSize}`,
			);
		session.chunks.push(Buffer.from(bytes));
		session.parts.push(bytes.length);
		session.received += bytes.length;
		this.spentTokens.set(token, session.id);
		if (!last) {
			session.token = this.uploadToken(session);
			return {
				status: 200,
				contentType: 'application/json',
				body: {
					session_id: session.id,
					next_url: `${drive}/v1.0/sessions/upload/${session.token}`,
				},
			};
		}
		this.sessions.delete(session.id);
		const content = Buffer.concat(session.chunks);
		let file: DriveFile;
		if (session.file_uuid) {
			file = this.files.get(session.file_uuid)!;
			file.versions.push({
				uuid: randomUUID(),
				bytes: content,
				name: session.file_name,
				size: content.length,
				mime_type: session.content_type,
				parts: session.parts,
				created_at: now(),
			});
			file.name = session.file_name;
			file.updated_at = now();
			file.session_id = session.id;
		} else {
			file = this.createFile(
				session.file_name,
				content,
				session.content_type,
				session.parts,
				session.created_by,
				session.id,
			);
		}
		return { status: 202, contentType: 'application/json', body: this.present(file, drive) };
	}

	private createFile(
		name: string,
		bytes: Buffer,
		mime: string,
		parts: number[],
		createdBy: number,
		sessionId: number | null,
		uuid: string = randomUUID(),
	): DriveFile {
		const t = now();
		const file: DriveFile = {
			uuid,
			name,
			is_trashed: false,
			created_at: t,
			updated_at: t,
			created_by: createdBy,
			deleted_at: null,
			session_id: sessionId,
			versions: [
				{
					uuid: randomUUID(),
					bytes,
					name,
					size: bytes.length,
					mime_type: mime,
					parts,
					created_at: t,
				},
			],
		};
		this.files.set(uuid, file);
		return file;
	}

	/** The file object of the files-api page. */
	private present(file: DriveFile, drive: string): JsonObject {
		const active = file.versions[file.versions.length - 1];
		const name = sanitized(file.name);
		const body: JsonObject = {
			uuid: file.uuid,
			version_uuid: active.uuid,
			type: typeOf(active.mime_type),
			is_trashed: file.is_trashed,
			name: file.name,
			sanitized_name: name,
			size: active.size,
			source_id: null,
			has_multiple_versions: file.versions.length > 1,
			created_at: file.created_at,
			created_by: { type: 'internal', id: file.created_by },
			updated_at: file.updated_at,
			updated_by: { type: 'internal', id: file.created_by },
			deleted_at: file.deleted_at,
			deleted_by: file.deleted_at ? { type: 'internal', id: file.created_by } : null,
			metadata: { extension: extensionOf(file.name), mime_type: active.mime_type },
			previews: null,
			_links: {
				download: { href: `${drive}/download/${ACCOUNT_UUID}/${file.uuid}/${name}` },
				download_version: {
					href: `${drive}/download/${ACCOUNT_UUID}/${file.uuid}/${active.uuid}/${name}`,
				},
				self: { href: `${drive}/v1.0/files/${file.uuid}` },
			},
		};
		if (file.session_id !== null) body.session_id = file.session_id;
		return body;
	}

	private listFiles(q: JsonObject, drive: string): SandboxResponse {
		const f = (q.filter ?? {}) as JsonObject;
		const limit = q.limit === undefined ? 50 : Number(q.limit);
		const page = q.page === undefined ? 1 : Number(q.page);
		if (!Number.isInteger(limit) || limit < 1 || limit > 250)
			return driveProblem(400, 'Bad Request', 'limit must be an integer from 1 to 250');
		if (!Number.isInteger(page) || page < 1)
			return driveProblem(400, 'Bad Request', 'page must be a positive integer');
		if (f.uuid !== undefined && typeof f.uuid !== 'string')
			return driveProblem(400, 'Bad Request', 'filter[uuid] must be a comma-separated list');
		let files = [...this.files.values()].filter((file) =>
			f.deleted !== undefined ? file.is_trashed : !file.is_trashed,
		);
		if (typeof f.uuid === 'string') {
			const uuids = f.uuid.split(',').map((u) => u.trim());
			files = files.filter((file) => uuids.includes(file.uuid));
		}
		const shown = files.slice((page - 1) * limit, page * limit);
		if (!shown.length) return noContent();
		return {
			status: 200,
			contentType: 'application/json',
			body: {
				_count: shown.length,
				_embedded: { files: shown.map((file) => this.present(file, drive)) },
			},
		};
	}

	private download(parts: string[]): SandboxResponse {
		const [, account, uuid] = parts;
		const file = this.files.get(uuid);
		if (account !== ACCOUNT_UUID || !file || file.is_trashed)
			return driveProblem(404, 'Not Found', 'File not found');
		const version =
			parts.length === 5
				? file.versions.find((v) => v.uuid === parts[3])
				: file.versions[file.versions.length - 1];
		if (!version || parts[parts.length - 1] !== sanitized(file.name))
			return driveProblem(404, 'Not Found', 'File not found');
		return { status: 200, contentType: version.mime_type, body: version.bytes };
	}

	// ---------------------------------------------------------------- files of a record

	private routeRecordFiles(
		method: string,
		type: EntityType,
		id: number,
		request: SandboxRequest,
		base: string,
	): SandboxResponse | null {
		if (!['GET', 'PUT', 'DELETE'].includes(method)) return null;
		const record = Number.isInteger(id) ? this.sandbox[type].get(id) : undefined;
		if (!record || record.is_deleted) return problem(404, 'Not Found', 'Entity not found');
		if (method === 'GET') return this.recordFiles(type, id, request.query, base);
		const items = this.sandbox.requireArray(request.body);
		const changes = this.sandbox.prepareBatch(items, (item, errors) => {
			errors.push(...unexpectedFields(item, ['file_uuid']));
			if (typeof item.file_uuid !== 'string' || !item.file_uuid)
				errors.push({
					code: 'NotBlank',
					path: 'file_uuid',
					detail: 'This value should not be blank.',
				});
			else if (
				method === 'PUT' &&
				(!this.files.has(item.file_uuid) || this.files.get(item.file_uuid)!.is_trashed)
			) {
				errors.push({ code: 'NotFound', path: 'file_uuid', detail: 'File not found.' });
			}
			return () =>
				method === 'PUT'
					? this.link(type, id, item.file_uuid)
					: this.unlink(type, id, item.file_uuid);
		});
		for (const change of changes) change();
		return { status: 202 };
	}

	private recordFiles(type: EntityType, id: number, q: JsonObject, base: string): SandboxResponse {
		const limit = q.limit === undefined ? 50 : Number(q.limit);
		if (!Number.isInteger(limit) || limit < 1 || limit > 250)
			return problem(400, 'Bad Request', 'limit must be an integer from 1 to 250');
		const before = q.before_id === undefined ? Infinity : Number(q.before_id);
		if (q.before_id !== undefined && !Number.isInteger(before))
			return problem(400, 'Bad Request', 'before_id must be an integer');
		const links = this.links
			.filter((l) => l.entity_type === type && l.entity_id === id && l.id < before)
			.sort((a, b) => b.id - a.id)
			.slice(0, limit);
		if (!links.length) return noContent();
		const self = `${base}/api/v4/${type}/${id}/files`;
		const body: JsonObject = {
			_links: {
				self: {
					href: `${self}?limit=${limit}${q.before_id !== undefined ? `&before_id=${before}` : ''}`,
				},
			},
			_embedded: { files: links.map((l) => ({ file_uuid: l.file_uuid, id: l.id })) },
		};
		if (links.length === limit)
			body._links.next = { href: `${self}?limit=${limit}&before_id=${links[links.length - 1].id}` };
		return ok(body);
	}

	private link(type: EntityType, id: number, uuid: string) {
		if (
			this.links.some((l) => l.entity_type === type && l.entity_id === id && l.file_uuid === uuid)
		)
			return;
		this.links.push({
			id: 2_140_000 + this.sandbox.nextId('file_links'),
			entity_type: type,
			entity_id: id,
			file_uuid: uuid,
		});
	}

	private unlink(type: EntityType, id: number, uuid: string) {
		this.links = this.links.filter(
			(l) => !(l.entity_type === type && l.entity_id === id && l.file_uuid === uuid),
		);
	}
}
