import { describe, expect, it } from 'vitest';
import { evaluateAll, RuleBook } from '../../functions/rulebook/engine';
import { Inventory } from '../../functions/rulebook/inventory';
import type { S3Bucket } from '../../functions/rulebook/model/resources/s3-bucket';
import { ResourceReference } from '../../functions/rulebook/normalizers/cloudformation/reference';
import { NORMALIZERS } from '../../functions/rulebook/normalizers/index';
import { normalizeCfnResources, templateScope } from '../../functions/rulebook/normalizers/load-template';
import type { CfnResource } from '../../functions/rulebook/normalizers/normalizer';
import type { AnyRule } from '../../functions/rulebook/rule';
import s3BucketAccessLogging from '../../functions/rulebook/rules/security/s3-bucket-access-logging';

/**
 * Scanning a template must stay linear in its size (a 20,000-resource template once took most of a
 * minute). Not timed: these count the work done per resource, which a quadratic step (every resource
 * scanning all the others) multiplies by the template size.
 */

/** The resources as an array that counts how often its elements are read. */
function counted<T>(items: T[]): { items: T[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { items: proxy, reads: () => reads };
}

/** n resources of every type the rule book models, each referring to others as templates do. */
function syntheticResources(n: number): CfnResource[] {
  const types = NORMALIZERS.map((normalizer) => normalizer.resourceType);
  const resources: CfnResource[] = [];
  for (let i = 0; i < n; i++) {
    const other = new ResourceReference(`R${(i * 7 + 3) % n}`);
    resources.push({
      logicalId: `R${i}`,
      type: types[i % types.length]!,
      file: 't.yaml',
      properties: {
        VpcId: other,
        Bucket: other,
        GroupId: other,
        RouteTableId: other,
        SecurityGroups: [other],
        Tags: [{ Key: 'Name', Value: { 'Fn::Sub': other } }],
      },
    });
  }
  return resources;
}

describe('scan work grows linearly with the template', () => {
  it.each([500, 2000])('normalizing %i resources reads each a bounded number of times', (n) => {
    // Prepare
    const { items, reads } = counted(syntheticResources(n));
    // Act
    const out = normalizeCfnResources(items, templateScope('t.yaml', items));
    // Assess
    expect(out.resources.length + out.unsupported.length).toBeGreaterThan(0);
    // One pass each: the normalizer loop, and the id, type and mention indexes. A normalizer that
    // scans every resource for each resource reads about n times more.
    expect(reads()).toBeLessThanOrEqual(8 * n);
  });

  it.each([500, 2000])(
    's3-bucket-access-logging reads the logging target of each of %i buckets a bounded number of times',
    (n) => {
      // Prepare: buckets without logging, so the rule looks for a bucket that sends its logs here.
      let reads = 0;
      const buckets = Array.from({ length: n }, (_, i) => {
        const bucket = {
          type: 'AWS::S3::Bucket',
          id: `B${i}`,
          name: `bucket-${i}`,
          source: 'cloudformation',
          loggingEnabled: false,
        } as unknown as S3Bucket;
        Object.defineProperty(bucket, 'loggingTarget', {
          enumerable: true,
          get() {
            reads++;
            return undefined;
          },
        });
        return bucket;
      });
      // Act
      const results = evaluateAll(buckets, new RuleBook([s3BucketAccessLogging as AnyRule]), {
        inventory: new Inventory(buckets, { complete: true }),
      });
      // Assess
      expect(results.filter((r) => r.evaluation.status === 'fail')).toHaveLength(n);
      expect(reads).toBeLessThanOrEqual(4 * n);
    },
  );
});
