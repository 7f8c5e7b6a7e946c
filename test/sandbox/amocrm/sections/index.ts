import type { AmoCrmSandbox } from '../server';
import type { SandboxSection } from './section';
import { shortLinksSection } from './shortLinks';
import { sourcesSection } from './sources';
import { talksSection } from './talks';

/** Every section of the sandbox, each made for the sandbox it belongs to. */
export const SECTIONS: Array<(sandbox: AmoCrmSandbox) => SandboxSection> = [shortLinksSection, sourcesSection, talksSection];
