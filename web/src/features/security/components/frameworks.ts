/** Short names of the compliance frameworks the catalog maps (server/security/frameworks/). */
export const FRAMEWORK_NAMES: Record<string, string> = {
  'cis-aws-3.0': 'CIS AWS 3.0',
  'cis-azure-3.0': 'CIS Azure 3.0',
  'cis-gcp-3.0': 'CIS GCP 3.0',
  'aws-fsbp': 'AWS FSBP',
  'nist-800-53-r5': 'NIST 800-53 r5',
  soc2: 'SOC 2',
  'pci-dss-4.0': 'PCI DSS 4.0',
  'iso-27001-2022': 'ISO 27001:2022',
};
