const path = require('path');
const { task, src, dest, parallel } = require('gulp');

// tsc does not copy images; n8n resolves `icon: 'file:…'` next to the compiled .js file.
function copyIcons(folder) {
	const copy = () =>
		src(path.resolve(folder, '**', '*.{png,svg}'), { encoding: false }).pipe(
			dest(path.resolve('dist', folder)),
		);
	copy.displayName = `copy ${folder} icons`;
	return copy;
}

task('build:icons', parallel(copyIcons('nodes'), copyIcons('credentials')));
