// A part of the amoCRM sandbox kept in its own file: its own state, and the paths it answers.
import type { JsonObject, SandboxRequest, SandboxResponse } from '../../common';

export interface SandboxSection {
	/** Empties this section's state; runs on every sandbox reset. */
	reset(): void;
	/** This section's part of `GET /__sandbox/state`. */
	dump(): JsonObject;
	/** Takes this section's keys from a `POST /__sandbox/seed` body. */
	seed(body: JsonObject): void;
	/**
	 * The answer to an authenticated API request, or null when the path is not this section's.
	 * `parts` is the path after `/api/v4/` split on `/` (after `/api/v2/` it starts with `v2`);
	 * `caller` is the ID of the user whose token made the request.
	 */
	route(method: string, parts: string[], request: SandboxRequest, base: string, caller: number): SandboxResponse | null;
}
