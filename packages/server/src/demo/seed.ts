import type { AlertCreate, AlertStatus, VulnerabilityCreate } from '@secai/core';
import { type Services, systemContext } from '../services/index.js';
import { ALERT_TYPES, ASSET_TYPES, DETECTIONS, ROLES, SITES, VULNERABILITIES } from './catalog.js';

export const DEMO_USERS = [
  { username: 'alice', password: 'demo-analyst-pass', role: 'analyst', display_name: 'Alice Analyst' },
  { username: 'victor', password: 'demo-viewer-pass', role: 'viewer', display_name: 'Victor Viewer' },
] as const;

/** mulberry32: a tiny seeded generator, so every demo database looks the same. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;

/**
 * Loads the demo estate once: 60+ assets in groups, alerts in every status, vulnerabilities on
 * them, and two extra users. A database that already has assets is left alone.
 */
export async function seedDemo(
  services: Services,
): Promise<{ seeded: boolean; users: { username: string; password: string; role: string }[] }> {
  const users = DEMO_USERS.map(({ username, password, role }) => ({ username, password, role }));
  const existing = await services.assets.list({ limit: 1, sort: { field: 'created_at', direction: 'desc' } });
  if (existing.data.length > 0) return { seeded: false, users };

  const ctx = systemContext;
  const rand = random(20261125);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const now = Date.now();

  for (const t of ASSET_TYPES) await services.assetTypes.create(ctx, t);
  for (const t of ALERT_TYPES) await services.alertTypes.create(ctx, t);
  const analystIds: string[] = [];
  for (const u of DEMO_USERS) {
    const user = await services.users.create(ctx, {
      username: u.username,
      password: u.password,
      roles: [u.role],
      display_name: u.display_name,
    });
    if (u.role === 'analyst') analystIds.push(user.id);
  }

  const items = SITES.flatMap((site, s) =>
    ROLES.flatMap((role, r) => {
      const count = role.prefix === 'ws' ? 5 : role.prefix === 'mac' ? 3 : 2;
      return Array.from({ length: count }, (_, i) => ({
        external_id: `cmdb-${site}-${role.prefix}-${String(i + 1).padStart(2, '0')}`,
        hostname: `${role.prefix}-${String(i + 1).padStart(2, '0')}.${site}.corp.example`,
        ip_addresses: [`10.${10 + s}.${r + 1}.${10 + i}`, ...(role.exposure === 'internet' ? [`203.0.113.${s * 40 + r * 4 + i + 1}`] : [])],
        os: role.os,
        asset_type: role.type,
        owner: role.owner,
        criticality: role.criticality,
        exposure: role.exposure,
        business_value: role.criticality === 'critical' ? 90 : role.criticality === 'high' ? 70 : 40,
        tags: [...role.tags, `site:${site}`],
      }));
    }),
  );
  await services.assets.bulkUpsert(ctx, items);
  const assets = (await services.assets.list({ limit: 1000, sort: { field: 'created_at', direction: 'asc' } })).data;
  const byRole = (prefix: string) => assets.filter((a) => a.hostname?.startsWith(`${prefix}-`));

  await services.assetGroups.create(ctx, {
    name: 'Internet-facing',
    description: 'Everything reachable from the internet',
    filter: { exposure: 'internet' },
  });
  await services.assetGroups.create(ctx, { name: 'Crown jewels', description: 'Critical systems', filter: { criticality: ['critical'] } });
  await services.assetGroups.create(ctx, {
    name: 'PCI scope',
    description: 'Cardholder data environment',
    asset_ids: byRole('db').map((a) => a.id),
  });
  for (const site of SITES) {
    await services.assetGroups.create(ctx, { name: `Site ${site.toUpperCase()}`, filter: { tag: [`site:${site}`] } });
  }

  const alerts: AlertCreate[] = [];
  for (let i = 0; i < 140; i++) {
    const d = pick(DETECTIONS);
    const asset = pick(byRole(pick(d.roles)));
    const lastSeen = new Date(now - Math.floor(rand() * 14 * 24) * HOUR - Math.floor(rand() * HOUR));
    alerts.push({
      title: d.title,
      severity: d.severity,
      source: d.source,
      rule: d.rule,
      alert_type: d.type,
      asset_id: asset.id,
      technique_ids: [...d.techniques],
      tags: asset.tags.filter((t) => t.startsWith('site:')),
      events: [{ '@timestamp': lastSeen.toISOString(), 'host.name': asset.hostname, 'event.dataset': d.source, 'rule.name': d.rule }],
      first_seen_at: new Date(lastSeen.getTime() - Math.floor(rand() * 6) * HOUR).toISOString(),
      last_seen_at: lastSeen.toISOString(),
    });
  }
  const created = await services.alerts.createMany(ctx, alerts);
  // As if each alert had arrived when first seen, so that newest first means something.
  const { db, repos } = services.deps;
  for (const alert of created)
    await repos.alerts.update(db, alert.id, { created_at: alert.first_seen_at, updated_at: alert.first_seen_at });
  // Walk some alerts through the workflow so every status is represented.
  const paths: AlertStatus[][] = [
    [],
    ['acknowledged'],
    ['investigating'],
    ['acknowledged', 'investigating', 'resolved'],
    ['false_positive'],
    ['resolved'],
  ];
  for (const [i, alert] of created.entries()) {
    const steps = paths[i % paths.length] ?? [];
    for (const status of steps) {
      await services.alerts.update(ctx, alert.id, {
        status,
        ...(status !== 'new' && analystIds[0] && { assignee_id: analystIds[0] }),
        ...(status === 'resolved' && { comment: 'Contained and remediated; see the incident ticket.' }),
        ...(status === 'false_positive' && { comment: 'Expected behaviour of the backup agent.' }),
      });
    }
  }

  const statuses: VulnerabilityCreate['status'][] = [
    'open',
    'open',
    'open',
    'triaged',
    'in_progress',
    'fixed',
    'false_positive',
    'risk_accepted',
  ];
  let n = 0;
  for (const v of VULNERABILITIES) {
    for (const prefix of v.roles) {
      for (const asset of byRole(prefix)) {
        const status = statuses[n++ % statuses.length] ?? 'open';
        const firstSeen = new Date(now - Math.floor(rand() * 90) * 24 * HOUR);
        await services.vulnerabilities.create(ctx, {
          asset_id: asset.id,
          title: v.title,
          cve_ids: [v.cve],
          cwe_ids: [v.cwe],
          cvss_vector: v.vector,
          cvss_score: v.score,
          severity: v.severity,
          status,
          component: v.component,
          version: v.version,
          fix_version: v.fix,
          scanner: asset.asset_type === 'workstation' ? 'nessus' : 'trivy',
          fingerprint: `${v.cve}:${asset.id}:${v.component}`,
          first_seen_at: firstSeen.toISOString(),
          last_seen_at: new Date(now - Math.floor(rand() * 48) * HOUR).toISOString(),
          ...(status === 'risk_accepted' && { risk_accepted_until: new Date(now + 60 * 24 * HOUR).toISOString() }),
        });
      }
    }
  }
  return { seeded: true, users };
}
