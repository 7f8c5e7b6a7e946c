import type { AmoCrmSandbox } from '../server';
import { LossReasons } from './lossReasons';
import type { SandboxSection } from './section';

/** Every section of the sandbox, each made for the sandbox it belongs to. */
export const SECTIONS: Array<(sandbox: AmoCrmSandbox) => SandboxSection> = [(sandbox) => new LossReasons(sandbox)];
