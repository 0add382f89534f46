import { Duration, Size } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface HandlerProps {
  /** Module path under the repo root, e.g. `functions/filesGet.ts`. */
  readonly entry: string;
  readonly memoryMb?: number;
  /** Local disk (/tmp) beyond Lambda's default 512 MB. */
  readonly scratchMb?: number;
  readonly timeoutSeconds?: number;
  readonly environment: Record<string, string>;
}

/**
 * One handler module as a Node 22 Lambda, bundled by the local esbuild (no Docker). The AWS SDK v3
 * ships with the runtime; documentation assets and the Vega builds inlined in HTML reports are read
 * from their npm packages at run time.
 * Heavy steps move to container-image Lambdas (DockerImageFunction) when their dependencies outgrow
 * a zip — the handler contract (`functions/steps/<step>.ts` exporting `handler`) stays the same.
 */
export function handlerFunction(scope: Construct, id: string, props: HandlerProps): nodejs.NodejsFunction {
  return new nodejs.NodejsFunction(scope, id, {
    entry: `${ROOT}${props.entry}`,
    projectRoot: ROOT,
    depsLockFilePath: `${ROOT}package-lock.json`,
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memoryMb ?? 512,
    ...(props.scratchMb ? { ephemeralStorageSize: Size.mebibytes(props.scratchMb) } : {}),
    timeout: Duration.seconds(props.timeoutSeconds ?? 29),
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    bundling: {
      format: nodejs.OutputFormat.ESM,
      target: 'node22',
      sourceMap: true,
      externalModules: ['@aws-sdk/*'],
      // TensorFlow.js loads its wasm binary from its package folder, so it ships unbundled too.
      nodeModules: ['swagger-ui-dist', 'redoc', 'vega', 'vega-lite', 'vega-embed', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'],
      // ESM bundles need `require` for the CommonJS packages they include.
      banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
    },
  });
}
