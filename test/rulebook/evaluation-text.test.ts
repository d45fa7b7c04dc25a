import { describe, expect, it } from 'vitest';
import { joinList } from '../../functions/rulebook/model/evaluation';

describe('joinList', () => {
  it.each([
    { values: [] as string[], separator: ', ' },
    { values: ['App'], separator: ', ' },
    { values: ['Environment', 'App', 'CostCenter', 'SecurityClassification'], separator: ', ' },
    { values: ['tcp port 22 from 0.0.0.0/0', 'all traffic from ::/0'], separator: '; ' },
    { values: ['', 'a', ''], separator: '/' },
  ])('writes $values as Array.prototype.join does with "$separator"', ({ values, separator }) => {
    // Act
    const text = joinList(values, separator);
    // Assess
    expect(text).toBe(values.join(separator));
  });

  it('separates with ", " by default', () => {
    expect(joinList(['a', 'b'])).toBe('a, b');
  });
});
