// Where each Windows logsource of Sigma's taxonomy is found in the event log: the channels of a
// service, and for a category the service, event ids and field names it is recorded under. Facts
// of Windows and Sysmon, written down after the reference mapping SigmaHQ keeps for its own tests
// (tests/thor.yml, Detection Rule License 1.1; see ../shared/corpus/sigma/PROVENANCE.md).

/** One way a category is recorded: a service's channels, its event ids, and field names where they differ. */
export interface WindowsSource {
  service: string;
  eventIds: readonly number[];
  /** Sigma's field name → the name this event log uses (Security 4688 says NewProcessName for Image). */
  fields?: Readonly<Record<string, string>>;
  /** Further EventData values the records must have (Sysmon 12 is a key created or deleted). */
  where?: Readonly<Record<string, string>>;
}

/** Windows services: the event log channels each stands for. */
export const WINDOWS_SERVICES: Readonly<Record<string, readonly string[]>> = {
  application: ['Application'],
  'application-experience': [
    'Microsoft-Windows-Application-Experience/Program-Telemetry',
    'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant',
  ],
  applocker: [
    'Microsoft-Windows-AppLocker/MSI and Script',
    'Microsoft-Windows-AppLocker/EXE and DLL',
    'Microsoft-Windows-AppLocker/Packaged app-Deployment',
    'Microsoft-Windows-AppLocker/Packaged app-Execution',
  ],
  'appmodel-runtime': ['Microsoft-Windows-AppModel-Runtime/Admin'],
  'appxdeployment-server': ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  'appxpackaging-om': ['Microsoft-Windows-AppxPackaging/Operational'],
  bitlocker: ['Microsoft-Windows-BitLocker/BitLocker Management'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  capi2: ['Microsoft-Windows-CAPI2/Operational'],
  'certificateservicesclient-lifecycle-system': ['Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational'],
  'codeintegrity-operational': ['Microsoft-Windows-CodeIntegrity/Operational'],
  dhcp: ['Microsoft-Windows-DHCP-Server/Operational'],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'dns-client': ['Microsoft-Windows-DNS Client Events/Operational'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'hyper-v-worker': ['Microsoft-Windows-Hyper-V-Worker'],
  'iis-configuration': ['Microsoft-IIS-Configuration/Operational'],
  'kernel-event-tracing': ['Microsoft-Windows-Kernel-EventTracing'],
  'kernel-shimengine': ['Microsoft-Windows-Kernel-ShimEngine/Operational', 'Microsoft-Windows-Kernel-ShimEngine/Diagnostic'],
  ldap: ['Microsoft-Windows-LDAP-Client/Debug'],
  'lsa-server': ['Microsoft-Windows-LSA/Operational'],
  'msexchange-management': ['MSExchange Management'],
  ntfs: ['Microsoft-Windows-Ntfs/Operational'],
  ntlm: ['Microsoft-Windows-NTLM/Operational'],
  openssh: ['OpenSSH/Operational'],
  powershell: ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'],
  'powershell-classic': ['Windows PowerShell'],
  'printservice-admin': ['Microsoft-Windows-PrintService/Admin'],
  'printservice-operational': ['Microsoft-Windows-PrintService/Operational'],
  security: ['Security'],
  'security-mitigations': ['Microsoft-Windows-Security-Mitigations/Kernel Mode', 'Microsoft-Windows-Security-Mitigations/User Mode'],
  sense: ['Microsoft-Windows-SENSE/Operational'],
  'servicebus-client': ['Microsoft-ServiceBus-Client/Admin', 'Microsoft-ServiceBus-Client/Operational'],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  'smbclient-connectivity': ['Microsoft-Windows-SmbClient/Connectivity'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  'smbserver-connectivity': ['Microsoft-Windows-SMBServer/Connectivity'],
  sysmon: ['Microsoft-Windows-Sysmon/Operational'],
  system: ['System'],
  taskscheduler: ['Microsoft-Windows-TaskScheduler/Operational'],
  'terminalservices-localsessionmanager': ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'],
  vhdmp: ['Microsoft-Windows-VHDMP/Operational'],
  windefend: ['Microsoft-Windows-Windows Defender/Operational'],
  wmi: ['Microsoft-Windows-WMI-Activity/Operational'],
  'dns-server': ['DNS Server'],
  'driver-framework': ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
  'microsoft-servicebus-client': ['Microsoft-ServiceBus-Client/Admin', 'Microsoft-ServiceBus-Client/Operational'],
};

/** Windows categories: the service, event ids and field names each is found as. */
export const WINDOWS_CATEGORIES: Readonly<Record<string, readonly WindowsSource[]>> = {
  clipboard_change: [{ service: 'sysmon', eventIds: [24] }],
  create_remote_thread: [{ service: 'sysmon', eventIds: [8] }],
  create_stream_hash: [{ service: 'sysmon', eventIds: [15] }],
  dns_query: [{ service: 'sysmon', eventIds: [22] }],
  driver_load: [{ service: 'sysmon', eventIds: [6] }],
  file_block_executable: [{ service: 'sysmon', eventIds: [27] }],
  file_block_shredding: [{ service: 'sysmon', eventIds: [28] }],
  file_change: [{ service: 'sysmon', eventIds: [2] }],
  file_delete: [{ service: 'sysmon', eventIds: [23] }],
  file_delete_detected: [{ service: 'sysmon', eventIds: [26] }],
  file_event: [{ service: 'sysmon', eventIds: [11] }],
  file_executable_detected: [{ service: 'sysmon', eventIds: [29] }],
  image_load: [{ service: 'sysmon', eventIds: [7] }],
  network_connection: [{ service: 'sysmon', eventIds: [3] }],
  pipe_created: [
    { service: 'sysmon', eventIds: [17] },
    { service: 'sysmon', eventIds: [18] },
  ],
  process_access: [{ service: 'sysmon', eventIds: [10] }],
  process_creation: [
    { service: 'sysmon', eventIds: [1] },
    { service: 'security', eventIds: [4688], fields: { Image: 'NewProcessName', ParentImage: 'ParentProcessName' } },
  ],
  process_tampering: [{ service: 'sysmon', eventIds: [25] }],
  process_termination: [{ service: 'sysmon', eventIds: [5] }],
  ps_classic_provider_start: [{ service: 'powershell-classic', eventIds: [600] }],
  ps_classic_script: [{ service: 'powershell-classic', eventIds: [800] }],
  ps_classic_start: [{ service: 'powershell-classic', eventIds: [400] }],
  ps_module: [{ service: 'powershell', eventIds: [4103] }],
  ps_script: [{ service: 'powershell', eventIds: [4104] }],
  raw_access_thread: [{ service: 'sysmon', eventIds: [9] }],
  registry_add: [{ service: 'sysmon', eventIds: [12], where: { EventType: 'CreateKey' } }],
  registry_delete: [
    { service: 'sysmon', eventIds: [12], where: { EventType: 'DeleteKey' } },
    { service: 'sysmon', eventIds: [12], where: { EventType: 'DeleteValue' } },
  ],
  registry_event: [
    { service: 'sysmon', eventIds: [12] },
    { service: 'sysmon', eventIds: [13] },
    { service: 'sysmon', eventIds: [14] },
  ],
  registry_rename: [{ service: 'sysmon', eventIds: [14] }],
  registry_set: [{ service: 'sysmon', eventIds: [13] }],
  sysmon_error: [{ service: 'sysmon', eventIds: [255] }],
  sysmon_status: [
    { service: 'sysmon', eventIds: [4] },
    { service: 'sysmon', eventIds: [16] },
  ],
  wmi_event: [
    { service: 'sysmon', eventIds: [19] },
    { service: 'sysmon', eventIds: [20] },
    { service: 'sysmon', eventIds: [21] },
  ],
};
