import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation } from '../../shared/router';
import * as account from './account';
import * as apiRequest from './apiRequest';
import * as call from './call';
import * as catalog from './catalog';
import * as catalogElement from './catalogElement';
import * as company from './company';
import * as contact from './contact';
import * as customField from './customField';
import * as customer from './customer';
import * as event from './event';
import * as file from './file';
import * as lead from './lead';
import * as link from './link';
import * as lossReason from './lossReason';
import * as note from './note';
import * as pipeline from './pipeline';
import * as salesbot from './salesbot';
import * as shortLink from './shortLink';
import * as source from './source';
import * as tag from './tag';
import * as talk from './talk';
import * as task from './task';
import * as unsorted from './unsorted';
import * as user from './user';
import * as webhook from './webhook';

const resources: Record<string, Record<string, unknown>> = {
	account,
	apiRequest,
	call,
	catalog,
	catalogElement,
	company,
	contact,
	customField,
	customer,
	event,
	file,
	lead,
	link,
	lossReason,
	note,
	pipeline,
	salesbot,
	shortLink,
	source,
	tag,
	talk,
	task,
	unsorted,
	user,
	webhook,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation.call(this, resources);
}
