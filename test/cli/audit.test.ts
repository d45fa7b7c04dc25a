import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../functions/adapters/local/file-store';
import { cli, json, scratch } from './support';

describe('compliance-bot audit (registered in main.ts, local state folder)', () => {
  it('reads the audit log that npm start keeps in --state', async () => {
    const dir = scratch({});
    const state = join(dir, 'state');
    const store = FileStore.open(state);
    const at = new Date(Date.now() - 3_600_000).toISOString();
    await store.audit.append({
      at,
      actor: 'slack:U012AB3CDE (sam.rivera)',
      action: 'approved',
      findingId: 'f1',
      approvalId: 'apr_1',
      remediationId: 'ec2-revoke-world-open-ingress',
    });
    store.flush();
    const out = await cli(['audit', '--state', state, '--format', 'json']);
    expect(out.code, out.stderr).toBe(0);
    expect(json<{ records: Array<{ action: string; actor: string }> }>(out.stdout).records).toEqual([
      expect.objectContaining({ action: 'approved', actor: 'slack:U012AB3CDE (sam.rivera)' }),
    ]);
  });

  it('exits 2 with one line when the folder holds no local state', async () => {
    const out = await cli(['audit', '--state', join(scratch({}), 'nothing-here')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^compliance-bot: audit: .*no local state here/);
  });
});
