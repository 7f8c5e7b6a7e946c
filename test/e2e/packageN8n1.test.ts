// The package in n8n 1.123.81 on Node 22: the 1.x line, still maintained and run by many self-hosted teams.
import { packageSuite } from './packageSuite';

packageSuite('1.x', { n8n: 5820, execute: 5826 });
