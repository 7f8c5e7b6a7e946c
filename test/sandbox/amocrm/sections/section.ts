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
	/**
	 * The answer to an authenticated API request, or null when the path is not this section's.
	 * `parts` is the path after `/api/v4/` split on `/` (after `/api/v2/` it starts with `v2`; on the file
	 * storage, under `/drive/`, with `drive`).
	 */
	route(method: string, parts: string[], request: SandboxRequest, base: string): SandboxResponse | null;
	/** What this section finds wrong in a note being written (a file note naming a file it does not have). */
	noteProblems?(noteType: string, params: JsonObject): ValidationError[];
}
