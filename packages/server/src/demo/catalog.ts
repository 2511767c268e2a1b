// The demo data set's raw material: a fictional company's estate, written for secai. CVE and
// ATT&CK ids are real so enrichment and links behave as they would in production.

export const SITES = ['fra', 'ams', 'nyc'] as const;

export const ROLES = [
  { prefix: 'web', type: 'server', os: 'Ubuntu 22.04 LTS', owner: 'platform-team', criticality: 'high', exposure: 'internet', tags: ['prod', 'dmz', 'nginx'] },
  { prefix: 'api', type: 'server', os: 'Debian 12', owner: 'platform-team', criticality: 'high', exposure: 'internet', tags: ['prod', 'dmz', 'k8s'] },
  { prefix: 'db', type: 'database', os: 'Red Hat Enterprise Linux 9.3', owner: 'data-team', criticality: 'critical', exposure: 'internal', tags: ['prod', 'pci', 'postgresql'] },
  { prefix: 'dc', type: 'server', os: 'Windows Server 2022', owner: 'it-ops', criticality: 'critical', exposure: 'internal', tags: ['prod', 'active-directory'] },
  { prefix: 'ws', type: 'workstation', os: 'Windows 11 23H2', owner: 'it-ops', criticality: 'medium', exposure: 'internal', tags: ['corp', 'endpoint'] },
  { prefix: 'mac', type: 'workstation', os: 'macOS 14.4', owner: 'it-ops', criticality: 'medium', exposure: 'internal', tags: ['corp', 'endpoint'] },
  { prefix: 'vpn', type: 'network-device', os: 'FortiOS 7.2.6', owner: 'netsec', criticality: 'critical', exposure: 'internet', tags: ['prod', 'dmz', 'edge'] },
  { prefix: 'ci', type: 'server', os: 'Ubuntu 20.04 LTS', owner: 'devex', criticality: 'medium', exposure: 'internal', tags: ['build', 'jenkins'] },
  { prefix: 'mail', type: 'server', os: 'Windows Server 2019', owner: 'it-ops', criticality: 'high', exposure: 'internet', tags: ['prod', 'exchange'] },
] as const;

export const ASSET_TYPES = [
  { name: 'server', description: 'Physical or virtual server' },
  { name: 'workstation', description: 'Employee laptop or desktop' },
  { name: 'database', description: 'Database host or managed instance' },
  { name: 'network-device', description: 'Firewall, VPN gateway, router or switch' },
];

export const ALERT_TYPES = [
  { name: 'authentication', description: 'Brute force, password spraying, impossible travel', default_severity: 'medium' },
  { name: 'execution', description: 'Suspicious process or script execution', default_severity: 'high' },
  { name: 'exfiltration', description: 'Unusual outbound data transfer', default_severity: 'high' },
  { name: 'exploitation', description: 'Exploit attempt against an exposed service', default_severity: 'critical' },
  { name: 'malware', description: 'Known malware or ransomware behaviour', default_severity: 'critical' },
] as const;

export const DETECTIONS = [
  { title: 'Multiple failed SSH logins followed by success', type: 'authentication', severity: 'high', rule: 'sshd_bruteforce_success', source: 'sshd', techniques: ['T1110.001', 'T1078'], roles: ['web', 'api', 'ci'] },
  { title: 'Password spraying against Active Directory', type: 'authentication', severity: 'high', rule: 'win_password_spray_4625', source: 'windows-security', techniques: ['T1110.003'], roles: ['dc'] },
  { title: 'Encoded PowerShell command line', type: 'execution', severity: 'high', rule: 'proc_creation_win_powershell_encoded', source: 'sysmon', techniques: ['T1059.001', 'T1027'], roles: ['ws', 'dc'] },
  { title: 'LSASS memory access by unusual process', type: 'execution', severity: 'critical', rule: 'proc_access_win_lsass_dump', source: 'sysmon', techniques: ['T1003.001'], roles: ['ws', 'dc'] },
  { title: 'Scheduled task created for persistence', type: 'execution', severity: 'medium', rule: 'win_schtasks_creation', source: 'sysmon', techniques: ['T1053.005'], roles: ['ws'] },
  { title: 'Log4Shell JNDI lookup in HTTP request', type: 'exploitation', severity: 'critical', rule: 'web_log4shell_jndi', source: 'nginx', techniques: ['T1190'], roles: ['web', 'api'] },
  { title: 'FortiOS SSL-VPN exploit attempt', type: 'exploitation', severity: 'critical', rule: 'fortinet_sslvpn_heap_overflow', source: 'fortigate', techniques: ['T1190', 'T1133'], roles: ['vpn'] },
  { title: 'Large outbound transfer to rare destination', type: 'exfiltration', severity: 'high', rule: 'net_large_upload_rare_dest', source: 'zeek', techniques: ['T1048', 'T1567.002'], roles: ['db', 'ci'] },
  { title: 'Mass file renames with ransomware extension', type: 'malware', severity: 'critical', rule: 'file_ransomware_extension', source: 'edr', techniques: ['T1486'], roles: ['ws', 'mac'] },
  { title: 'Office application spawned a shell', type: 'execution', severity: 'high', rule: 'proc_creation_win_office_shell', source: 'sysmon', techniques: ['T1566.001', 'T1204.002'], roles: ['ws'] },
  { title: 'Sudo to root from a web service account', type: 'execution', severity: 'medium', rule: 'lnx_sudo_from_www_data', source: 'auditd', techniques: ['T1548.003'], roles: ['web'] },
  { title: 'Inbox rule forwarding mail externally', type: 'exfiltration', severity: 'medium', rule: 'exchange_inbox_forward_external', source: 'exchange', techniques: ['T1114.003'], roles: ['mail'] },
] as const;

