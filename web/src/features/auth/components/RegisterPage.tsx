import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button } from '@/components/Button';
import { TextField } from '@/components/Field';
import { useRegisterMutation } from '@/lib/api/endpoints';
import { asApiError, errorMessage, fieldErrors } from '@/lib/api/errors';
import { serverFormErrors } from '@/lib/api/formErrors';
import { startSession } from '@/lib/auth/session';
import { AuthLayout } from './AuthLayout';
import { MIN_PASSWORD, validateEmail, validateName, validatePassword } from '../validation';

type Fields = 'email' | 'name' | 'password' | 'organizationName';

export function RegisterPage() {
  const navigate = useNavigate();
  const [register, { isLoading }] = useRegisterMutation();
  const [values, setValues] = useState({ email: '', name: '', password: '', organizationName: '' });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const set = (k: Fields) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setValues((v) => ({ ...v, [k]: e.target.value }));
    if (errors[k]) setErrors((x) => ({ ...x, [k]: undefined }));
  };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const local = {
      email: validateEmail(values.email),
      name: validateName(values.name),
      password: validatePassword(values.password),
    };
    if (local.email || local.name || local.password) {
      setErrors(local);
      return;
    }
    try {
      const result = await register({
        email: values.email.trim(),
        name: values.name.trim(),
        password: values.password,
        organizationName: values.organizationName.trim() || undefined,
      }).unwrap();
      startSession(result);
      navigate('/onboarding', { replace: true });
    } catch (err) {
      const api = asApiError(err);
      if (Object.keys(fieldErrors(err)).length) {
        const { fields, formError: other } = serverFormErrors(err, ['email', 'name', 'password', 'organizationName']);
        setErrors(fields);
        setFormError(other);
      } else if (api?.code === 'CONFLICT') {
        setErrors({ email: 'An account with this email already exists — sign in instead' });
      } else {
        setFormError(errorMessage(err, 'Registration failed'));
      }
    }
  }

  return (
    <AuthLayout>
      <div>
        <h1>Create your account</h1>
        <p className="muted">Start managing your clouds in minutes. No credit card, no cloud account required.</p>
      </div>
      <form className="stack" onSubmit={onSubmit} noValidate aria-label="Create account">
        {formError && (
          <div className="form-error" role="alert">
            {formError}
          </div>
        )}
        <TextField
          label="Work email"
          type="email"
          name="email"
          autoComplete="email"
          data-testid="email"
          value={values.email}
          onChange={set('email')}
          error={errors.email}
          required
        />
        <TextField
          label="Full name"
          name="name"
          autoComplete="name"
          data-testid="name"
          value={values.name}
          onChange={set('name')}
          error={errors.name}
          required
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          data-testid="password"
          value={values.password}
          onChange={set('password')}
          error={errors.password}
          hint={`At least ${MIN_PASSWORD} characters.`}
          required
        />
        <TextField
          label="Organization name (optional)"
          name="organizationName"
          autoComplete="organization"
          value={values.organizationName}
          onChange={set('organizationName')}
          error={errors.organizationName}
          hint="Defaults to your name's workspace. You can change it later."
        />
        <Button type="submit" variant="primary" size="lg" block loading={isLoading} data-testid="register-button">
          Create account
        </Button>
      </form>
      <p className="muted">
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
    </AuthLayout>
  );
}
