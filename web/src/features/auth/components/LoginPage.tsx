import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button } from '@/components/Button';
import { TextField } from '@/components/Field';
import { useLoginMutation } from '@/lib/api/endpoints';
import { asApiError, errorMessage, fieldErrors } from '@/lib/api/errors';
import { serverFormErrors } from '@/lib/api/formErrors';
import { startSession } from '@/lib/auth/session';
import { AuthLayout } from './AuthLayout';
import { validateEmail } from '../validation';

function safeNext(next: string | null): string {
  // Only same-app paths: never redirect to another origin.
  if (next && next.startsWith('/') && !next.startsWith('//')) return next;
  return '/dashboard';
}

export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [login, { isLoading }] = useLoginMutation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const expired = params.get('expired') === '1';

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const local = { email: validateEmail(email), password: password ? undefined : 'Enter your password' };
    if (local.email || local.password) {
      setErrors(local);
      return;
    }
    try {
      const result = await login({ email: email.trim(), password }).unwrap();
      startSession(result);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      const api = asApiError(err);
      if (Object.keys(fieldErrors(err)).length) {
        const { fields, formError: other } = serverFormErrors(err, ['email', 'password']);
        setErrors(fields);
        setFormError(other);
      } else if (api?.code === 'AUTHENTICATION_ERROR') setFormError('Incorrect email or password.');
      else if (api?.code === 'RATE_LIMITED') setFormError('Too many sign-in attempts. Wait a minute and try again.');
      else setFormError(errorMessage(err, 'Sign-in failed'));
    }
  }

  return (
    <AuthLayout>
      <div>
        <h1>Sign in</h1>
        <p className="muted">Welcome back to CloudWeave.</p>
      </div>
      {expired && !formError && (
        <div className="callout warning" role="status">
          Your session has ended. Sign in again to continue.
        </div>
      )}
      <form className="stack" onSubmit={onSubmit} noValidate aria-label="Sign in">
        {formError && (
          <div className="form-error" role="alert">
            {formError}
          </div>
        )}
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          data-testid="email"
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            setErrors((x) => ({ ...x, email: undefined }));
          }}
          error={errors.email}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          data-testid="password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            setErrors((x) => ({ ...x, password: undefined }));
          }}
          error={errors.password}
        />
        <Button type="submit" variant="primary" size="lg" block loading={isLoading} data-testid="login-button">
          Sign in
        </Button>
      </form>
      <p className="muted">
        New to CloudWeave? <Link to="/register">Create an account</Link>
      </p>
    </AuthLayout>
  );
}
