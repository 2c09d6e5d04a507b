import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionStatus } from '@aws-sdk/client-sfn';
import { type LocalSfnEngine, SfnServiceError } from './sfn-engine.ts';

/**
 * A small HTTP endpoint speaking the Step Functions JSON 1.0 protocol in front of the local engine,
 * so handlers use the real `@aws-sdk/client-sfn` with only an endpoint setting changed (DESIGN.md §4):
 * `X-Amz-Target: AWSStepFunctions.<Operation>`, JSON bodies, dates as epoch seconds, errors as
 * HTTP 400 `{"__type": …, "message": …}`.
 */

export interface SfnServerOptions {
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
}

export interface SfnServer {
  /** e.g. `http://127.0.0.1:49152`: the SFN client's `endpoint`. */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

type Body = Record<string, unknown>;
type Operation = (engine: LocalSfnEngine, body: Body) => unknown;

const TARGET_PREFIX = 'AWSStepFunctions.';
const MAX_BODY_BYTES = 1024 * 1024;

/** A required string member; a missing one becomes '' and fails the engine's own validation. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const optionalText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const optionalNumber = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : undefined;

const OPERATIONS: Record<string, Operation> = {
  CreateStateMachine: (engine, body) => {
    let definition: object;
    try {
      definition = JSON.parse(text(body.definition)) as object;
    } catch {
      throw new SfnServiceError('InvalidDefinition', 'Invalid State Machine Definition: not valid JSON');
    }
    return engine.createStateMachine(text(body.name), definition);
  },
  DescribeStateMachine: (engine, body) => engine.describeStateMachine(text(body.stateMachineArn)),
  StartExecution: (engine, body) =>
    engine.startExecution({
      stateMachineArn: text(body.stateMachineArn),
      name: optionalText(body.name),
      input: optionalText(body.input),
    }),
  DescribeExecution: (engine, body) => engine.describeExecution(text(body.executionArn)),
  GetExecutionHistory: (engine, body) =>
    engine.getExecutionHistory(text(body.executionArn), {
      maxResults: optionalNumber(body.maxResults),
      nextToken: optionalText(body.nextToken),
      reverseOrder: body.reverseOrder === true,
    }),
  ListExecutions: (engine, body) =>
    engine.listExecutions(text(body.stateMachineArn), {
      statusFilter: optionalText(body.statusFilter) as ExecutionStatus | undefined,
      maxResults: optionalNumber(body.maxResults),
      nextToken: optionalText(body.nextToken),
    }),
  StopExecution: (engine, body) =>
    engine.stopExecution(text(body.executionArn), {
      error: optionalText(body.error),
      cause: optionalText(body.cause),
    }),
  SendTaskSuccess: (engine, body) => engine.sendTaskSuccess(text(body.taskToken), text(body.output)),
  SendTaskFailure: (engine, body) =>
    engine.sendTaskFailure(text(body.taskToken), optionalText(body.error), optionalText(body.cause)),
  SendTaskHeartbeat: (engine, body) => engine.sendTaskHeartbeat(text(body.taskToken)),
};

/** Configuration for `new SFNClient(...)` against the local endpoint (credentials are not checked). */
export function localSfnClientConfig(endpoint: string, region = 'us-east-1') {
  return { endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

/** Starts the endpoint for `engine`; resolves once it listens. */
export async function startSfnServer(
  engine: LocalSfnEngine,
  options: SfnServerOptions = {},
): Promise<SfnServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    handle(engine, request, response).catch((error: unknown) => {
      console.error('local sfn server: request failed', error);
      if (!response.headersSent) send(response, 500, { __type: 'InternalFailure', message: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  engine: LocalSfnEngine,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const target = String(request.headers['x-amz-target'] ?? '');
  const raw = await readBody(request);
  if (request.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) {
    send(response, 400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` });
    return;
  }
  const operation = OPERATIONS[target.slice(TARGET_PREFIX.length)];
  if (!operation) {
    send(response, 400, { __type: 'UnknownOperationException', message: `Unsupported operation ${target}` });
    return;
  }
  let body: Body;
  try {
    const parsed: unknown = raw.length === 0 ? {} : JSON.parse(raw);
    body = typeof parsed === 'object' && parsed !== null ? (parsed as Body) : {};
  } catch {
    send(response, 400, { __type: 'SerializationException', message: 'Request body is not valid JSON' });
    return;
  }
  try {
    send(response, 200, await operation(engine, body));
  } catch (error) {
    if (error instanceof SfnServiceError) {
      send(response, 400, { __type: error.type, message: error.message });
      return;
    }
    throw error;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(toWire(payload ?? {}));
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(body);
}

/** JSON with Dates as epoch seconds, as the JSON protocol sends timestamps. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, toWire(item)]),
    );
  }
  return value;
}
