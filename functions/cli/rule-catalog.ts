import type { RuleBook } from '../rulebook/engine';
import type { RuleReferences, SeedReference } from '../rulebook/model/finding';
import type { Pillar } from '../rulebook/model/pillar';
import type { Severity } from '../rulebook/model/severity';
import type { AnyRule } from '../rulebook/rule';

/** One rule as `rules --format json` prints it and RULES.md lists it. */
export interface RuleEntry {
  id: string;
  title: string;
  pillar: Pillar;
  severity: Severity;
  inputs: { resourceTypes: string[] } | { eventNames: string[]; eventSources?: string[] } | { cost: true };
  seed: SeedReference;
  rationale: string;
  recommendation: string;
  expectedImpact: string;
  remediation?: string;
  references: RuleReferences;
}

export function ruleEntries(rules: readonly AnyRule[]): RuleEntry[] {
  return [...rules].sort((a, b) => a.id.localeCompare(b.id)).map(ruleEntry);
}

export function catalogOf(book: RuleBook): RuleEntry[] {
  return ruleEntries(book.rules);
}

function ruleEntry(rule: AnyRule): RuleEntry {
  const a = rule.appliesTo;
  const inputs: RuleEntry['inputs'] =
    a.kind === 'resource'
      ? { resourceTypes: [...a.resourceTypes] }
      : a.kind === 'activity'
        ? { eventNames: [...a.eventNames], ...(a.eventSources ? { eventSources: [...a.eventSources] } : {}) }
        : { cost: true };
  return {
    id: rule.id,
    title: rule.title,
    pillar: rule.pillar,
    severity: rule.severity,
    inputs,
    seed: { ...rule.source },
    rationale: rule.rationale,
    recommendation: rule.recommendation,
    expectedImpact: rule.expectedImpact,
    ...(rule.remediation ? { remediation: rule.remediation } : {}),
    references: { ...(rule.references ?? {}) },
  };
}

/** `resource: AWS::S3::Bucket`, `event: StopLogging, DeleteTrail`, `cost anomaly`. */
export function inputsText(entry: RuleEntry): string {
  const i = entry.inputs;
  if ('resourceTypes' in i) return `resource: ${i.resourceTypes.join(', ')}`;
  if ('eventNames' in i) return `event: ${i.eventNames.join(', ')}`;
  return 'cost anomaly';
}

export function referencesText(entry: RuleEntry): string {
  const parts = [
    ...(entry.references.securityHub ?? []).map((id) => `Security Hub ${id}`),
    ...(entry.references.configRules ?? []).map((id) => `Config ${id}`),
  ];
  return parts.join(', ');
}
