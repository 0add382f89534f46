/**
 * SST v2 entry for deploys (`npx sst deploy --stage prod`). It composes the same constructs as the
 * plain CDK app in stacks/bin/app.ts, which is what the tests synthesize offline.
 */
import type { SSTConfig } from 'sst';
import { composeTabmimic } from './stacks/TabmimicStack.js';

export default {
  config() {
    return { name: 'tabmimic', region: 'us-east-1' };
  },
  stacks(app) {
    app.stack(function Tabmimic({ stack }) {
      const { api, web, data } = composeTabmimic(stack, { retainData: stack.stackName.includes('prod') });
      stack.addOutputs({
        ApiUrl: api.httpApi.apiEndpoint,
        WebUrl: `https://${web.distribution.distributionDomainName}`,
        DataBucket: data.bucket.bucketName,
      });
    });
  },
} satisfies SSTConfig;
