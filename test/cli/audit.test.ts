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

  it('shows a dry-run remediation as such: dryRun in JSON, `dry-run` in the table', async () => {
    // Prepare
    const dir = scratch({});
    const state = join(dir, 'state');
    const store = FileStore.open(state);
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const record = {
      at,
      actor: 'local:--approve all',
      action: 'remediated',
      findingId: 'f1',
      remediationId: 'ec2-revoke-world-open-ingress',
      accountId: '111122223333',
      outcome: 'ok',
    } as const;
    await store.audit.append({ ...record, dryRun: true });
    await store.audit.append({ ...record, findingId: 'f2' });
    store.flush();
    // Act
    const asJson = await cli(['audit', '--state', state, '--format', 'json']);
    const table = await cli(['audit', '--state', state]);
    // Assess
    expect(json<{ records: unknown[] }>(asJson.stdout).records).toEqual([
      expect.objectContaining({ findingId: 'f1', outcome: 'ok', dryRun: true }),
      expect.not.objectContaining({ dryRun: expect.anything() }),
    ]);
    const rows = table.stdout.split('\n');
    expect(rows.find((r) => r.includes(' f1 '))).toMatch(
      /ec2-revoke-world-open-ingress · 111122223333 · ok · dry-run$/,
    );
    expect(rows.find((r) => r.includes(' f2 '))).toMatch(
      /ec2-revoke-world-open-ingress · 111122223333 · ok$/,
    );
  });

  it('exits 2 with one line when the folder holds no local state', async () => {
    const out = await cli(['audit', '--state', join(scratch({}), 'nothing-here')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^compliance-bot: audit: .*no local state here/);
  });
});
