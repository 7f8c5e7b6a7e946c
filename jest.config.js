/** Three levels (DESIGN §6): unit, in-process workflow runs, real n8n. `npm test` runs them all. */
const project = (name, extra = {}) => ({
	displayName: name,
	preset: 'ts-jest',
	testEnvironment: 'node',
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	setupFiles: ['<rootDir>/test/setup.js'],
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', diagnostics: false }],
	},
	...extra,
});

module.exports = {
	// Workflow and end-to-end files end with a scan of everything they produced for the sandboxes' secrets.
	projects: [
		project('unit'),
		project('workflow', { setupFilesAfterEnv: ['<rootDir>/test/secretsCheck.ts'] }),
		project('e2e', { setupFilesAfterEnv: ['<rootDir>/test/secretsCheck.ts'] }),
	],
	testTimeout: 120000,
};
