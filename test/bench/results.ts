// Where every benchmark keeps its figures: test/bench/results/<name>-<date>.json (git-ignored).
import fs from 'node:fs';
import path from 'node:path';

export function saveResults(name: string, figures: Record<string, unknown>): void {
	const file = path.join(
		__dirname,
		'results',
		`${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
	);
	fs.writeFileSync(file, JSON.stringify({ ...figures, node: process.version }, null, 2));
	console.log(`saved ${path.relative(process.cwd(), file)}`);
}
