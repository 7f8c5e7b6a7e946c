import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	DEFAULT_PHONE_RENDERINGS,
	normalizeEmail,
	normalizePhone,
	type PhoneRendering,
} from '../../../shared/contactKeys';
import { errorItem, toItems, withItemIndex } from '../../../shared/items';
import { simplifyContact, withoutLinks } from '../../helpers/simplify';
import { type BatchEntry, amoCrmBatchWrite } from '../../transport/batch';
import {
	optionsCollection,
	responsibleUserField,
	simplifyField,
	tagsField,
} from '../common.descriptions';
import { contactBody } from './fields';
import { hasEmail, hasPhone, type PhoneToFind, searchContact } from './search';

const properties: INodeProperties[] = [
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: 'e.g. +7 (931) 604-70-33',
		description:
			'Any formatting: the contact is found however its phone was saved, and a new one gets the number as +79316047033',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		default: '',
		placeholder: 'e.g. name@email.com',
		description:
			'Searched when the phone finds nobody (or is empty). A phone or an email is required.',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. Иван Петров',
		description: 'The name of a new contact; a found contact gets it only if it has no name',
	},
	simplifyField,
	optionsCollection([
		{
			displayName: 'Phone Type',
			name: 'phoneType',
			type: 'options',
			options: [
				{ name: 'Fax', value: 'FAX' },
				{ name: 'Home', value: 'HOME' },
				{ name: 'Mobile', value: 'MOB' },
				{ name: 'Other', value: 'OTHER' },
				{ name: 'Work', value: 'WORK' },
				{ name: 'Work Direct', value: 'WORKDD' },
			],
			default: 'WORK',
			description: 'The type a phone is saved with, on a new contact or added to a found one',
		},
		responsibleUserField,
		{
			displayName: 'Search Phone As',
			name: 'phoneRenderings',
			type: 'multiOptions',
			options: [
				{ name: 'As Given', value: 'asGiven' },
				{ name: 'Last 10 Digits (9316047033)', value: 'digits' },
				{ name: 'Last 7 Digits (6047033)', value: 'last7' },
				{ name: 'Last 7 With Dashes (604-70-33)', value: 'dashes' },
				{ name: 'Last 7 With Spaces (604 70 33)', value: 'spaces' },
			],
			default: [...DEFAULT_PHONE_RENDERINGS],
			description: 'The forms the number is searched in, as in Find by Phone or Email',
		},
		{ ...tagsField, description: 'Comma-separated tag names for a new contact' },
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['findOrCreate'] } },
	properties,
);

/** Searches run side by side, as in Find by Phone or Email. */
const SEARCHES_IN_FLIGHT = 4;

interface Wanted {
	itemIndex: number;
	phone: PhoneToFind | null;
	email: string | null;
	name: string;
}

/** Items that share a phone or an email are one person; the groups keep the order of their first item. */
function samePeople(wanted: Wanted[]): Wanted[][] {
	const groups: Wanted[][] = [];
	const groupOf = new Map<string, Wanted[]>();
	for (const person of wanted) {
		const keys = [
			person.phone && `phone:${person.phone.phone.matchKey}`,
			person.email && `email:${person.email}`,
		].filter((key): key is string => Boolean(key));
		const found = [
			...new Set(
				keys.map((key) => groupOf.get(key)).filter((group): group is Wanted[] => Boolean(group)),
			),
		];
		const group = found[0] ?? [];
		if (!found.length) groups.push(group);
		for (const other of found.slice(1)) {
			group.push(...other);
			groups.splice(groups.indexOf(other), 1);
		}
		group.push(person);
		for (const member of group) {
			for (const key of [
				member.phone && `phone:${member.phone.phone.matchKey}`,
				member.email && `email:${member.email}`,
			]) {
				if (key) groupOf.set(key, group);
			}
		}
	}
	return groups.map((group) => group.sort((a, b) => a.itemIndex - b.itemIndex));
}

function distinct<T>(values: T[], key: (value: T) => string): T[] {
	const seen = new Set<string>();
	return values.filter((value) => !seen.has(key(value)) && seen.add(key(value)));
}

