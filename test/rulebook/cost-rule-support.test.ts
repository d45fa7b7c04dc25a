import { describe, expect, it } from 'vitest';
import { usd } from '../../functions/rulebook/cost-rule-support';

describe('usd', () => {
  it.each<[number, string]>([
    [0, '$0.00'],
    [5, '$5.00'],
    [471.63, '$471.63'],
    [1000, '$1,000.00'],
    [1234567.891, '$1,234,567.89'],
    [-58.9, '-$58.90'],
  ])('%d -> %s', (amount, text) => {
    expect(usd(amount)).toBe(text);
  });
});
