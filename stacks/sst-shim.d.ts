// The slice of SST v2's types that sst.config.ts uses. SST itself (≈1 GB, and its build needs the
// internet) is installed only to deploy: `npm i -D sst@2`; its own types then take precedence.
declare module 'sst' {
  import type { Stack } from 'aws-cdk-lib';
  export interface StackContext {
    readonly stack: Stack & { addOutputs(outputs: Record<string, string>): void };
  }
  export interface SSTApp {
    stack(fn: (ctx: StackContext) => unknown): SSTApp;
  }
  export interface SSTConfig {
    config(input: { stage?: string }): { name: string; region?: string };
    stacks(app: SSTApp): void | Promise<void>;
  }
}
