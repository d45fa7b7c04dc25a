/**
 * AWS Config rule verdicts ("Config Rules Compliance Change") as rule book results.
 *
 * Config already judged the resource. This module finds the rule of the book that checks the same
 * thing (its `references.configRules` names the managed rule identifier) so the finding carries
 * the book's pillar, text and remediation, and has the same id as the book's own finding on that
 * resource: a Config verdict and a bot evaluation of the same problem are one finding.
 *
 * Managed rule names are the kebab-case form of the identifier (`S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED`
 * -> `s3-bucket-level-public-access-prohibited`), possibly with a prefix or suffix added by whoever
 * deployed it: `securityhub-<name>-<hash>` (Security Hub standards), `<name>-conformance-pack-<id>`,
 * `OrgConfigRule-<name>-<id>`. Unmapped names fall back to the `config-rule-non-compliant` rule.
 */
import { findingId, RuleBook } from './engine';
import { Inventory } from './inventory';
import type { ComplianceChange } from './model/compliance-change';
import type { Finding } from './model/finding';
import type { ResourceRef } from './model/resource';
import type { AnyRule } from './rule';
import { RULES } from './rules/index';
import configRuleNonCompliant from './rules/security/config-rule-non-compliant';

export const GENERIC_CONFIG_RULE_ID = configRuleNonCompliant.id;

/** A check that passed: the store resolves the open finding with this id (same shape as the port's PassedCheck). */
export interface CompliancePassed {
  findingId: string;
  ruleId: string;
  resource: ResourceRef;
  /**
   * Config's verdict on a rule the bot checks itself (the port's `configVerdict`): it resolves only a
   * finding that is a Config verdict too; the bot's own failing check is left to its next evaluation.
   */
  configVerdict?: true;
}

export type ComplianceOutcome =
  | { kind: 'finding'; finding: Finding }
  | { kind: 'passed'; passed: CompliancePassed }
  /** INSUFFICIENT_DATA, or the matching rule is disabled in the configuration. */
  | { kind: 'ignored'; reason: string };

interface Index {
  /** kebab-case identifier -> rules claiming it, best first. */
  byName: Map<string, AnyRule[]>;
  /** Known names, longest first, for prefix/suffix matching. */
  names: string[];
}

const indexes = new WeakMap<RuleBook, Index>();

function indexOf(book: RuleBook): Index {
  let index = indexes.get(book);
  if (index) return index;
  const byName = new Map<string, AnyRule[]>();
  for (const rule of book.rules) {
    for (const identifier of rule.references?.configRules ?? []) {
      const name = kebab(identifier);
      const list = byName.get(name);
      if (list) list.push(rule);
      else byName.set(name, [rule]);
    }
  }
  index = { byName, names: [...byName.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b)) };
  indexes.set(book, index);
  return index;
}

function kebab(identifier: string): string {
  return identifier.toLowerCase().replace(/_/g, '-');
}

/**
 * Managed rules whose documented default name is not the kebab-case identifier
 * (AWS Config developer guide, managed rules list: `restricted-ssh` is INCOMING_SSH_DISABLED, ...).
 */
const DEFAULT_NAME_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['restricted-ssh', 'incoming-ssh-disabled'],
  ['restricted-common-ports', 'restricted-incoming-traffic'],
  ['cloudtrail-enabled', 'cloud-trail-enabled'],
];

/** `known` occurs in `name` as whole dash-separated words; returns its position or -1. */
function wordIndex(name: string, known: string): number {
  let at = name.indexOf(known);
  while (at >= 0) {
    const end = at + known.length;
    if ((at === 0 || name[at - 1] === '-') && (end === name.length || name[end] === '-')) return at;
    at = name.indexOf(known, at + 1);
  }
  return -1;
}

/** The managed rule identifier (kebab-case) a deployed Config rule name stands for, if the book knows it. */
export function managedRuleNameOf(configRuleName: string, book: RuleBook): string | undefined {
  const name = kebab(configRuleName);
  const { byName, names } = indexOf(book);
  if (byName.has(name)) return name;
  const candidates = [name];
  for (const [alias, identifier] of DEFAULT_NAME_ALIASES) {
    const at = wordIndex(name, alias);
    if (at >= 0) candidates.push(name.slice(0, at) + identifier + name.slice(at + alias.length));
  }
  for (const candidate of candidates) {
    if (byName.has(candidate)) return candidate;
    for (const known of names) if (wordIndex(candidate, known) >= 0) return known;
  }
  return undefined;
}

/**
 * The rule of the book behind a Config rule name: a resource rule for the same resource type
 * first, then any resource rule, then activity rules; undefined when none claims it.
 */
