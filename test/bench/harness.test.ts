import { describe, expect, it } from 'vitest';
import { benchTemplates, configItemSeeds, generateItem, goals } from '../../bench/rulebook.bench';
import { benchFiles, meets, mergeFigures } from '../../bench/run';
import { supportedResourceTypes } from '../../functions/rulebook/normalizers/load';

describe('bench harness', () => {
  it('discovers every bench/*.bench.ts module, optionally filtered by name', () => {
    expect(benchFiles()).toContain('rulebook.bench.ts');
    expect(benchFiles(['rulebook'])).toEqual(['rulebook.bench.ts']);
    expect(benchFiles(['no-such-bench'])).toEqual([]);
  });

  it('merges new figures over the old ones and keeps keys written by other modules', () => {
    expect(mergeFigures({ otherModuleFigure: 7, itemsPerSecond: 1 }, { itemsPerSecond: 2, a: 3 })).toEqual({
      a: 3,
      itemsPerSecond: 2,
      otherModuleFigure: 7,
    });
  });

  it('judges figures against their goals', () => {
    expect(meets(0.4, goals.evalVsParseRatio!)).toBe(true);
    expect(meets(0.6, goals.evalVsParseRatio!)).toBe(false);
    expect(meets(25, goals.scanVsCdkNagSpeedup!)).toBe(true);
  });

  it('holds the rule book bundled as the Lambdas run it to the same goals as under tsx', () => {
    expect(goals.evalVsParseRatioBundled).toEqual(goals.evalVsParseRatio);
    expect(goals.itemsPerSecondBundled).toEqual(goals.itemsPerSecond);
  });
});

describe('rulebook bench inputs', () => {
  it('takes a Config item of every supported type that has an EventBridge fixture', () => {
    const types = new Set(configItemSeeds().map((item) => item.resourceType));
    expect([...types].every((t) => supportedResourceTypes().includes(t as string))).toBe(true);
    expect(types).toContain('AWS::S3::Bucket');
  });

  it('generates items with distinct identities and varied settings', () => {
    const seeds = configItemSeeds();
    const s3 = seeds.findIndex((seed) => seed.resourceType === 'AWS::S3::Bucket');
    const a = generateItem(seeds, s3);
    const b = generateItem(seeds, s3 + seeds.length);
    expect(a.resourceType).toBe('AWS::S3::Bucket');
    expect(b.resourceType).toBe('AWS::S3::Bucket');
    expect(a.resourceId).not.toBe(b.resourceId);
    expect(JSON.stringify(a.supplementaryConfiguration)).not.toBe(
      JSON.stringify(b.supplementaryConfiguration),
    );
  });

  it('finds the CLI fixture templates and skips snapshots and events', () => {
    const names = benchTemplates().map((f) => f.split('/test/fixtures/')[1]);
    expect(names).toEqual(
      expect.arrayContaining([
        'cli/insecure-bucket.yaml',
        'cli/secure-bucket.json',
        'cli/sample-cdk-out/AppStack.template.json',
      ]),
    );
    expect(names.some((n) => n?.includes('snapshot') || n?.startsWith('events/'))).toBe(false);
  });
});
