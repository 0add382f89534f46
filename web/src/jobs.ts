import { api, type Job } from './api.js';

/** Polls a job until it ends, reporting each state. */
export async function followJob(jobId: string, onUpdate: (job: Job) => void): Promise<Job> {
  for (;;) {
    const job = await api.anyJob(jobId);
    onUpdate(job);
    if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') return job;
    await new Promise((r) => setTimeout(r, 300));
  }
}