export function ruleForConfigRule(change: ComplianceChange, book: RuleBook): AnyRule | undefined {
  const name = managedRuleNameOf(change.configRuleName, book);
  if (!name) return undefined;
  const candidates = indexOf(book).byName.get(name) ?? [];
  const rank = (rule: AnyRule): number => {
    const applies = rule.appliesTo;
    if (applies.kind === 'resource') return applies.resourceTypes.includes(change.resourceType) ? 0 : 1;
    return 2;
  };
  return [...candidates].sort((a, b) => rank(a) - rank(b))[0];
}

/** A rule of the registry that claims the Config rule but is disabled in the configuration. */
function disabledClaimant(configRuleName: string, book: RuleBook): string | undefined {
  if (book.config.disabledRules.length === 0) return undefined;
  let disabledBook = disabledBooks.get(book);
  if (!disabledBook) {
    const disabled = new Set(book.config.disabledRules);
    disabledBook = new RuleBook(
      (Object.values(RULES) as AnyRule[]).filter((rule) => disabled.has(rule.id)),
      { ...book.config, disabledRules: [] },
    );
    disabledBooks.set(book, disabledBook);
  }
  const name = managedRuleNameOf(configRuleName, disabledBook);
  return name ? indexOf(disabledBook).byName.get(name)?.[0]?.id : undefined;
}

/** Per book: the rules its configuration disables, indexed the same way. */
const disabledBooks = new WeakMap<RuleBook, RuleBook>();

/**
 * NON_COMPLIANT -> a Finding (source `config`) with the mapped rule's metadata and the Config
 * annotation as message; COMPLIANT or NOT_APPLICABLE (e.g. the resource was deleted) -> a passed
 * check that resolves the finding (for a mapped rule, only while the open finding is Config's
 * verdict: functions/shared/verdict-source.ts); INSUFFICIENT_DATA -> ignored.
 */
export function findingFromComplianceChange(
  change: ComplianceChange,
  book: RuleBook,
  now: Date = new Date(),
): ComplianceOutcome {
  const mapped = ruleForConfigRule(change, book);
  if (!mapped) {
    const disabled = disabledClaimant(change.configRuleName, book);
    if (disabled) {
      return { kind: 'ignored', reason: `rule ${disabled} covers ${change.configRuleName} and is disabled` };
    }
  }
  const generic = book.rules.find((r) => r.id === GENERIC_CONFIG_RULE_ID);
  const rule = mapped ?? generic;
  if (!rule) {
    return { kind: 'ignored', reason: `no enabled rule covers AWS Config rule ${change.configRuleName}` };
  }
  const resource: ResourceRef = {
    type: change.resourceType,
    id: change.resourceId,
    ...(change.accountId ? { accountId: change.accountId } : {}),
    ...(change.region ? { region: change.region } : {}),
  };
  // The generic rule keys its findings per Config rule too: two custom rules on one bucket are two findings.
  const identity = mapped ? resource : { ...resource, id: `${change.resourceId}#${change.configRuleName}` };
  const id = findingId(rule.id, identity);
  const type = change.complianceType;
  if (type === 'COMPLIANT' || type === 'NOT_APPLICABLE') {
    // A mapped rule shares the finding with the bot's own check; the generic rule's ids are Config's alone.
    const passed: CompliancePassed = { findingId: id, ruleId: rule.id, resource };
    if (mapped) passed.configVerdict = true;
    return { kind: 'passed', passed };
  }
  if (type !== 'NON_COMPLIANT') {
    return { kind: 'ignored', reason: `AWS Config rule ${change.configRuleName} reports ${type}` };
  }
  // The message and evidence are Config's verdict whichever rule the finding is filed under.
  const evaluation = configRuleNonCompliant.evaluate(change, {
    config: book.config,
    inventory: Inventory.EMPTY,
    now,
  });
  const finding: Finding = {
    id,
    ruleId: rule.id,
    title: rule.title,
    pillar: rule.pillar,
    severity: book.config.severityOverrides[rule.id] ?? rule.severity,
    resource,
    message: evaluation.message,
    evidence: { ...(evaluation.evidence ?? {}), mappedFromConfigRule: mapped !== undefined },
    rationale: rule.rationale,
    recommendation: rule.recommendation,
    expectedImpact: rule.expectedImpact,
    source: 'config',
    seed: rule.source,
    references: rule.references ?? {},
    ...(rule.remediation ? { remediation: rule.remediation } : {}),
    observedAt: change.recordedAt ?? now.toISOString(),
  };
  return { kind: 'finding', finding };
}
