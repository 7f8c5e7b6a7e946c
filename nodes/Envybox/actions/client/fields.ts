import { idField } from '../common';

export const clientIdField = idField('Client ID', 'clientId', 'e.g. 549342');
