// n8n's lint checks the parameters it can read in the source; parameters built by factories and
// spreads escape it. This walks the descriptions the nodes really have and applies the same rules to
// every dropdown whose options come from amoCRM or Envybox.
import type { INodeProperties, INodePropertyCollection, INodeTypeDescription } from 'n8n-workflow';

import { AmoCrm } from '../../nodes/AmoCrm/AmoCrm.node';
import { AmoCrmTrigger } from '../../nodes/AmoCrmTrigger/AmoCrmTrigger.node';
import { Envybox } from '../../nodes/Envybox/Envybox.node';
import { EnvyboxTrigger } from '../../nodes/EnvyboxTrigger/EnvyboxTrigger.node';
import { EnvyboxWebhookTrigger } from '../../nodes/EnvyboxWebhookTrigger/EnvyboxWebhookTrigger.node';

const NODES: INodeTypeDescription[] = [
	new AmoCrm(),
	new AmoCrmTrigger(),
	new Envybox(),
	new EnvyboxTrigger(),
	new EnvyboxWebhookTrigger(),
].map((n) => n.description as INodeTypeDescription);
const HINT =
	/Choose from the list, or specify (an ID|IDs) using an <a href="https:\/\/docs\.n8n\.io\/code\/expressions\/">expression<\/a>\.?$/;

/** Every parameter of a node, nested ones (collections, fixed collections) included, with where it sits. */
function* parameters(list: INodeProperties[], where: string): Generator<[string, INodeProperties]> {
	for (const p of list) {
		yield [`${where} › ${p.displayName}`, p];
		for (const option of (p.options ?? []) as Array<INodeProperties | INodePropertyCollection>) {
			if ('type' in option) yield* parameters([option], `${where} › ${p.displayName}`);
			if ('values' in option && Array.isArray(option.values))
				yield* parameters(option.values, `${where} › ${p.displayName} › ${option.displayName}`);
		}
	}
}

const dynamic = NODES.flatMap((node) =>
	[...parameters(node.properties, node.displayName)].filter(
		([, p]) =>
			(p.type === 'options' || p.type === 'multiOptions') &&
			(p.typeOptions?.loadOptionsMethod || p.typeOptions?.loadOptions),
	),
);

describe('dropdowns filled from the service', () => {
	it('are found (the walk reaches nested parameters)', () => {
		expect(dynamic.length).toBeGreaterThan(40);
		expect(dynamic.some(([where]) => where.includes('Custom Fields'))).toBe(true);
	});

	it('end with n8n’s hint on expressions, and say "Name or ID" in their names', () => {
		const wrong = dynamic.flatMap(([where, p]) => [
			...(HINT.test(String(p.description ?? ''))
				? []
				: [`${where}: description "${p.description ?? ''}"`]),
			...(/Names? or IDs?$/.test(p.displayName) ? [] : [`${where}: display name`]),
		]);
		expect(wrong).toEqual([]);
	});
});