interface Plan {
	group: Wanted[];
	found: IDataObject | null;
	matchedBy: 'phone' | 'email' | null;
	matchCount: number;
	phones: PhoneToFind[];
	emails: string[];
	name: string;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const failures = new Map<number, Error>();
	const wanted: Wanted[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			wanted.push(readWanted(this, i));
		} catch (error) {
			if (!this.continueOnFail()) throw withItemIndex(this, error, i);
			failures.set(i, withItemIndex(this, error, i));
		}
	}
	const options = (i: number) => this.getNodeParameter('options', i, {}) as IDataObject;

	// One search per person, several in flight; then one batched write of the new contacts and one of the additions.
	const groups = samePeople(wanted);
	const plans: Plan[] = [];
	let next = 0;
	const searcher = async () => {
		while (next < groups.length) {
			const group = groups[next++];
			const first = group[0].itemIndex;
			const renderings = (options(first).phoneRenderings ??
				DEFAULT_PHONE_RENDERINGS) as PhoneRendering[];
			const phones = distinct(
				group.flatMap((w) => (w.phone ? [w.phone] : [])),
				(p) => p.phone.matchKey,
			);
			const emails = distinct(
				group.flatMap((w) => (w.email ? [w.email] : [])),
				(e) => e,
			);
			const name = group.find((w) => w.name)?.name ?? '';
			try {
				const search = await searchContact(this, phones, emails, renderings, false);
				plans.push({
					group,
					found: search.matches[0] ?? null,
					matchedBy: search.matchedBy,
					matchCount: search.matches.length,
					phones,
					emails,
					name,
				});
			} catch (error) {
				for (const w of group) failures.set(w.itemIndex, withItemIndex(this, error, w.itemIndex));
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(SEARCHES_IN_FLIGHT, groups.length) }, searcher));
	throwFirstFailure(this, failures);

	const creates: BatchEntry[] = [];
	const additions: BatchEntry[] = [];
	const planOf = new Map<number, Plan>();
	for (const plan of plans) {
		const first = plan.group[0].itemIndex;
		planOf.set(first, plan);
		try {
			const opts = options(first);
			if (!plan.found) {
				const body = await contactBody(
					this,
					{
						name: plan.name,
						responsibleUserId: opts.responsibleUserId as string | undefined,
						tags: opts.tags as string | undefined,
						phones: {
							phone: plan.phones.map((p) => ({
								number: p.phone.e164,
								type: opts.phoneType as string,
							})),
						},
						emails: { email: plan.emails.map((address) => ({ address })) },
					},
					first,
					false,
				);
				creates.push({ itemIndex: first, body });
				continue;
			}
			const newPhones = plan.phones.filter((p) => !hasPhone(plan.found!, p.phone));
			const newEmails = plan.emails.filter((e) => !hasEmail(plan.found!, e));
			const name = String(plan.found.name ?? '').trim() ? '' : plan.name;
			if (!newPhones.length && !newEmails.length && !name) continue;
			const body = await contactBody(
				this,
				{
					name,
					phones: {
						phone: newPhones.map((p) => ({ number: p.phone.e164, type: opts.phoneType as string })),
					},
					emails: { email: newEmails.map((address) => ({ address })) },
				},
				first,
				true,
				plan.found,
			);
			additions.push({ itemIndex: first, body: { id: plan.found.id, ...body } });
		} catch (error) {
			for (const w of plan.group)
				failures.set(w.itemIndex, withItemIndex(this, error, w.itemIndex));
		}
	}
	throwFirstFailure(this, failures);

	const written = new Map<number, { result?: IDataObject; error?: Error; sent: IDataObject }>();
	const sent = new Map([...creates, ...additions].map((entry) => [entry.itemIndex, entry.body]));
	const outcomes = [
		...(creates.length
			? await amoCrmBatchWrite.call(this, {
					method: 'POST',
					endpoint: '/api/v4/contacts',
					embeddedKey: 'contacts',
					entries: creates,
				})
			: []),
		...(additions.length
			? await amoCrmBatchWrite.call(this, {
					method: 'PATCH',
					endpoint: '/api/v4/contacts',
					embeddedKey: 'contacts',
					entries: additions,
					idempotent: true,
				})
			: []),
	];
	for (const outcome of outcomes)
		written.set(outcome.itemIndex, { ...outcome, sent: sent.get(outcome.itemIndex)! });

	const output: INodeExecutionData[] = [];
	const resultOf = new Map<number, IDataObject | Error>();
	for (const [first, plan] of planOf) {
		const write = written.get(first);
		const result = write?.error ?? present(this, plan, write?.result, write?.sent, first);
		for (const w of plan.group) resultOf.set(w.itemIndex, result);
	}
	for (let i = 0; i < items.length; i++) {
		const result = failures.get(i) ?? resultOf.get(i);
		if (result instanceof Error) {
			if (!this.continueOnFail()) throw withItemIndex(this, result, i);
			output.push(errorItem(this, result, i));
		} else if (result) output.push(...toItems(result, i));
	}
	return output;
}

