#!/bin/sh
# Fails a CI job while secai has open critical vulnerabilities or critical alerts. Needs two
# CI secrets: SECAI_URL and SECAI_TOKEN (a personal API token with alerts:read and vulns:read,
# from `secai tokens create ci --permission alerts:read --permission vulns:read`).
#
# Exit status: 0 when clear, 1 when something critical is open, the CLI's own code (4: auth,
# 5: server unreachable, …) when the check itself could not run.
set -u
secai=${SECAI_BIN:-secai}

vulns=$($secai vulns list --severity critical --all --columns id) || exit $?
alerts=$($secai alerts list --severity critical --all --columns id) || exit $?
n_vulns=$(printf '%s' "$vulns" | grep -c . || true)
n_alerts=$(printf '%s' "$alerts" | grep -c . || true)

echo "secai gate: $n_vulns open critical vulnerabilities, $n_alerts open critical alerts"
if [ "$n_vulns" -gt 0 ] || [ "$n_alerts" -gt 0 ]; then
  $secai vulns list --severity critical --limit 10 --columns severity,cve_ids,title,asset_id >&2
  exit 1
fi
