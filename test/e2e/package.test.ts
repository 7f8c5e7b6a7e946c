// The package in n8n 2.41.1 on Node 24, the line n8n publishes as current.
import { packageSuite } from './packageSuite';

packageSuite('2.x', { n8n: 5681, execute: 5690 });
