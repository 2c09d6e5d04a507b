#!/usr/bin/env node
/**
 * CDK entry point (cdk.json): `npm run synth` (global partition, us-east-1 by default) and
 * `npm run synth:cn` (cn-northwest-1). Context keys: infra/aws/README.md; synthesis needs no AWS
 * credentials and no network.
 */
import { App } from 'aws-cdk-lib';
import { ContextError } from './config.ts';
import { buildPlatform } from './platform.ts';

const app = new App();
try {
  buildPlatform(app);
} catch (error) {
  if (error instanceof ContextError) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
app.synth();
