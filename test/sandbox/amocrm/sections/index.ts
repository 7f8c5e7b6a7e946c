import type { AmoCrmSandbox } from '../server';
import { CatalogsSection } from './catalogs';
import { CustomersSection } from './customers';
import { CustomFieldsSection } from './customFields';
import { FilesSection } from './files';
import { LossReasons } from './lossReasons';
import { SalesbotSection } from './salesbot';
import type { SandboxSection } from './section';
import { shortLinksSection } from './shortLinks';
import { sourcesSection } from './sources';
import { talksSection } from './talks';

/** Every section of the sandbox, each made for the sandbox it belongs to; the first to answer a request answers it. */
export const SECTIONS: Array<(sandbox: AmoCrmSandbox) => SandboxSection> = [
	// Before custom fields: customer fields are read in the customers section (and refused while Customers are off); their writes stay with custom fields.
	(sandbox) => new CustomersSection(sandbox),
	(sandbox) => new CatalogsSection(sandbox),
	(sandbox) => new CustomFieldsSection(sandbox),
	(sandbox) => new FilesSection(sandbox),
	(sandbox) => new LossReasons(sandbox),
	(sandbox) => new SalesbotSection(sandbox),
	shortLinksSection,
	sourcesSection,
	talksSection,
];