function readWanted(ctx: IExecuteFunctions, i: number): Wanted {
	const rawPhone = String(ctx.getNodeParameter('phone', i, '') ?? '').trim();
	const rawEmail = String(ctx.getNodeParameter('email', i, '') ?? '').trim();
	const phone = normalizePhone(rawPhone);
	const email = normalizeEmail(rawEmail);
	const problem = (message: string, description: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description });
	if (rawPhone && !phone)
		throw problem(
			`"${rawPhone}" is not a usable phone number`,
			'A phone needs 10 to 15 digits, e.g. +7 931 604-70-33 or 89316047033.',
		);
	if (rawEmail && !email)
		throw problem(
			`"${rawEmail}" is not a usable email address`,
			'Give an address like name@example.com, or leave Email empty.',
		);
	if (!phone && !email)
		throw problem(
			'A phone or an email is needed to find or create a contact',
			'Both Phone and Email are empty in this item.',
		);
	const renderings = ((ctx.getNodeParameter('options', i, {}) as IDataObject).phoneRenderings ??
		DEFAULT_PHONE_RENDERINGS) as PhoneRendering[];
	if (phone && !renderings.length)
		throw problem(
			'Search Phone As is empty, so the phone cannot be searched',
			'Choose at least one form, e.g. Last 10 Digits.',
		);
	return {
		itemIndex: i,
		phone: phone && { phone, raw: rawPhone },
		email,
		name: String(ctx.getNodeParameter('name', i, '') ?? '').trim(),
	};
}

/** Without Continue On Fail, the lowest failed item stops the node before anything is written. */
function throwFirstFailure(ctx: IExecuteFunctions, failures: Map<number, Error>) {
	if (failures.size && !ctx.continueOnFail()) throw failures.get(Math.min(...failures.keys()));
}

function present(
	ctx: IExecuteFunctions,
	plan: Plan,
	result: IDataObject | undefined,
	sent: IDataObject | undefined,
	itemIndex: number,
): IDataObject {
	const simplify = ctx.getNodeParameter('simplify', itemIndex, true) as boolean;
	const contact: IDataObject = plan.found
		? withAdditions(plan.found, sent, result)
		: { ...(sent ?? {}), id: result?.id };
	return {
		action: plan.found ? (sent ? 'updated' : 'found') : 'created',
		contactId: contact.id,
		matchedBy: plan.matchedBy,
		matchCount: plan.matchCount,
		itemsOfThisPerson: plan.group.length,
		contact: simplify ? simplifyContact(contact) : withoutLinks(contact),
	};
}

/** The found contact as it is after the additions: the PATCH carried whole PHONE / EMAIL lists and maybe a name. */
function withAdditions(
	found: IDataObject,
	sent: IDataObject | undefined,
	result: IDataObject | undefined,
): IDataObject {
	if (!sent) return found;
	const sentFields = (sent.custom_fields_values ?? []) as IDataObject[];
	const replaced = new Set(sentFields.map((f) => f.field_code));
	const kept = ((found.custom_fields_values ?? []) as IDataObject[]).filter(
		(f) => !replaced.has(f.field_code),
	);
	return {
		...found,
		...(sent.name ? { name: sent.name } : {}),
		custom_fields_values: [...kept, ...sentFields],
		updated_at: result?.updated_at ?? found.updated_at,
	};
}
