import { idField } from '../common';

export const dealIdField = idField('Deal ID', 'dealId', 'e.g. 326622');
