// A part of the amoCRM sandbox kept in its own file: its own state, and the paths it answers.
import type { JsonObject, SandboxRequest, SandboxResponse } from '../../common';
import type { ValidationError } from '../answers';

export interface SandboxSection {
	/** Empties this section's state; runs on every sandbox reset. */
	reset(): void;
	/** This section's part of `GET /__sandbox/state`. */
	dump(): JsonObject;
	/** Takes this section's keys from a `POST /__sandbox/seed` body. */
	seed(body: JsonObject): void;
	/** Fields this section adds to `GET /api/v4/account`. */
	account?(): JsonObject;
	/**
	 * The answer to an authenticated API request, or null when the path is not this section's.
	 * `parts` is the path after `/api/v4/` split on `/` (after `/api/v2/` it starts with `v2`; on the file
	 * storage, under `/drive/`, with `drive`); `caller` is the ID of the user whose token made the request.
	 */
	route(
		method: string,
		parts: string[],
		request: SandboxRequest,
		base: string,
		caller: number,
	): SandboxResponse | null;
	/** What this section finds wrong in a note being written (a file note naming a file it does not have). */
	noteProblems?(noteType: string, params: JsonObject): ValidationError[];
}

/**
 * A section whose records other entities link to through `…/link` and `…/unlink` (list elements:
 * `to_entity_type: "catalog_elements"`). The sandbox keeps such links with the others and lists
 * them under `with=<linkType>`.
 */
export interface LinkTargetSection extends SandboxSection {
	linkType: string;
	/** The entity types whose records may link to this section's. */
	linkedFrom: string[];
	/** Checks one link or unlink item of a `fromType` record, pushing errors; returns the metadata to keep. */
	checkLink(
		fromType: string,
		item: JsonObject,
		linking: boolean,
		errors: ValidationError[],
	): JsonObject | null;
}
