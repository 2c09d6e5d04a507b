/**
 * cdk-nag 3 acknowledgements (`Validations.of(scope).acknowledge`), always with a written reason
 * (DESIGN.md §5: "suppressions only with a written reason"). The reasons end up in the template
 * metadata (`cdk_nag.rules_to_suppress`, see app.ts) where test/infra checks them.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** Shortest acceptable reason: a sentence, not a token like "ok" or "needed". */
export const MIN_REASON_LENGTH = 21;

/** Acknowledges one cdk-nag finding (e.g. `AwsSolutions-IAM5[Resource::*]`) on `scope` and its children. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(
      `cdk-nag acknowledgement ${id} at ${scope.node.path} needs a written reason (got "${reason}")`,
    );
  }
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The standardized service principal of an AWS service (`lambda` → the name every partition,
 * China included, accepts), so no host name is spelled out in this code (DESIGN.md §6).
 */
export const servicePrincipal = (service: string): ServicePrincipal =>
  new ServicePrincipal(ServicePrincipal.servicePrincipalName(service));

/**
 * How cdk-nag names a resource in a finding id (`Resource::…`): the resolved CloudFormation value
 * flattened, `{"Fn::GetAtt": ["Bucket", "Arn"]}` → `<Bucket.Arn>`, `{"Ref": "AWS::Partition"}` →
 * `<AWS::Partition>` (cdk-nag's flattenCfnReference, which the package does not export).
 */
export function nagResourceName(scope: IConstruct, value: string): string {
  const visit = (node: unknown): string => {
    if (node === undefined) return '';
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
    const record = node as Record<string, unknown>;
    if (Array.isArray(record['Fn::Join'])) {
      const [delimiter, items] = record['Fn::Join'] as [string, unknown[]];
      return items.map(visit).join(delimiter);
    }
    if (record['Fn::Sub'] !== undefined) return visit(record['Fn::Sub']);
    if (Array.isArray(record['Fn::GetAtt'])) {
      const [resource, attribute] = record['Fn::GetAtt'] as [unknown, unknown];
      return `<${visit(resource)}.${visit(attribute)}>`;
    }
    if (record['Fn::ImportValue'] !== undefined) return visit(record['Fn::ImportValue']);
    if (record.Ref !== undefined) return `<${visit(record.Ref)}>`;
    return JSON.stringify(node);
  };
  return visit(Stack.of(scope).resolve(value));
}
