import type { SecurityGroupRule } from '../model/resources/ec2-security-group';
import { type Maybe, Unknown } from '../model/unknown';

/**
 * Port facts for security-group rules. Admin ports: SSH and RDP (Security Hub EC2.13/EC2.53/EC2.54).
 * Database and data-store ports follow the high-risk list of Security Hub EC2.19 / the
 * RESTRICTED_INCOMING_TRAFFIC managed rule, plus the common engines' defaults.
 */
export const ADMIN_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [3389, 'RDP'],
]);

export const DATABASE_PORTS: ReadonlyMap<number, string> = new Map([
  [1433, 'SQL Server'],
  [1434, 'SQL Server browser'],
  [1521, 'Oracle'],
  [3306, 'MySQL/Aurora'],
  [5432, 'PostgreSQL'],
  [5439, 'Redshift'],
  [6379, 'Redis'],
  [9042, 'Cassandra'],
  [9200, 'Elasticsearch/OpenSearch'],
  [9300, 'Elasticsearch/OpenSearch transport'],
  [11211, 'Memcached'],
  [27017, 'MongoDB'],
  [27018, 'MongoDB'],
]);

/** Other remote-access and management ports on the EC2.19 high-risk list. */
export const OTHER_HIGH_RISK_PORTS: ReadonlyMap<number, string> = new Map([
  [20, 'FTP data'],
  [21, 'FTP'],
  [23, 'Telnet'],
  [25, 'SMTP'],
  [110, 'POP3'],
  [135, 'RPC'],
  [143, 'IMAP'],
  [445, 'SMB'],
  [3000, 'development servers'],
  [4333, 'mSQL'],
  [5000, 'development servers'],
  [5500, 'VNC'],
  [5601, 'Kibana'],
  [8080, 'HTTP alternate'],
  [8088, 'HTTP alternate'],
  [8888, 'HTTP alternate'],
]);

/** `0.0.0.0/0` or `::/0` (any prefix length 0). */
export function isWorld(cidr: string): boolean {
  return cidr.endsWith('/0');
}

/** Protocols whose rules are about ports (`-1` = every protocol and port). */
export function isPortProtocol(protocol: string): boolean {
  return protocol === '-1' || protocol === 'tcp' || protocol === 'udp';
}

export interface PortRange {
  from: number;
  to: number;
}

/** The port range a rule opens; Unknown when a port is hidden. */
export function rangeOf(rule: SecurityGroupRule): Maybe<PortRange> {
  if (rule.protocol === '-1') return { from: 0, to: 65535 };
  if (rule.fromPort instanceof Unknown) return rule.fromPort;
  if (rule.toPort instanceof Unknown) return rule.toPort;
  const from = rule.fromPort === undefined || rule.fromPort < 0 ? 0 : rule.fromPort;
  const to = rule.toPort === undefined || rule.toPort < 0 ? 65535 : rule.toPort;
  return { from, to };
}

export function isAllPorts(range: PortRange): boolean {
  return range.from <= 0 && range.to >= 65535;
}

/** Named sensitive ports inside the range, e.g. `["22 (SSH)"]`. */
export function sensitivePortsIn(range: PortRange, ports: ReadonlyMap<number, string>): string[] {
  const out: string[] = [];
  // Keys, not [port, label] entries: no entry array per port (this runs for every world-open rule).
  for (const port of ports.keys())
    if (port >= range.from && port <= range.to) out.push(`${port} (${ports.get(port)})`);
  return out;
}

/** True when every port of the range is in the allowed list. */
export function withinAllowed(range: PortRange, allowed: readonly number[]): boolean {
  if (range.to - range.from > allowed.length) return false;
  for (let port = range.from; port <= range.to; port++) if (!allowed.includes(port)) return false;
  return true;
}
