/**
 * The web portal: a private S3 bucket behind CloudFront. CloudFront reaches the bucket with origin
 * access control in the global partition, and with an origin access identity where OAC is not
 * offered (the China regions when this was written: the `portalOriginAccess` setting). In China the
 * distribution must use the ICP-registered domain with an IAM server certificate, because
 * `*.cloudfront.cn` may not serve content and CloudFront there has no ACM (DESIGN.md §6).
 * The portal's built files (web/dist) are uploaded when they exist.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  type CfnDistribution,
  Distribution,
  HttpVersion,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { PlatformSettings } from '../config.ts';
import { acknowledge, nagResourceName } from './nag.ts';
import { REPO_ROOT } from './platform-function.ts';

export class PortalHosting extends Construct {
  readonly bucket: Bucket;
  readonly logs: Bucket;
  readonly distribution: Distribution;
  /** `https://` + the portal's host name (the CloudFront domain when no custom domain is set). */
  readonly origin: string;
  readonly deployed: boolean;

  constructor(scope: Construct, id: string, props: { settings: PlatformSettings }) {
    super(scope, id);
    const { settings } = props;
    const web = settings.web;
    const suffix = `${settings.account}-${settings.region}`;

    // CloudFront standard logs are written with ACLs: this bucket must accept them.
    this.logs = new Bucket(this, 'Logs', {
      bucketName: `${settings.prefix}-portal-logs-${suffix}`,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'expire-logs', expiration: Duration.days(Math.max(365, settings.logRetentionDays)) },
      ],
    });
    acknowledge(
      this.logs,
      'AwsSolutions-S1',
      'This bucket receives the CloudFront and portal-bucket access logs; logging it into itself would loop.',
    );

    this.bucket = new Bucket(this, 'Site', {
      bucketName: `${settings.prefix}-portal-${suffix}`,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-old-builds', noncurrentVersionExpiration: Duration.days(30) }],
    });

    const origin =
      web.originAccess === 'oac'
        ? S3BucketOrigin.withOriginAccessControl(this.bucket)
        : S3BucketOrigin.withOriginAccessIdentity(this.bucket);

    const globalCertificate =
      web.domainName && web.certificateArn
        ? Certificate.fromCertificateArn(this, 'Certificate', web.certificateArn)
        : undefined;

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${settings.prefix} portal`,
      defaultRootObject: 'index.html',
      defaultBehavior: { origin, viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS },
      // The portal is a single-page application: unknown paths load the app, which routes itself.
      errorResponses: [
        {
          httpStatus: 403,
          responseHttpStatus: 200,
          responsePagePath: '/index.html',
          ttl: Duration.minutes(5),
        },
        {
          httpStatus: 404,
          responseHttpStatus: 200,
          responsePagePath: '/index.html',
          ttl: Duration.minutes(5),
        },
      ],
      httpVersion: HttpVersion.HTTP2,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      ...(globalCertificate && web.domainName
        ? {
            certificate: globalCertificate,
            domainNames: [web.domainName],
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });

    if (web.domainName && web.iamCertificateId) {
      // CloudFront in China takes certificates from the IAM certificate store only.
      const cfn = this.distribution.node.defaultChild as CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [web.domainName]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: web.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
    }
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: publicity notices and real-name objections are open to anyone, wherever they are (Art. 18).',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'The portal is static files only; the API it calls is throttled per route. Attach a web ACL if abuse is seen.',
    );
    if (!web.domainName) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Development distribution on the default CloudFront certificate; production sets portalDomainName and its certificate.',
      );
    }
    if (web.originAccess === 'oai') {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR7',
        'Origin access identity is used where CloudFront offers no origin access control (the portalOriginAccess setting).',
      );
    }

    this.origin = web.domainName
      ? `https://${web.domainName}`
      : `https://${this.distribution.distributionDomainName}`;

    const distDir = resolve(REPO_ROOT, web.distDir);
    this.deployed = existsSync(resolve(distDir, 'index.html'));
    if (this.deployed) {
      new BucketDeployment(this, 'Deploy', {
        destinationBucket: this.bucket,
        sources: [Source.asset(distDir)],
        distribution: this.distribution,
        distributionPaths: ['/*'],
        memoryLimit: 512,
      });
      acknowledgeDeploymentHandler(Stack.of(this), this.bucket);
    }
  }
}

/** CDK's BucketDeployment singleton: its role and runtime are CDK's; say why that is acceptable. */
function acknowledgeDeploymentHandler(stack: Stack, site: Bucket): void {
  const handler = stack.node.children.find((child) =>
    child.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  if (!handler) return;
  const assets = `arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${stack.account}-${stack.region}/*`;
  const reasons: [string, string][] = [
    [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK-managed deploy-time function that copies the portal build into its bucket; it only needs to log.',
    ],
    [
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      'CDK BucketDeployment reads the build asset from the CDK asset bucket.',
    ],
    [
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'CDK BucketDeployment reads the asset and portal buckets it syncs.',
    ],
    [
      'AwsSolutions-IAM5[Action::s3:List*]',
      'CDK BucketDeployment lists the portal bucket to prune old build files.',
    ],
    [
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'CDK BucketDeployment prunes files of the previous portal build.',
    ],
    ['AwsSolutions-IAM5[Action::s3:Abort*]', 'CDK BucketDeployment aborts its own failed multipart uploads.'],
    [
      `AwsSolutions-IAM5[Resource::${assets}]`,
      'CDK BucketDeployment reads the zipped portal build from the asset bucket.',
    ],
    [
      `AwsSolutions-IAM5[Resource::${nagResourceName(stack, site.bucketArn)}/*]`,
      'CDK BucketDeployment writes every file of the portal build into the site bucket.',
    ],
    [
      'AwsSolutions-IAM5[Resource::*]',
      'CDK BucketDeployment invalidates the CloudFront cache; CreateInvalidation is granted on * by CDK.',
    ],
    ['AwsSolutions-L1', 'CDK BucketDeployment pins its own Python runtime for the AWS CLI layer it runs.'],
  ];
  for (const [id, reason] of reasons) acknowledge(handler, id, reason);
}
