// The migration samples in n8n 2.41.1 on Node 24.
import { migrationSuite } from './migrationSuite';

migrationSuite('2.x', 5696);
