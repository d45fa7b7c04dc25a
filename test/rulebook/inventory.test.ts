import { describe, expect, it } from 'vitest';
import { Inventory } from '../../functions/rulebook/inventory';
import type { ResourceBase } from '../../functions/rulebook/model/resource';

describe('Inventory.ofType', () => {
  it('returns one and the same empty list for a type not in scope, so rules can cache per list', () => {
    // Prepare
    const inventory = new Inventory([{ type: 'AWS::S3::Bucket', id: 'b' } as ResourceBase]);
    // Act
    const first = inventory.ofType('AWS::EC2::Volume');
    const second = Inventory.EMPTY.ofType('AWS::S3::Bucket');
    // Assess
    expect(first).toEqual([]);
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(inventory.ofType('AWS::S3::Bucket')).toHaveLength(1);
  });
});
