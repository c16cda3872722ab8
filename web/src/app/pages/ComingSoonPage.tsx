import { Link } from 'react-router';
import { Card } from '@/components/Card';
import { IconSparkles } from '@/components/icons';

export function ComingSoonPage({ title, summary, items }: { title: string; summary: string; items: string[] }) {
  return (
    <>
      <header className="page-header">
        <div>
          <h1>{title}</h1>
          <p>{summary}</p>
        </div>
      </header>
      <Card>
        <div className="coming-soon">
          <div className="hero-icon">
            <IconSparkles />
          </div>
          <h2>{title} is coming soon</h2>
          <p className="muted" style={{ maxWidth: 520 }}>
            This area is not available yet. Here is what it will bring:
          </p>
          <ul>
            {items.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
          <Link to="/infrastructure" className="btn">
            Explore your infrastructure meanwhile
          </Link>
        </div>
      </Card>
    </>
  );
}
