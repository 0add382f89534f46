/**
 * Presigned single PUTs land under the staging prefix, and their URLs outlive the upload: the bucket
 * expires what a late PUT leaves there, and every incomplete multipart upload is aborted.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { expect, it } from 'vitest';
import { TabmimicStack } from '../../stacks/TabmimicStack.js';
import { STAGING_PREFIX, fileKeys } from '../../core/files/model.js';

it('expires staged uploads after a day, and aborts incomplete multipart uploads after a day', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new TabmimicStack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' }, webDistDir: 'tests/infra' });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::S3::Bucket', {
    LifecycleConfiguration: {
      // In this order (arrayWith keeps it): the bucket-wide abort, then the staging expiry.
      Rules: Match.arrayWith([
        Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
        Match.objectLike({ Prefix: STAGING_PREFIX, ExpirationInDays: 1, Status: 'Enabled' }),
      ]),
    },
  });
  // The rule's prefix holds the staging keys, and none of a file's own keys.
  expect(fileKeys.staging('f_abc0123456').startsWith(STAGING_PREFIX)).toBe(true);
  expect(fileKeys.prefix('f_abc0123456').startsWith(STAGING_PREFIX)).toBe(false);
}, 120_000);
