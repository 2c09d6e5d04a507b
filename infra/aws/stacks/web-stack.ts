/** Web hosting for the portal: S3 + CloudFront (constructs/portal-hosting.ts). */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { PlatformSettings } from '../config.ts';
import { PortalHosting } from '../constructs/portal-hosting.ts';

export interface WebStackProps extends StackProps {
  settings: PlatformSettings;
}

export class WebStack extends Stack {
  readonly portal: PortalHosting;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    this.portal = new PortalHosting(this, 'Portal', { settings: props.settings });
    new CfnOutput(this, 'PortalUrl', { value: this.portal.origin, description: 'The portal' });
  }
}
