import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { routes } from '../core/api/routes.js';
import type { RouteDef } from '../core/api/route.js';
import { handlerFunction } from './lambda.js';
import type { DataStore } from './DataStore.js';

/** Routes whose handlers start jobs, and so may start executions of the state machine. */
export const JOB_STARTING_ROUTES: readonly string[] = ['filesComplete', 'synthGenerate', 'synthFit', 'synthSample', 'synthJobCancel', 'featuresApply'];

/** The HTTP API: one route and one Lambda per entry of the route table. */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly functions = new Map<string, lambda.IFunction>();

  constructor(scope: Construct, id: string, props: { data: DataStore; jobs: sfn.IStateMachine; allowedOrigins: string[] }) {
    super(scope, id);
    this.httpApi = new apigw.HttpApi(this, 'Http', {
      corsPreflight: {
        allowOrigins: props.allowedOrigins,
        allowMethods: [apigw.CorsHttpMethod.ANY],
        allowHeaders: ['content-type'],
      },
    });
    const environment = {
      TABMIMIC_BUCKET: props.data.bucket.bucketName,
      TABMIMIC_TABLE: props.data.table.tableName,
      TABMIMIC_STATE_MACHINE_ARN: props.jobs.stateMachineArn,
    };
    for (const route of routes as readonly RouteDef[]) {
      const fn = handlerFunction(this, `Route-${route.name}`, {
        entry: `functions/${route.name}.ts`,
        memoryMb: route.lambda?.memoryMb,
        timeoutSeconds: route.lambda?.timeoutSeconds,
        environment,
      });
      props.data.bucket.grantReadWrite(fn);
      props.data.table.grantReadWriteData(fn);
      if (JOB_STARTING_ROUTES.includes(route.name)) props.jobs.grantStartExecution(fn);
      this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`Integration-${route.name}`, fn),
      });
      this.functions.set(route.name, fn);
    }
  }
}
