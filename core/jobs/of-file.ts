/**
 * GET /files/{id}/jobs: the jobs of one file, read from the metadata store's own index of them
 * (`listJobsForFile`), so a page finds every run of a file however old, not only the runs among
 * the newest files.
 */
import { z } from 'zod';
import { getFile, type StoreDeps } from '../files/service.js';
import { JOB_STATUSES, Job, JobStatus } from './model.js';
import { withTitle } from './lifecycle.js';

/**
 * `?status=queued,running`: one status or several, comma-separated (a page wants the runs not yet
 * ended, which are either); left out, every status.
 */
export const JobStatusList = z
  .string()
  .transform((text) => text.split(',').map((s) => s.trim()))
  .pipe(z.array(JobStatus).min(1));

export const FileJobsQuery = z.object({
  status: JobStatusList.optional().describe(`Only jobs in these statuses, comma-separated, each one of ${JOB_STATUSES.join(', ')} (e.g. \`queued,running\`); default all`),
});

/** The same job documents GET /jobs/{job_id} replies with, newest first. */
export const FileJobs = z.object({ jobs: z.array(Job) });
export type FileJobs = z.infer<typeof FileJobs>;

/**
 * The jobs that name the file among those they read or write (`file_ids`): its ingest and type
 * changes, the fits, generations and feature runs it is the source of, and, for a generated file,
 * the run writing it. Newest first; a 404 for a file there is no record of.
 */
export async function jobsOfFile(deps: StoreDeps, fileId: string, statuses?: readonly JobStatus[]): Promise<FileJobs> {
  await getFile(deps, fileId);
  const jobs = await deps.meta.listJobsForFile(fileId);
  const wanted = statuses && new Set(statuses);
  return { jobs: jobs.filter((j) => !wanted || wanted.has(j.status)).sort(newestFirst).map(withTitle) };
}

/** By creation time; ids are time-ordered too, which settles a tie within a millisecond. */
const newestFirst = (a: Job, b: Job): number => b.created_at.localeCompare(a.created_at) || b.job_id.localeCompare(a.job_id);
