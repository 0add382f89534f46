import type { JobRunner } from '../ports.js';
import type { Job } from './model.js';
import { notFound } from '../errors.js';
import { withTitle } from './lifecycle.js';

export async function findJob(jobs: JobRunner, id: string): Promise<Job> {
  const job = await jobs.get(id);
  if (!job) throw notFound(`No job ${id}.`);
  // A failure recorded before failures kept their title is given one.
  return withTitle(job);
}
