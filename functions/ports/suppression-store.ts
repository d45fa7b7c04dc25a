import type { Suppression } from '../rulebook/suppressions';

export interface SuppressionStore {
  list(): Promise<Suppression[]>;
  put(suppression: Suppression): Promise<void>;
}
