import {resourceUsage} from 'node:process';
import type {Section} from '../section.ts';

/** Peak memory of the whole run so far (both stacks share the process, so there is no ratio). */
export const section: Section = {
  name: 'Memory',
  async run() {
    const usage = process.memoryUsage();
    const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    return {
      name: this.name,
      rows: [
        {metric: 'peak RSS (maxRSS, whole run)', unit: 'MiB', ours: mib(resourceUsage().maxRSS * 1024), note: 'both stacks in one process'},
        {metric: 'heap used at the end', unit: 'MiB', ours: mib(usage.heapUsed)},
      ],
    };
  },
};
