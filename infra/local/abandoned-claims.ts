/**
 * Idempotency-Key claims left in progress by a process that died (DynamoDbIdempotencyStore item
 * shape: `id`, `status`). On AWS such a claim answers 409 until it expires (60 s), because another
 * Lambda may still be running it; the local platform is one process, so at its start no request
 * runs and every such claim is abandoned. Releasing it lets the retry run at once: it finds its own
 * earlier commit, if any (route.ts `recover`), and otherwise does the work for the first time.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';

export async function releaseAbandonedClaims(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<number> {
  let released = 0;
  const pages = paginateScan(
    { client },
    {
      TableName: tableName,
      FilterExpression: '#status = :inProgress',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':inProgress': 'INPROGRESS' },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { id: item.id },
            ConditionExpression: '#status = :inProgress',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':inProgress': 'INPROGRESS' },
          }),
        );
        released += 1;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }
  return released;
}
