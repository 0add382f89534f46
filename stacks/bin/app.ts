/** The plain CDK app: `npx cdk synth` works offline (no SST, no AWS account). */
import { App } from 'aws-cdk-lib';
import { TabmimicStack } from '../TabmimicStack.js';

const app = new App();
new TabmimicStack(app, 'Tabmimic', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012', region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' },
});
app.synth();
