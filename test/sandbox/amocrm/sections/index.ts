import type { AmoCrmSandbox } from '../server';
import { CatalogsSection } from './catalogs';
import { CustomFieldsSection } from './customFields';
import { FilesSection } from './files';
import { LossReasons } from './lossReasons';
import { SalesbotSection } from './salesbot';
import type { SandboxSection } from './section';
import { shortLinksSection } from './shortLinks';
import { sourcesSection } from './sources';
import { talksSection } from './talks';

/** Every section of the sandbox, each made for the sandbox it belongs to. */
export const SECTIONS: Array<(sandbox: AmoCrmSandbox) => SandboxSection> = [
	(sandbox) => new CatalogsSection(sandbox),
	(sandbox) => new CustomFieldsSection(sandbox),
	(sandbox) => new FilesSection(sandbox),
	(sandbox) => new LossReasons(sandbox),
	(sandbox) => new SalesbotSection(sandbox),
	shortLinksSection,
	sourcesSection,
	talksSection,
];
