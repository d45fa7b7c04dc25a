import { describe, expect, it, vi } from 'vitest';
import { parseTemplate } from '../../functions/rulebook/normalizers/cloudformation/parse-template';

const yamlOptions = vi.hoisted(() => [] as Array<Record<string, unknown>>);

vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>();
  return {
    ...yaml,
    parseDocument: (text: string, options: Record<string, unknown>) => {
      yamlOptions.push(options);
      return yaml.parseDocument(text, options as Parameters<typeof yaml.parseDocument>[1]);
    },
  };
});

describe('YAML duplicate keys', () => {
  it("are found without the parser's uniqueKeys check, which compares every key pair (quadratic)", () => {
    // Prepare: not timed (timing belongs in benchmarks); the quadratic check is the parser option.
    const keys = Array.from({ length: 500 }, (_, i) => `  R${i}:\n    Type: AWS::S3::Bucket`);
    const clean = `Resources:\n${keys.join('\n')}\n`;
    // Act
    const template = parseTemplate(clean, 't.yaml');
    // Assess
    expect(Object.keys(template.Resources)).toHaveLength(500);
    expect(yamlOptions.at(-1)).toMatchObject({ uniqueKeys: false });
    expect(() => parseTemplate(`${clean}  R7:\n    Type: AWS::SNS::Topic\n`, 't.yaml')).toThrow(
      /^t\.yaml:1002: duplicate key "R7"/,
    );
  });
});
