import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DataStore } from './DataStore.js';
import { Jobs } from './Jobs.js';
import { Api } from './Api.js';
import { Web } from './Web.js';

export interface TabmimicProps {
  /** Keep data on stack deletion; true for production stages. */
  readonly retainData?: boolean;
  /** Browser origins allowed to call the API and the bucket; default any. */
  readonly allowedOrigins?: string[];
  readonly webDistDir?: string;
}

/** The whole service, composed once here for both the plain CDK app and sst.config.ts. */
export function composeTabmimic(scope: Construct, props: TabmimicProps = {}) {
  const allowedOrigins = props.allowedOrigins ?? ['*'];
  const data = new DataStore(scope, 'Data', { allowedOrigins, retain: props.retainData ?? false });
  const jobs = new Jobs(scope, 'Jobs', { data });
  const api = new Api(scope, 'Api', { data, jobs: jobs.stateMachine, allowedOrigins });
  const web = new Web(scope, 'Web', { distDir: props.webDistDir });
  return { data, jobs, api, web };
}

export class TabmimicStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & TabmimicProps = {}) {
    super(scope, id, props);
    const { api, web, data } = composeTabmimic(this, props);
    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    new CfnOutput(this, 'WebUrl', { value: `https://${web.distribution.distributionDomainName}` });
    new CfnOutput(this, 'DataBucket', { value: data.bucket.bucketName });
  }
}
