import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, waitFor } from '@testing-library/react';
import { Bars } from './Charts';

// jsdom lays nothing out: give the chart's container a size, as a browser would.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    width: 480, height: 320, top: 0, left: 0, right: 480, bottom: 320, x: 0, y: 0, toJSON: () => ({}),
  } as DOMRect);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(480);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(320);
  vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(480);
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(320);
});

const TYPES = ['Server', 'Database', 'Storage', 'Network', 'Container', 'Function', 'Load balancer', 'Cache', 'Queue', 'Dns'];

describe('Bars', () => {
  it('labels every bar of "Resources by type", none skipped', async () => {
    const data = TYPES.map((t, i) => ({ key: t, label: t, value: 40 - i * 3, color: '#888' }));
    const { container } = render(<Bars label="Resources by type" horizontal data={data} />);
    // Recharts draws the tick texts in a layer of their own; the category ones are the names.
    await waitFor(() => {
      const texts = Array.from(container.querySelectorAll('.recharts-cartesian-axis-tick-value')).map((t) =>
        // a label Recharts wraps comes as one <tspan> per line
        Array.from(t.querySelectorAll('tspan')).map((line) => line.textContent).join(' ') || t.textContent,
      );
      expect(texts.filter((t) => !/^[\d,]+$/.test(t ?? ''))).toEqual(TYPES);
    });
  });

  it('gives each category a row of its own', () => {
    const data = TYPES.map((t) => ({ key: t, label: t, value: 1, color: '#888' }));
    const { getByRole } = render(<Bars label="Resources by type" horizontal data={data} />);
    expect(parseInt(getByRole('img').style.height, 10)).toBeGreaterThanOrEqual(TYPES.length * 30);
  });
});
