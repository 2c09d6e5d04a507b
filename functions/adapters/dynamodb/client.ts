/** The one way this code base builds a DynamoDB client (Lambdas, the local platform, tests). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  /** DynamoDB Local's URL; when set, the client signs with dummy local credentials. */
  endpoint?: string;
  region?: string;
}

/** Builds the low-level client: on AWS from the environment, locally against `endpoint`. */
export function createDynamoDbClient(options: DynamoClientOptions = {}): DynamoDBClient {
  if (options.endpoint === undefined) {
    return new DynamoDBClient(options.region === undefined ? {} : { region: options.region });
  }
  return new DynamoDBClient({
    endpoint: options.endpoint,
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/**
 * A document client that drops undefined members (optional record fields) instead of failing,
 * and reads numbers as JavaScript numbers, so records round-trip as they were put.
 */
export function createDocumentClient(
  options: DynamoClientOptions | DynamoDBClient = {},
): DynamoDBDocumentClient {
  const client = options instanceof DynamoDBClient ? options : createDynamoDbClient(options);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}