export const VULNERABILITIES = [
  { cve: 'CVE-2021-44228', cwe: 'CWE-502', title: 'Apache Log4j2 JNDI remote code execution (Log4Shell)', component: 'org.apache.logging.log4j:log4j-core', version: '2.14.1', fix: '2.17.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10.0, severity: 'critical', roles: ['api', 'ci'] },
  { cve: 'CVE-2024-6387', cwe: 'CWE-364', title: 'OpenSSH signal handler race condition (regreSSHion)', component: 'openssh-server', version: '1:8.9p1-3ubuntu0.6', fix: '1:8.9p1-3ubuntu0.10', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 8.1, severity: 'high', roles: ['web', 'api', 'ci'] },
  { cve: 'CVE-2024-21762', cwe: 'CWE-787', title: 'FortiOS SSL-VPN out-of-bounds write', component: 'FortiOS', version: '7.2.6', fix: '7.2.7', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8, severity: 'critical', roles: ['vpn'] },
  { cve: 'CVE-2023-44487', cwe: 'CWE-400', title: 'HTTP/2 Rapid Reset denial of service', component: 'nginx', version: '1.18.0', fix: '1.25.3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 7.5, severity: 'high', roles: ['web'] },
  { cve: 'CVE-2023-23397', cwe: 'CWE-294', title: 'Microsoft Outlook elevation of privilege (NTLM relay)', component: 'Microsoft Outlook', version: '16.0.15601', fix: '16.0.16130', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8, severity: 'critical', roles: ['ws'] },
  { cve: 'CVE-2021-34527', cwe: 'CWE-269', title: 'Windows Print Spooler remote code execution (PrintNightmare)', component: 'Windows Print Spooler', version: '10.0.17763', fix: 'KB5004945', vector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', score: 8.8, severity: 'high', roles: ['dc', 'mail'] },
  { cve: 'CVE-2022-41040', cwe: 'CWE-918', title: 'Microsoft Exchange server-side request forgery (ProxyNotShell)', component: 'Microsoft Exchange Server 2019', version: 'CU12', fix: 'CU12 Nov22SU', vector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', score: 8.8, severity: 'high', roles: ['mail'] },
  { cve: 'CVE-2023-38545', cwe: 'CWE-787', title: 'curl SOCKS5 heap buffer overflow', component: 'curl', version: '7.81.0', fix: '8.4.0', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8, severity: 'critical', roles: ['ci', 'api'] },
  { cve: 'CVE-2024-3094', cwe: 'CWE-506', title: 'xz-utils backdoor in liblzma', component: 'xz-utils', version: '5.6.0', fix: '5.6.2', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10.0, severity: 'critical', roles: ['ci'] },
  { cve: 'CVE-2023-4863', cwe: 'CWE-787', title: 'libwebp heap buffer overflow', component: 'Google Chrome', version: '116.0.5845.187', fix: '116.0.5845.188', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', score: 8.8, severity: 'high', roles: ['ws', 'mac'] },
  { cve: 'CVE-2023-2650', cwe: 'CWE-770', title: 'OpenSSL ASN.1 object identifier processing slowdown', component: 'openssl', version: '3.0.2', fix: '3.0.9', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 6.5, severity: 'medium', roles: ['db', 'web'] },
  { cve: 'CVE-2023-5868', cwe: 'CWE-686', title: 'PostgreSQL memory disclosure in aggregate function calls', component: 'postgresql', version: '15.4', fix: '15.5', vector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N', score: 4.3, severity: 'medium', roles: ['db'] },
  { cve: 'CVE-2022-37434', cwe: 'CWE-787', title: 'zlib inflate heap buffer over-read', component: 'zlib', version: '1.2.11', fix: '1.2.13', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8, severity: 'critical', roles: ['mac'] },
  { cve: 'CVE-2023-48795', cwe: 'CWE-354', title: 'SSH Terrapin prefix truncation attack', component: 'openssh-server', version: '8.9p1', fix: '9.6p1', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N', score: 5.9, severity: 'medium', roles: ['web', 'api', 'db'] },
] as const;
