import type { Location, Log, Notification, ReportingDescriptor, Result } from 'sarif';
import packageJson from '../../../package.json';
import type { Finding } from '../../rulebook/model/finding';
import { PILLAR_TITLES } from '../../rulebook/model/pillar';
import type { Severity } from '../../rulebook/model/severity';
import type { AnyRule } from '../../rulebook/rule';
import type { Report } from '../report';
import { assumedDefaultsList, conditionNote, defaultsNote, type FormatContext, transformNote } from './index';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning ranks security alerts by this 0-10 score (`security-severity`). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

/**
 * SARIF 2.1.0: one run, every rule of the rule book as a reporting descriptor, one result per
 * finding located at the template file and line (physical) and the logical id (logical).
 */
export function renderSarif(report: Report, ctx: FormatContext): string {
  const rules = [...ctx.book.rules].sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const notifications: Notification[] = report.summary.transformed.map((t) => ({
    level: 'warning' as const,
    message: { text: transformNote(t) },
  }));
  if (report.summary.parameterDefaults.length > 0) {
    notifications.push({
      level: 'note',
      message: {
        text: `Parameter defaults used, as no --parameter set them (a deploy can set others): ${assumedDefaultsList(report.summary.parameterDefaults).join('; ')}`,
      },
    });
  }
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'compliance-bot',
            semanticVersion: packageJson.version,
            rules: rules.map(descriptor),
          },
        },
        results: [
          ...report.findings.map((finding) =>
            result(finding, index.get(finding.ruleId), report.origins.get(finding.id)),
          ),
          // A finding accepted in the template stays visible, as suppressed (code scanning closes it).
          ...report.suppressed.map((finding) =>
            Object.assign(result(finding, index.get(finding.ruleId), report.origins.get(finding.id)), {
              suppressions: [{ kind: 'inSource' as const, justification: finding.suppression.reason }],
            }),
          ),
        ],
        ...(notifications.length > 0
          ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }] }
          : {}),
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function descriptor(rule: AnyRule): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_, __, ch: string) => ch.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: `${rule.recommendation}\nExpected impact: ${rule.expectedImpact}`,
      markdown: `${rule.recommendation}\n\n**Expected impact:** ${rule.expectedImpact}\n\nSource: seed ${rule.source.seed}, ${rule.source.section}.`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      pillar: rule.pillar,
      severity: rule.severity,
      tags: ['well-architected', rule.pillar, PILLAR_TITLES[rule.pillar]],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      ...(rule.remediation ? { remediation: rule.remediation } : {}),
    },
  };
}

/**
 * A resource the template creates only if a parameter-dependent Condition holds says so in the
 * message (what code scanning shows) and as `properties.condition` (for tools that filter on it);
 * so does a result that depends on parameter defaults, with `properties.parameterDefaults`
 * (parameter -> default, `****` for a NoEcho one).
 */
function result(finding: Finding, ruleIndex: number | undefined, origin: string | undefined): Result {
  const condition = finding.resource.location?.condition;
  const defaults = finding.parameterDefaults;
  const notes = [conditionNote(finding), defaultsNote(defaults)].filter(Boolean).map((n) => `, ${n}`);
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: LEVEL[finding.severity],
    message: {
      text: `${finding.message} (${finding.resource.type} ${finding.resource.id}${notes.join('')})`,
    },
    locations: [location(finding, origin)],
    partialFingerprints: { 'complianceBotFindingId/v1': finding.id },
    properties: {
      pillar: finding.pillar,
      severity: finding.severity,
      resourceType: finding.resource.type,
      source: finding.source,
      ...(condition ? { condition } : {}),
      ...(defaults
        ? { parameterDefaults: Object.fromEntries(defaults.map((d) => [d.parameter, d.value ?? '****'])) }
        : {}),
    },
  };
}

/**
 * Template findings point at the file and line of the logical id. Snapshot and event findings point
 * at the input file (GitHub code scanning needs a file) and name the resource by ARN or id.
 */
function location(finding: Finding, origin: string | undefined): Location {
  const r = finding.resource;
  const logical = {
    name: r.id,
    fullyQualifiedName: r.arn ?? (r.location ? `${r.location.file}#${r.id}` : `${r.type}/${r.id}`),
    kind: 'resource',
  };
  if (!r.location) {
    return origin
      ? { physicalLocation: { artifactLocation: { uri: encodeURI(origin) } }, logicalLocations: [logical] }
      : { logicalLocations: [logical] };
  }
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(r.location.file) },
      ...(r.location.line ? { region: { startLine: r.location.line } } : {}),
    },
    logicalLocations: [logical],
  };
}
