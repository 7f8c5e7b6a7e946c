// The migration samples in n8n 1.123.81 on Node 22 (the 1.x line), with task runners on: without
// them, 1.x evaluates `$('Check the Form')` in the source reads to nothing (README, Compatibility).
import { migrationSuite } from './migrationSuite';

migrationSuite('1.x', 5840, { N8N_RUNNERS_ENABLED: 'true' });
