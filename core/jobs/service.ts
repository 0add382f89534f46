import type { JobRunner } from '../ports.js';
import type { Job } from './model.js';
import { notFound } from '../errors.js';

export async function findJob(jobs: JobRunner, id: string): Promise<Job> {
  const job = await jobs.get(id);
  if (!job) throw notFound(`No job ${id}.`);
  return job;
}
