/** Three levels (DESIGN §6): unit, in-process workflow runs, real n8n. `npm test` runs them all. */
const project = (name, extra = {}) => ({
	displayName: name,
	preset: 'ts-jest',
	testEnvironment: 'node',
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	setupFiles: ['<rootDir>/test/setup.js'],
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', diagnostics: false }] },
	...extra,
});

module.exports = {
	projects: [project('unit'), project('workflow'), project('e2e')],
	testTimeout: 120000,
};
