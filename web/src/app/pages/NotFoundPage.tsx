import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <main className="not-found" id="main">
      <div className="stack" style={{ alignItems: 'center' }}>
        <div className="code" aria-hidden="true">404</div>
        <h1>Page not found</h1>
        <p className="muted">The page you were looking for does not exist or has moved.</p>
        <Link to="/dashboard" className="btn btn-primary">
          Back to dashboard
        </Link>
      </div>
    </main>
  );
}
