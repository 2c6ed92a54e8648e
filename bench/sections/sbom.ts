import type {Section} from '../section.ts';

/** Placeholder: the lead fills it in once the SBOM vetting work has merged. */
export const section: Section = {
  name: 'SBOM check (1,000 packages)',
  async run() {
    return {name: this.name, notAvailable: 'the SBOM check lands with the vetting branch; this section is filled in after it merges'};
  },
};
