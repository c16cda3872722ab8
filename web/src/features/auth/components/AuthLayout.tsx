import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { IconCheck, IconLogo } from '@/components/icons';

export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="auth-page">
      <aside className="auth-hero" aria-hidden="true">
        <span className="brand">
          <IconLogo className="brand-mark" /> CloudWeave
        </span>
        <div>
          <h2>Every cloud account. One calm control plane.</h2>
          <p>Inventory, cost, monitoring and security for AWS, Azure and Google Cloud — self-hosted, fast, yours.</p>
          <ul>
            <li>
              <IconCheck /> Live inventory across providers and regions
            </li>
            <li>
              <IconCheck /> Start, stop and reboot with role-based access
            </li>
            <li>
              <IconCheck /> Try it instantly with realistic demo infrastructure
            </li>
          </ul>
        </div>
        <span style={{ color: '#8b93b5', fontSize: 12 }}>Self-hosted · Open protocols · No vendor lock-in</span>
      </aside>
      <main className="auth-panel" id="main">
        <div className="auth-card">
          <Link to="/" className="brand" aria-label="CloudWeave home">
            <IconLogo className="brand-mark" /> CloudWeave
          </Link>
          {children}
        </div>
      </main>
    </div>
  );
}
