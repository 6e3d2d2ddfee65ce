// Windows NT version + build → release names and NVD CPE 2.3 candidates. NTLMSSP's VERSION field
// (MS-NLMP §2.2.2.10) and SNMP sysDescr ("Windows Version 6.3 (Build 17763 ...)") both give major.minor.build;
// client and server editions share builds, so both candidates are returned and the caller keeps both.
// Builds from Microsoft's release-information pages.

export interface WindowsRelease {
  names: string[];
  cpes: string[];
}

const MS = 'cpe:2.3:o:microsoft';
const any = (product: string, version = '-', update = '*') => `${MS}:${product}:${version}:${update}:*:*:*:*:*:*`;

// NT 10 builds: [build, client CPE product, server CPE product or null, display names]
const NT10: [number, string | null, string | null, string[]][] = [
  [10240, 'windows_10_1507', null, ['Windows 10 1507']],
  [10586, 'windows_10_1511', null, ['Windows 10 1511']],
  [14393, 'windows_10_1607', 'windows_server_2016', ['Windows 10 1607', 'Windows Server 2016']],
  [15063, 'windows_10_1703', null, ['Windows 10 1703']],
  [16299, 'windows_10_1709', 'windows_server_2016', ['Windows 10 1709', 'Windows Server 1709']],
  [17134, 'windows_10_1803', 'windows_server_2016', ['Windows 10 1803', 'Windows Server 1803']],
  [17763, 'windows_10_1809', 'windows_server_2019', ['Windows 10 1809', 'Windows Server 2019']],
  [18362, 'windows_10_1903', null, ['Windows 10 1903']],
  [18363, 'windows_10_1909', null, ['Windows 10 1909']],
  [19041, 'windows_10_2004', null, ['Windows 10 2004']],
  [19042, 'windows_10_20h2', null, ['Windows 10 20H2']],
  [19043, 'windows_10_21h1', null, ['Windows 10 21H1']],
  [19044, 'windows_10_21h2', null, ['Windows 10 21H2']],
  [19045, 'windows_10_22h2', null, ['Windows 10 22H2']],
  [20348, null, 'windows_server_2022', ['Windows Server 2022']],
  [22000, 'windows_11_21h2', null, ['Windows 11 21H2']],
  [22621, 'windows_11_22h2', null, ['Windows 11 22H2']],
  [22631, 'windows_11_23h2', null, ['Windows 11 23H2']],
  [25398, null, 'windows_server_2022_23h2', ['Windows Server 23H2']],
  [26100, 'windows_11_24h2', 'windows_server_2025', ['Windows 11 24H2', 'Windows Server 2025']],
];

export function windowsRelease(major: number, minor: number, build: number): WindowsRelease | null {
  // Windows 10 and later still say "6.3" in some places (SNMP sysDescr, GetVersion without a manifest);
  // the build number does not lie.
  const v = major === 6 && minor === 3 && build >= 10240 ? '10.0' : `${major}.${minor}`;
  if (v === '5.0') return { names: ['Windows 2000'], cpes: [any('windows_2000')] };
  if (v === '5.1') return { names: ['Windows XP'], cpes: [any('windows_xp')] };
  if (v === '5.2') return { names: ['Windows Server 2003', 'Windows XP x64'], cpes: [any('windows_server_2003')] };
  if (v === '6.0') {
    const sp = build >= 6002 ? 'sp2' : build >= 6001 ? 'sp1' : '-';
    return { names: ['Windows Vista', 'Windows Server 2008'], cpes: [any('windows_vista', '-', sp), any('windows_server_2008', '-', sp)] };
  }
  if (v === '6.1') {
    const sp = build >= 7601 ? 'sp1' : '-';
    return { names: ['Windows 7', 'Windows Server 2008 R2'], cpes: [any('windows_7', '-', sp), any('windows_server_2008', 'r2', sp)] };
  }
  if (v === '6.2') return { names: ['Windows 8', 'Windows Server 2012'], cpes: [any('windows_8'), any('windows_server_2012')] };
  if (v === '6.3') return { names: ['Windows 8.1', 'Windows Server 2012 R2'], cpes: [any('windows_8.1'), any('windows_server_2012', 'r2')] };
  if (v === '10.0') {
    const row = NT10.find((r) => r[0] === build);
    if (!row) return { names: [`Windows 10.0 build ${build}`], cpes: [] };
    const ver = `10.0.${build}`;
    return { names: row[3], cpes: [row[1], row[2]].filter((x): x is string => !!x).map((p) => any(p, ver)) };
  }
  return null;
}
