import fc from 'fast-check';

import { nearestStageColor, STAGE_COLORS } from '../../nodes/AmoCrm/actions/pipeline/pipelines';

describe('nearestStageColor', () => {
	it('maps the colours of other CRMs to the closest stage colour amoCRM allows', () => {
		expect(nearestStageColor('#3B82F6')).toBe('#98cbff');
		expect(nearestStageColor('10b981')).toBe('#87f2c0');
		expect(nearestStageColor('#fff000')).toBe('#fff000');
		expect(nearestStageColor('#f00')).toBe('#ff8f92');
	});

	it('gives nothing for what is not a colour', () => {
		for (const value of ['', 'red', '#12345', '#ggg000', null, undefined, 42])
			expect(nearestStageColor(value)).toBeUndefined();
	});

	it('always answers an allowed colour for any hex colour', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) =>
				STAGE_COLORS.includes(nearestStageColor(`#${n.toString(16).padStart(6, '0')}`)!),
			),
			{ numRuns: 2000 },
		);
	});
});
