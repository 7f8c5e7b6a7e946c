// Short links, `POST /api/v4/short_links`, as amoCRM's short-links page describes them
// (https://www.amocrm.ru/developers/content/crm_platform/short_links) and amocrm-api-php sends them
// (EntitiesServices/ShortLinks.php, Models/ShortLinks/ShortLinkModel.php). Only POST exists.
// The page: at most 250 links per request; `url` and `metadata{entity_type: "contacts", entity_id}` are
// required; no link is made for an entity the user has no rights to. The answer carries no request_id
// and no original URL (amocrm-api-php pairs it with the request by position).
// Where the page is silent, the less forgiving reading:
//  - a contact that does not exist (or is deleted) gets no link either: it is left out of the answer,
//    which is then shorter than the request, as for a contact without rights;
//  - `url` must be an absolute http(s) address; `request_id` and other fields not on the page are
//    validation errors (the page lists none, and amocrm-api-php sends none);
//  - one invalid element refuses the whole batch (400 `validation-errors`, request_id = its position).
// A link is `https://amo.sh/` and 12 random characters, as in the page's example.
import { randomBytes } from 'node:crypto';

import type { JsonObject, SandboxRequest, SandboxResponse } from '../../common';
import { batchAnswer, isInt, now, unexpectedFields } from '../answers';
import type { AmoCrmSandbox } from '../server';
import { AMOCRM_SANDBOX } from '../state';
import type { SandboxSection } from './section';

interface ShortLink {
	url: string;
	target: string;
	entity_type: 'contacts';
	entity_id: number;
	created_at: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const shortUrl = () =>
	`https://amo.sh/${[...randomBytes(12)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;

function httpUrl(text: unknown): boolean {
	if (typeof text !== 'string') return false;
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

export class ShortLinksSection implements SandboxSection {
	private links: ShortLink[] = [];

	constructor(private readonly sandbox: AmoCrmSandbox) {}

	reset() {
		this.links = [];
	}

	dump(): JsonObject {
		return { short_links: this.links.map((link) => ({ ...link })) };
	}

	seed() {}

	route(method: string, parts: string[], request: SandboxRequest): SandboxResponse | null {
		if (parts[0] !== 'short_links' || parts.length !== 1 || method !== 'POST') return null;
		const items = this.sandbox.requireArray(request.body);
		const makers = this.sandbox.prepareBatch(items, (item, errors) => {
			errors.push(...unexpectedFields(item, ['url', 'metadata']));
			if (typeof item.url !== 'string' || !item.url.trim())
				errors.push({ code: 'NotBlank', path: 'url', detail: 'This value should not be blank.' });
			else if (!httpUrl(item.url))
				errors.push({ code: 'InvalidUrl', path: 'url', detail: 'This value is not a valid URL.' });
			const metadata = item.metadata as JsonObject | undefined;
			if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata))
				errors.push({
					code: 'NotBlank',
					path: 'metadata',
					detail: 'This value should not be blank.',
				});
			else {
				errors.push(...unexpectedFields(metadata, ['entity_type', 'entity_id'], 'metadata.'));
				if (metadata.entity_type !== 'contacts')
					errors.push({
						code: 'NotSupportedChoice',
						path: 'metadata.entity_type',
						detail: 'The value you selected is not a valid choice.',
					});
				if (!isInt(metadata.entity_id) || (metadata.entity_id as number) <= 0)
					errors.push({
						code: 'InvalidType',
						path: 'metadata.entity_id',
						detail: 'This value should be of type int.',
					});
			}
			return (): JsonObject | null => {
				const contactId = (metadata as JsonObject).entity_id as number;
				const contact = this.sandbox.contacts.get(contactId);
				if (!contact || contact.is_deleted) return null;
				const link: ShortLink = {
					url: shortUrl(),
					target: String(item.url),
					entity_type: 'contacts',
					entity_id: contactId,
					created_at: now(),
				};
				this.links.push(link);
				return {
					url: link.url,
					account_id: AMOCRM_SANDBOX.accountId,
					metadata: { entity_type: 'contacts', entity_id: contactId },
				};
			};
		});
		const made = makers.map((make) => make()).filter((link): link is JsonObject => link !== null);
		return batchAnswer('/api/v4/short_links', 'short_links', made);
	}
}

export const shortLinksSection = (sandbox: AmoCrmSandbox): SandboxSection =>
	new ShortLinksSection(sandbox);
