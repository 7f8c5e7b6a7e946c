import type { IDataObject, IExecuteFunctions, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { amoCrmApiRequest, oncePerRun, writeBatchSizeOf } from '../../transport';
import type { RecordType } from './fields';

const SINGULAR: Record<RecordType, string> = {
	leads: 'lead',
	contacts: 'contact',
	companies: 'company',
};

/** Files asked for per request when the node looks files up on the file storage by UUID. */
const LOOKUP_BATCH = 50;

export const statusOf = (error: unknown) => Number((error as NodeApiError).httpCode ?? 0) || null;

/**
 * The address of the account's file storage, a host other than the account's own (such as
 * https://drive-b.amocrm.ru), as amoCRM gives it; read once per node run.
 */
export async function driveUrlOf(ctx: IExecuteFunctions): Promise<string> {
	return await oncePerRun(ctx, 'driveUrl', async () => {
		const account = await amoCrmApiRequest.call(ctx, 'GET', '/api/v4/account', undefined, {
			with: 'drive_url',
		});
		const url = String(account?.drive_url ?? '').replace(/\/+$/, '');
		if (!/^https?:\/\/[^/]+/i.test(url)) {
			throw new NodeOperationError(
				ctx.getNode(),
				'amoCRM did not give the address of this account’s file storage',
				{
					description:
						'The account answered without drive_url. Files need the integration’s “access to files” scope (amoCRM: Settings → Integrations → your integration → Keys and scopes).',
				},
			);
		}
		return url;
	});
}

/**
 * An address from the file storage's answer (upload or download), checked to be on the file storage
 * before the node's token is sent to it.
 */
export function onDrive(
	ctx: IExecuteFunctions,
	url: unknown,
	drive: string,
	what: string,
	itemIndex: number,
): string {
	const text = typeof url === 'string' ? url : '';
	let origin = '';
	try {
		origin = new URL(text).origin;
	} catch {
		origin = '';
	}
	if (!origin || origin !== new URL(drive).origin) {
		throw new NodeOperationError(
			ctx.getNode(),
			`amoCRM’s file storage answered without a usable ${what}`,
			{
				itemIndex,
				description: origin
					? `The ${what} is on ${origin}, not on the account’s file storage (${new URL(drive).origin}); the node sends the credential’s token only there.`
					: `The answer held no ${what}.`,
			},
		);
	}
	return text;
}

/** What a workflow uses of amoCRM's file object. */
export function presentFile(file: IDataObject): IDataObject {
	const metadata = (file.metadata ?? {}) as IDataObject;
	return {
		uuid: file.uuid,
		version_uuid: file.version_uuid,
		name: file.name,
		size: file.size,
		type: file.type,
		mime_type: metadata.mime_type ?? null,
		extension: metadata.extension ?? null,
		created_at: file.created_at,
		updated_at: file.updated_at,
	};
}

/** Files of the file storage by UUID, 50 per request; unknown files and those in the trash are not among them. */
export async function filesByUuid(
	ctx: IExecuteFunctions,
	uuids: string[],
): Promise<Map<string, IDataObject>> {
	const drive = await driveUrlOf(ctx);
	const found = new Map<string, IDataObject>();
	const unique = [...new Set(uuids)];
	for (let start = 0; start < unique.length; start += LOOKUP_BATCH) {
		const chunk = unique.slice(start, start + LOOKUP_BATCH);
		const answer = await amoCrmApiRequest.call(ctx, 'GET', `${drive}/v1.0/files`, undefined, {
			'filter[uuid]': chunk.join(','),
			limit: chunk.length,
		});
		for (const file of ((answer?._embedded as IDataObject | undefined)?.files ??
			[]) as IDataObject[])
			found.set(String(file.uuid), file);
	}
	return found;
}

export function noFileError(
	ctx: IExecuteFunctions,
	uuid: string,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `amoCRM has no file with UUID ${uuid}`, {
		itemIndex,
		description:
			'It is not on the account’s file storage, or it is in the trash (files in the trash cannot be attached or used in notes). Upload outputs the UUID of each file it stores.',
	});
}

export function noRecordError(
	ctx: IExecuteFunctions,
	entityType: RecordType,
	entityId: number,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`amoCRM has no ${SINGULAR[entityType]} with ID ${entityId}`,
		{
			itemIndex,
			description: `Check the ${SINGULAR[entityType]} ID; a deleted record has no files either.`,
		},
	);
}

export interface AttachRequest {
	itemIndex: number;
	entityType: RecordType;
	entityId: number;
	uuids: string[];
}

/**
 * Attaches files to records: the files of all items for one record go in one request (as many per
 * request as the credential's write batch size). When amoCRM refuses a request, the files are looked
 * up on the file storage: the items naming a file it does not have fail, and the files of the other
 * items are attached again.
 * Attaching a file a record already has changes nothing, so a request is safe to send twice.
 * Returns the error of each item that failed.
 */
export async function attachFiles(
	ctx: IExecuteFunctions,
	requests: AttachRequest[],
): Promise<Map<number, Error>> {
	const failures = new Map<number, Error>();
	const size = await writeBatchSizeOf(ctx);
	const groups = new Map<string, AttachRequest[]>();
	for (const request of requests) {
		const key = `${request.entityType}/${request.entityId}`;
		groups.set(key, [...(groups.get(key) ?? []), request]);
	}
	for (const members of groups.values()) {
		const { entityType, entityId } = members[0];
		const put = async (uuids: string[]) =>
			await amoCrmApiRequest.call(
				ctx,
				'PUT',
				`/api/v4/${entityType}/${entityId}/files`,
				uuids.map((uuid) => ({ file_uuid: uuid })),
				undefined,
				true,
			);
		const uuids = [...new Set(members.flatMap((member) => member.uuids))];
		const refused = new Map<string, Error>();
		const unknown = new Set<string>();
		let recordMissing = false;
		for (let start = 0; start < uuids.length && !recordMissing; start += size) {
			const chunk = uuids.slice(start, start + size);
			try {
				await put(chunk);
			} catch (error) {
				const status = statusOf(error);
				if (status === 404) {
					recordMissing = true;
					break;
				}
				if (status === 400) {
					const found = await filesByUuid(ctx, chunk);
					const missing = chunk.filter((uuid) => !found.has(uuid));
					if (missing.length) {
						for (const uuid of missing) unknown.add(uuid);
						// An item is attached whole or not at all: the files of items naming a missing file stay out.
						const failing = new Set(
							members
								.filter((member) => member.uuids.some((uuid) => unknown.has(uuid)))
								.flatMap((member) => member.uuids),
						);
						const rest = chunk.filter((uuid) => found.has(uuid) && !failing.has(uuid));
						try {
							if (rest.length) await put(rest);
						} catch (again) {
							for (const uuid of rest) refused.set(uuid, again as Error);
						}
						continue;
					}
				}
				for (const uuid of chunk) refused.set(uuid, error as Error);
			}
		}
		for (const member of members) {
			if (recordMissing) {
				failures.set(member.itemIndex, noRecordError(ctx, entityType, entityId, member.itemIndex));
				continue;
			}
			const missing = member.uuids.find((uuid) => unknown.has(uuid));
			const bad = member.uuids.find((uuid) => refused.has(uuid));
			if (missing) failures.set(member.itemIndex, noFileError(ctx, missing, member.itemIndex));
			else if (bad) failures.set(member.itemIndex, refused.get(bad)!);
		}
	}
	return failures;
}
