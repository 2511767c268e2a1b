/** The scanner report formats the importers read; importers/index.ts maps each to its parser. */
export const SCAN_FORMATS = [
  'trivy',
  'grype',
  'sarif',
  'semgrep',
  'bandit',
  'gitleaks',
  'npm-audit',
  'snyk',
  'nessus',
  'openvas',
  'zap',
  'dependency-check',
  'qualys',
  'nmap',
  'nuclei',
] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];
