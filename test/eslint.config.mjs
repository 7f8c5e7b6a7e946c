import { config } from '@n8n/node-cli/eslint';

// Tests, the sandboxes and scripts run on Node, not inside n8n: they may use Node's APIs, loose JSON
// typing and the sandbox's fixed test tokens. ESLint reads this file for the files below it (the
// lint script turns on its lookup from each file's folder); the package's own code keeps n8n's
// configuration unchanged, as strict mode requires.
export default [
	...config,
	{
		files: ['**/*.ts'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{
					varsIgnorePattern: '^_',
					argsIgnorePattern: '^_',
					destructuredArrayIgnorePattern: '^_',
					ignoreRestSiblings: true,
				},
			],
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@typescript-eslint/no-require-imports': 'off',
			'no-console': 'off',
		},
	},
];
