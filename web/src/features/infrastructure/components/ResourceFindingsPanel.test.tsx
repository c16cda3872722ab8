import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderRoute, signedIn } from '@/test/render';
import { mockApi, ok } from '@/test/mockApi';
import ResourceFindingsPanel from './ResourceFindingsPanel';

describe('ResourceFindingsPanel', () => {
  it("lists the resource's open findings with their severity and links to them", async () => {
    signedIn();
    const m = mockApi({
      'GET /security/findings': ok([{ id: 'fnd_1', title: 'SSH (port 22) is open to the whole internet', severity: 'high' }], { limit: 20, nextCursor: null }),
    });
    renderRoute(<ResourceFindingsPanel resourceId="res_1" />);
    const panel = await screen.findByTestId('resource-findings');
    expect(await within(panel).findByText('SSH (port 22) is open to the whole internet')).toBeInTheDocument();
    expect(within(panel).getByText('High')).toBeInTheDocument();
    expect(within(panel).getByRole('link')).toHaveAttribute('href', '/security?tab=findings&resourceId=res_1');
    const q = m.find('GET', '/security/findings')[0].query;
    expect([q.get('resourceId'), q.get('status')]).toEqual(['res_1', 'open']);
  });

  it('says so when every rule passes', async () => {
    signedIn();
    mockApi({ 'GET /security/findings': ok([], { limit: 20, nextCursor: null }) });
    renderRoute(<ResourceFindingsPanel resourceId="res_2" />);
    expect(await screen.findByText('No open findings: every security rule passes.')).toBeInTheDocument();
  });
});
