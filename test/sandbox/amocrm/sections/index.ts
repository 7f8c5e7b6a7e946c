import type { AmoCrmSandbox } from '../server';
import { FilesSection } from './files';
import { SalesbotSection } from './salesbot';
import type { SandboxSection } from './section';

/** Every section of the sandbox, each made for the sandbox it belongs to. */
export const SECTIONS: Array<(sandbox: AmoCrmSandbox) => SandboxSection> = [(sandbox) => new SalesbotSection(sandbox), (sandbox) => new FilesSection(sandbox)];
