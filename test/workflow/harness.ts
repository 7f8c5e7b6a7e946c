// Runs workflow JSON in-process through n8n-core, with this package loaded by n8n's own
// PackageDirectoryLoader from the built `dist/`, exactly as n8n loads a community package.
import path from 'node:path';
import {
	ExecutionLifecycleHooks,
	HookContext,
	LoadOptionsContext,
	PackageDirectoryLoader,
	PollContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialsHelper,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';

import { recordProduced, visibleText } from '../secrets';

export const PACKAGE = 'n8n-nodes-amocrm-envybox';
const ROOT = path.resolve(__dirname, '..', '..');

class ManualTrigger implements INodeType {
	description = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: '',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Emits the items given in its `items` parameter: lets a test feed many items into one node. */
class ItemsSource implements INodeType {
	description = {
		displayName: 'Items',
		name: 'items',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '[]') as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

/** A file of a `test.files` item: its bytes in base64, its name and MIME type. */
export interface TestFile {
	base64: string;
	fileName?: string;
	mimeType?: string;
}

/** Emits items with binary data, each `{json?, binary: {<field>: TestFile}}`: files for a node to take. */
class FilesSource implements INodeType {
	description = {
		displayName: 'Files',
		name: 'files',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Files' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '[]') as string;
		const items = JSON.parse(raw) as Array<{
			json?: IDataObject;
			binary?: Record<string, TestFile>;
		}>;
		const out: INodeExecutionData[] = [];
		for (const item of items) {
			const binary: INodeExecutionData['binary'] = {};
			for (const [field, file] of Object.entries(item.binary ?? {})) {
				binary[field] = await this.helpers.prepareBinaryData(
					Buffer.from(file.base64, 'base64'),
					file.fileName,
					file.mimeType,
				);
			}
			out.push({ json: item.json ?? {}, ...(item.binary ? { binary } : {}) });
		}
		return [out];
	}
}

let loaderPromise: Promise<PackageDirectoryLoader> | null = null;
export function loadPackage(): Promise<PackageDirectoryLoader> {
	loaderPromise ??= (async () => {
		const loader = new PackageDirectoryLoader(ROOT);
		await loader.loadAll();
		return loader;
	})();
	return loaderPromise;
}

class TestNodeTypes implements INodeTypes {
	constructor(private readonly loader: PackageDirectoryLoader) {}

	getByName(type: string): INodeType | IVersionedNodeType {
		if (type === 'n8n-nodes-base.manualTrigger') return new ManualTrigger();
		if (type === 'test.items') return new ItemsSource();
		if (type === 'test.files') return new FilesSource();
		const name = type.startsWith(`${PACKAGE}.`) ? type.slice(PACKAGE.length + 1) : type;
		return this.loader.getNode(name).type;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes() {
		return {};
	}
}

export type CredentialStore = Record<string, ICredentialDataDecryptedObject>;

/** Resolves `={{$credentials.x}}` the way n8n's CLI credentials helper does for generic auth. */
class TestCredentialsHelper implements ICredentialsHelper {
	readonly updates: Array<{ type: string; data: ICredentialDataDecryptedObject }> = [];

	constructor(
		private readonly loader: PackageDirectoryLoader,
		private readonly store: CredentialStore,
	) {}

	getParentTypes(name: string): string[] {
		const type = this.loader.getCredential(name)?.type;
		return type?.extends ?? [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.loader.getCredential(typeName).type;
		const auth = type.authenticate;
		if (!auth) return requestOptions;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		const resolve = (value: string) =>
			workflow && node
				? (workflow.expression.getSimpleParameterValue(node, value, 'internal', {
						$credentials: credentials,
					}) as string)
				: value;
		const properties = auth.properties as Record<string, Record<string, string>>;
		for (const [target, values] of Object.entries(properties)) {
			const options = requestOptions as unknown as Record<string, IDataObject>;
			options[target] = { ...(options[target] ?? {}) };
			for (const [key, value] of Object.entries(values)) options[target][key] = resolve(value);
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return {
			id: details.id,
			name: details.name,
			type,
			getData: () => this.store[type],
		} as unknown as ICredentials;
	}

	async getDecrypted(
		_additional: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
	) {
		const data = this.store[type];
		if (!data) throw new Error(`no test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials(
		_details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.store[type] = data;
		this.updates.push({ type, data });
	}

	async updateCredentialsOauthTokenData(
		_details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.store[type] = {
			...this.store[type],
			oauthTokenData: data.oauthTokenData,
		} as ICredentialDataDecryptedObject;
		this.updates.push({ type, data });
	}

	getCredentialsProperties(type: string) {
		return this.loader.getCredential(type).type.properties;
	}
}

export interface WorkflowRun {
	run: IRun;
	/** Output items of a node (first run, first output). */
	output(nodeName: string): IDataObject[];
	/** Output items with their pairing info. */
	items(nodeName: string): INodeExecutionData[];
	error(): Error | undefined;
	credentialUpdates: Array<{ type: string; data: ICredentialDataDecryptedObject }>;
}

async function prepare(
	workflowData: IWorkflowBase,
	credentials: CredentialStore,
	currentNodeParameters?: IDataObject,
) {
	const loader = await loadPackage();
	const workflow = new Workflow({
		id: workflowData.id ?? 'test',
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes: new TestNodeTypes(loader),
		settings: workflowData.settings ?? { executionOrder: 'v1' },
	});
	const credentialsHelper = new TestCredentialsHelper(loader, credentials);
	const additionalData = {
		hooks: new ExecutionLifecycleHooks('manual', 'test-execution', workflowData),
		credentialsHelper,
		variables: {},
		executionId: 'test-execution',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		currentNodeParameters,
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;
	return { workflow, additionalData, credentialsHelper };
}

export async function runWorkflow(
	workflowData: IWorkflowBase,
	credentials: CredentialStore,
): Promise<WorkflowRun> {
	const { workflow, additionalData, credentialsHelper } = await prepare(workflowData, credentials);
	const start = workflow.getStartNode();
	if (!start) throw new Error('workflow has no start node');
	const run = await new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: start,
	});
	recordProduced(`the run of "${workflowData.name ?? workflowData.id}"`, () =>
		visibleText(run.data.resultData),
	);
	const items = (name: string) => run.data.resultData.runData[name]?.[0]?.data?.main?.[0] ?? [];
	return {
		run,
		items,
		output: (name) => items(name).map((i) => i.json),
		error: () => run.data.resultData.error as Error | undefined,
		credentialUpdates: credentialsHelper.updates,
	};
}

/**
 * Calls a node's `methods.loadOptions` or `methods.listSearch` function the way the editor does:
 * in n8n-core's LoadOptionsContext, with the node's current parameters.
 */
export async function callNodeMethod(
	workflowData: IWorkflowBase,
	nodeName: string,
	credentials: CredentialStore,
	kind: 'loadOptions' | 'listSearch',
	method: string,
	...args: unknown[]
): Promise<any> {
	const node = workflowData.nodes.find((n) => n.name === nodeName)!;
	const type = (await loadPackage()).getNode(node.type.slice(PACKAGE.length + 1)).type as INodeType;
	// The editor sends every parameter, defaults included.
	const current = NodeHelpers.getNodeParameters(
		type.description.properties,
		node.parameters,
		true,
		false,
		node,
		type.description,
	);
	const { workflow, additionalData } = await prepare(
		workflowData,
		credentials,
		current as IDataObject,
	);
	const fn = (type.methods?.[kind] as Record<string, (...a: unknown[]) => Promise<unknown>>)[
		method
	];
	const context = new LoadOptionsContext(
		workflow,
		workflow.getNode(nodeName)!,
		additionalData,
		'parameters',
	);
	const result = await fn.call(context, ...args);
	recordProduced(`${kind} ${method}`, () => visibleText(result));
	return result;
}

/** Runs a trigger's webhook method (`checkExists`, `create`, `delete`) the way n8n does on activation. */
export async function callWebhookMethod(
	workflowData: IWorkflowBase,
	nodeName: string,
	credentials: CredentialStore,
	method: 'checkExists' | 'create' | 'delete',
): Promise<boolean> {
	const node = workflowData.nodes.find((n) => n.name === nodeName)!;
	const type = (await loadPackage()).getNode(node.type.slice(PACKAGE.length + 1)).type as INodeType;
	const { workflow, additionalData } = await prepare(workflowData, credentials);
	const context = new HookContext(
		workflow,
		workflow.getNode(nodeName)!,
		additionalData,
		'trigger',
		'activate',
	);
	return (await type.webhookMethods!.default![method]!.call(context)) as boolean;
}

/**
 * Runs a polling trigger's `poll` through n8n-core's own poll context, as n8n does on its schedule
 * (`trigger`) or for a test run (`manual`); `staticData` persists between calls like the workflow's.
 */
export async function callPoll(
	workflowData: IWorkflowBase,
	nodeName: string,
	credentials: CredentialStore,
	mode: 'trigger' | 'manual',
	staticData: IDataObject,
): Promise<INodeExecutionData[][] | null> {
	const node = workflowData.nodes.find((n) => n.name === nodeName)!;
	const type = (await loadPackage()).getNode(node.type.slice(PACKAGE.length + 1)).type as INodeType;
	const { workflow, additionalData } = await prepare(workflowData, credentials);
	const context = new PollContext(
		workflow,
		workflow.getNode(nodeName)!,
		additionalData,
		mode,
		'activate',
		undefined,
		undefined,
		undefined,
		undefined,
		() => staticData,
	);
	const result = await type.poll!.call(context);
	recordProduced(`a poll of "${nodeName}"`, () => visibleText(result));
	return result;
}

let nodeCounter = 0;

/** A workflow of a manual trigger followed by the given nodes in a chain. */
export function chain(
	nodes: Array<Partial<INode> & { parameters: INode['parameters'] }>,
): IWorkflowBase {
	const all: INode[] = [
		{
			id: 'start',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		...nodes.map((node, index) => ({
			id: `node-${++nodeCounter}`,
			name: node.name ?? `Step ${index + 1}`,
			type: node.type ?? `${PACKAGE}.amoCrm`,
			typeVersion: node.typeVersion ?? 1,
			position: [(index + 1) * 200, 0] as [number, number],
			credentials: node.credentials ?? { amoCrmApi: { id: 'cred-1', name: 'amoCRM sandbox' } },
			...(node.onError ? { onError: node.onError } : {}),
			parameters: node.parameters,
		})),
	];
	const connections: IWorkflowBase['connections'] = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = {
			main: [[{ node: all[i + 1].name, type: NodeConnectionTypes.Main, index: 0 }]],
		};
	}
	return {
		id: `wf-${nodeCounter}`,
		name: 'test',
		nodes: all,
		connections,
		active: false,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
}
