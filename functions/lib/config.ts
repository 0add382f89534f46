import { z } from 'zod';

/** Runtime configuration, from the environment in the cloud, from the embedded stack locally. */
export const Config = z.object({
  region: z.string().min(1).default('us-east-1'),
  bucket: z.string().min(3),
  table: z.string().min(3),
  /** Set locally (s3rver, dynalite); absent in the cloud. */
  s3Endpoint: z.url().optional(),
  dynamoEndpoint: z.url().optional(),
  stateMachineArn: z.string().optional(),
  credentials: z.object({ accessKeyId: z.string(), secretAccessKey: z.string() }).optional(),
});
export type Config = z.infer<typeof Config>;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Config.safeParse({
    region: env.AWS_REGION,
    bucket: env.TABMIMIC_BUCKET,
    table: env.TABMIMIC_TABLE,
    s3Endpoint: env.TABMIMIC_S3_ENDPOINT || undefined,
    dynamoEndpoint: env.TABMIMIC_DYNAMODB_ENDPOINT || undefined,
    stateMachineArn: env.TABMIMIC_STATE_MACHINE_ARN || undefined,
  });
  if (!parsed.success) {
    throw new Error(`Invalid configuration: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
