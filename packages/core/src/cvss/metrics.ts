/**
 * Metric names and values of each CVSS version, from the FIRST specifications (v2 guide, v3.0,
 * v3.1, v4.0 §7). The parser validates against these before scoring, so a malformed vector is
 * refused with the metric and value at fault rather than silently scored.
 */
export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export type MetricGroup = 'base' | 'temporal' | 'threat' | 'environmental' | 'supplemental';

export interface MetricDef {
  values: readonly string[];
  group: MetricGroup;
}

const IMPACT3 = ['H', 'L', 'N'] as const;
const REQ3 = ['X', 'L', 'M', 'H'] as const;

const V3: Record<string, MetricDef> = {
  AV: { values: ['N', 'A', 'L', 'P'], group: 'base' },
  AC: { values: ['L', 'H'], group: 'base' },
  PR: { values: ['N', 'L', 'H'], group: 'base' },
  UI: { values: ['N', 'R'], group: 'base' },
  S: { values: ['U', 'C'], group: 'base' },
  C: { values: IMPACT3, group: 'base' },
  I: { values: IMPACT3, group: 'base' },
  A: { values: IMPACT3, group: 'base' },
  E: { values: ['X', 'U', 'P', 'F', 'H'], group: 'temporal' },
  RL: { values: ['X', 'O', 'T', 'W', 'U'], group: 'temporal' },
  RC: { values: ['X', 'U', 'R', 'C'], group: 'temporal' },
  CR: { values: REQ3, group: 'environmental' },
  IR: { values: REQ3, group: 'environmental' },
  AR: { values: REQ3, group: 'environmental' },
  MAV: { values: ['X', 'N', 'A', 'L', 'P'], group: 'environmental' },
  MAC: { values: ['X', 'L', 'H'], group: 'environmental' },
  MPR: { values: ['X', 'N', 'L', 'H'], group: 'environmental' },
  MUI: { values: ['X', 'N', 'R'], group: 'environmental' },
  MS: { values: ['X', 'U', 'C'], group: 'environmental' },
  MC: { values: ['X', 'N', 'L', 'H'], group: 'environmental' },
  MI: { values: ['X', 'N', 'L', 'H'], group: 'environmental' },
  MA: { values: ['X', 'N', 'L', 'H'], group: 'environmental' },
};

const IMPACT4 = ['H', 'L', 'N'] as const;
const V4: Record<string, MetricDef> = {
  AV: { values: ['N', 'A', 'L', 'P'], group: 'base' },
  AC: { values: ['L', 'H'], group: 'base' },
  AT: { values: ['N', 'P'], group: 'base' },
  PR: { values: ['N', 'L', 'H'], group: 'base' },
  UI: { values: ['N', 'P', 'A'], group: 'base' },
  VC: { values: IMPACT4, group: 'base' },
  VI: { values: IMPACT4, group: 'base' },
  VA: { values: IMPACT4, group: 'base' },
  SC: { values: IMPACT4, group: 'base' },
  SI: { values: IMPACT4, group: 'base' },
  SA: { values: IMPACT4, group: 'base' },
  E: { values: ['X', 'A', 'P', 'U'], group: 'threat' },
  CR: { values: ['X', 'H', 'M', 'L'], group: 'environmental' },
  IR: { values: ['X', 'H', 'M', 'L'], group: 'environmental' },
  AR: { values: ['X', 'H', 'M', 'L'], group: 'environmental' },
  MAV: { values: ['X', 'N', 'A', 'L', 'P'], group: 'environmental' },
  MAC: { values: ['X', 'L', 'H'], group: 'environmental' },
  MAT: { values: ['X', 'N', 'P'], group: 'environmental' },
  MPR: { values: ['X', 'N', 'L', 'H'], group: 'environmental' },
  MUI: { values: ['X', 'N', 'P', 'A'], group: 'environmental' },
  MVC: { values: ['X', 'H', 'L', 'N'], group: 'environmental' },
  MVI: { values: ['X', 'H', 'L', 'N'], group: 'environmental' },
  MVA: { values: ['X', 'H', 'L', 'N'], group: 'environmental' },
  MSC: { values: ['X', 'H', 'L', 'N'], group: 'environmental' },
  MSI: { values: ['X', 'S', 'H', 'L', 'N'], group: 'environmental' },
  MSA: { values: ['X', 'S', 'H', 'L', 'N'], group: 'environmental' },
  S: { values: ['X', 'N', 'P'], group: 'supplemental' },
  AU: { values: ['X', 'N', 'Y'], group: 'supplemental' },
  R: { values: ['X', 'A', 'U', 'I'], group: 'supplemental' },
  V: { values: ['X', 'D', 'C'], group: 'supplemental' },
  RE: { values: ['X', 'L', 'M', 'H'], group: 'supplemental' },
  U: { values: ['X', 'Clear', 'Green', 'Amber', 'Red'], group: 'supplemental' },
};

const V2: Record<string, MetricDef> = {
  AV: { values: ['L', 'A', 'N'], group: 'base' },
  AC: { values: ['H', 'M', 'L'], group: 'base' },
  Au: { values: ['M', 'S', 'N'], group: 'base' },
  C: { values: ['N', 'P', 'C'], group: 'base' },
  I: { values: ['N', 'P', 'C'], group: 'base' },
  A: { values: ['N', 'P', 'C'], group: 'base' },
  E: { values: ['U', 'POC', 'F', 'H', 'ND'], group: 'temporal' },
  RL: { values: ['OF', 'TF', 'W', 'U', 'ND'], group: 'temporal' },
  RC: { values: ['UC', 'UR', 'C', 'ND'], group: 'temporal' },
  CDP: { values: ['N', 'L', 'LM', 'MH', 'H', 'ND'], group: 'environmental' },
  TD: { values: ['N', 'L', 'M', 'H', 'ND'], group: 'environmental' },
  CR: { values: ['L', 'M', 'H', 'ND'], group: 'environmental' },
  IR: { values: ['L', 'M', 'H', 'ND'], group: 'environmental' },
  AR: { values: ['L', 'M', 'H', 'ND'], group: 'environmental' },
};

export const METRICS: Record<CvssVersion, Record<string, MetricDef>> = { '2.0': V2, '3.0': V3, '3.1': V3, '4.0': V4 };

export function baseMetrics(version: CvssVersion): string[] {
  return Object.entries(METRICS[version])
    .filter(([, def]) => def.group === 'base')
    .map(([name]) => name);
}
