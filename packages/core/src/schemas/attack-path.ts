import { z } from 'zod';
import { Id, Severity, Timestamp } from './common.js';

export const PathNode = z.object({
  id: Id,
  path_id: Id,
  asset_id: Id.nullable(),
  label: z.string(),
  kind: z.enum(['entry', 'asset', 'identity', 'service', 'data', 'target']),
  position: z.number().int().min(0),
});
export type PathNode = z.infer<typeof PathNode>;

export const PathEdge = z.object({
  id: Id,
  path_id: Id,
  from_node_id: Id,
  to_node_id: Id,
  /** How an attacker moves: an ATT&CK technique id or a vulnerability reference. */
  technique: z.string().nullable(),
  vulnerability_id: Id.nullable(),
  weight: z.number().min(0),
});
export type PathEdge = z.infer<typeof PathEdge>;

export const AttackPath = z.object({
  id: Id,
  name: z.string(),
  severity: Severity,
  score: z.number().min(0),
  nodes: z.array(PathNode),
  edges: z.array(PathEdge),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type AttackPath = z.infer<typeof AttackPath>;
