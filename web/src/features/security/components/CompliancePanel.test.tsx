import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute, signedIn } from '@/test/render';
import { mockApi, ok } from '@/test/mockApi';
import { CompliancePanel } from './CompliancePanel';

const REPORT = {
  framework: { id: 'cis-aws-3.0', name: 'CIS Amazon Web Services Foundations Benchmark', version: '3.0.0', url: 'https://x', providers: ['aws'] },
  score: 50,
  passed: 1,
  failed: 1,
  manual: 1,
  requirements: [
    { id: '1.4', section: 'Identity and Access Management', title: "Ensure no 'root' user account access key exists", status: 'manual', failing: 0, evaluated: 0, rules: [], failingResources: [] },
    {
      id: '2.1.4',
      section: 'Storage',
      title: 'Block public access',
      status: 'fail',
      failing: 1,
      evaluated: 4,
      rules: [{ id: 'storage-bucket-public', title: 'Storage bucket is publicly accessible', severity: 'critical', failing: 1, evaluated: 4 }],
      failingResources: [{ ruleId: 'storage-bucket-public', resourceId: 'res_1', resourceName: 'assets-bucket', resourceType: 'storage', region: 'us-east-1', severity: 'critical' }],
    },
    { id: '2.2.1', section: 'Storage', title: 'EBS encryption', status: 'pass', failing: 0, evaluated: 3, rules: [], failingResources: [] },
    {
      id: '5.6',
      section: 'Networking',
      title: 'IMDSv2 only',
      status: 'manual',
      failing: 0,
      evaluated: 0,
      rules: [{ id: 'aws-ec2-imdsv1-allowed', title: 'An EC2 instance still answers IMDSv1', severity: 'high', failing: 0, evaluated: 0 }],
      failingResources: [],
    },
  ],
};

describe('CompliancePanel', () => {
  it('lists frameworks with their scores and opens one section by section, failing resources on demand', async () => {
    signedIn();
    mockApi({
      'GET /security/compliance': ok([{ id: 'cis-aws-3.0', name: REPORT.framework.name, version: '3.0.0', providers: ['aws'], score: 50, passed: 1, failed: 1, manual: 1, requirements: 3 }]),
      'GET /security/compliance/:id': ok(REPORT),
    });
    renderRoute(<CompliancePanel />);
    const card = await screen.findByRole('button', { name: /CIS Amazon Web Services/ });
    expect(card).toHaveTextContent('50%');
    expect(card).toHaveTextContent('1 passed · 1 failed · 1 manual');
    const user = userEvent.setup();
    await user.click(card);
    expect(await screen.findByRole('heading', { name: 'Storage' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Identity and Access Management' })).toBeInTheDocument();
    const manual = screen.getByRole('button', { name: /root/ });
    expect(manual).toBeDisabled();
    expect(manual).toHaveTextContent('checked by hand');
    const failing = screen.getByRole('button', { name: /2\.1\.4/ });
    expect(failing).toHaveAttribute('aria-expanded', 'false');
    await user.click(failing);
    const table = screen.getByRole('table', { name: 'Failing resources for 2.1.4' });
    expect(within(table).getByText('assets-bucket')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /2\.2\.1/ })).toHaveTextContent('3 checked');
    // Manual because nothing reported its rule's facts: it says so, and opens to show the rule.
    const unanswered = screen.getByRole('button', { name: /IMDSv2 only/ });
    expect(unanswered).toHaveTextContent('no resource reports what its rules read yet');
    await user.click(unanswered);
    expect(screen.getByText('An EC2 instance still answers IMDSv1')).toBeInTheDocument();
  });
});
