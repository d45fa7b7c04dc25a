import { parse } from 'yaml';
import { ConfigValidationError, parseRuleBookConfig, type RuleBookConfig } from '../../rulebook/config';
import { yamlParseError } from '../../shared/parse-errors';
import { InputError } from '../errors';
import { readText } from './read';

/**
 * `--config FILE`: the rule book configuration (tag policy, severity overrides, disabled rules...)
 * as YAML or JSON, validated by the core's schema. Each bad key, and each rule id not in
 * `knownRuleIds`, is named in the error.
 */
export function loadConfigFile(
  path: string,
  file: string,
  knownRuleIds: ReadonlySet<string>,
): RuleBookConfig {
  return ruleBookConfigOf(readConfigFile(path, file), file, knownRuleIds);
}

/** A YAML or JSON configuration file's content (`undefined` when empty); a syntax error names its line. */
export function readConfigFile(path: string, file: string): unknown {
  const text = readText(path, file);
  try {
    return parse(text, { prettyErrors: true });
  } catch (error) {
    const { message, line } = yamlParseError(error);
    throw new InputError(file, `not valid YAML or JSON: ${message}`, line !== undefined ? { line } : {});
  }
}

/** `body` validated as a rule book configuration; every bad key is named in the error. */
export function ruleBookConfigOf(
  body: unknown,
  file: string,
  knownRuleIds: ReadonlySet<string>,
): RuleBookConfig {
  try {
    return parseRuleBookConfig(body ?? {}, knownRuleIds);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      throw new InputError(file, `invalid configuration: ${error.issues.join('; ')}`);
    }
    throw error;
  }
}
