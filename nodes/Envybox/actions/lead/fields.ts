import { idField } from '../common';

export const leadIdField = idField('Lead ID', 'leadId', 'e.g. 1643973');
