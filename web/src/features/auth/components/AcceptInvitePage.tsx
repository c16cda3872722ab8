import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button } from '@/components/Button';
import { TextField } from '@/components/Field';
import { IconAlert } from '@/components/icons';
import { api } from '@/lib/api/baseApi';
import { useGetMeQuery } from '@/lib/api/endpoints';
import { asApiError } from '@/lib/api/errors';
import { serverFormErrors } from '@/lib/api/formErrors';
import { startSession, useTokens } from '@/lib/auth/session';
import { useAppDispatch } from '@/lib/hooks';
import { useToast } from '@/lib/toast/useToast';
import { useAcceptInviteMutation } from '../api/authApi';
import { AuthLayout } from './AuthLayout';
import { MIN_PASSWORD, validatePassword } from '../validation';

type Fields = 'name' | 'password';

function validateOptionalName(v: string): string | undefined {
  if (v.trim().length > 100) return 'Use at most 100 characters';
  return undefined;
}

/** Why an invitation link cannot be used, with the way forward. */
function InvalidInvite({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <AuthLayout>
      <div className="stack" data-testid="invite-invalid">
        <div className="callout warning" role="alert">
          <IconAlert />
          <div className="stack-sm">
            <strong>{title}</strong>
            <span>{children}</span>
          </div>
        </div>
        <Link to="/login" className="btn btn-primary btn-lg btn-block" data-testid="invite-sign-in">
          Go to sign in
        </Link>
      </div>
    </AuthLayout>
  );
}

/**
 * /accept-invite?token=…: an invited member sets a password (and, if they like, their name),
 * which activates the account and signs them in. Public, like /login: a visitor who is signed in
 * as someone else is told that accepting switches to the invited account.
 */
export function AcceptInvitePage() {
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const navigate = useNavigate();
  const dispatch = useAppDispatch();
  const toast = useToast();
  const tokens = useTokens();
  const me = useGetMeQuery(undefined, { skip: !tokens });
  const [acceptInvite, { isLoading }] = useAcceptInviteMutation();
  const [values, setValues] = useState({ name: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);

  const set = (k: Fields) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setValues((v) => ({ ...v, [k]: e.target.value }));
    if (errors[k]) setErrors((x) => ({ ...x, [k]: undefined }));
  };

  if (!token) {
    return (
      <InvalidInvite title="This invitation link is incomplete">
        The link has no invitation token. Open the full link from your invitation, or ask your administrator to
        send it again.
      </InvalidInvite>
    );
  }
  if (invalid) {
    return (
      <InvalidInvite title="This invitation is no longer valid">
        It has already been used or was withdrawn. If you have set your password already, sign in with it;
        otherwise ask your administrator for a new invitation.
      </InvalidInvite>
    );
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const local = { name: validateOptionalName(values.name), password: validatePassword(values.password) };
    if (local.name || local.password) {
      setErrors(local);
      return;
    }
    try {
      const result = await acceptInvite({
        token,
        password: values.password,
        name: values.name.trim() || undefined,
      }).unwrap();
      // Whoever was signed in before in this browser is replaced by the invited member.
      dispatch(api.util.resetApiState());
      startSession(result);
      toast.success(`Welcome to ${result.organization?.name ?? 'CloudWeave'}`, 'Your account is active.');
      navigate('/dashboard', { replace: true });
    } catch (err) {
      const apiErr = asApiError(err);
      if (apiErr?.code === 'NOT_FOUND' || apiErr?.code === 'CONFLICT') {
        setInvalid(true);
        return;
      }
      if (apiErr?.code === 'RATE_LIMITED') {
        setFormError('Too many attempts. Wait a minute and try again.');
        return;
      }
      const { fields, formError: other } = serverFormErrors(err, ['name', 'password'], 'Could not accept the invitation');
      setErrors(fields);
      setFormError(other);
    }
  }

  return (
    <AuthLayout>
      <div>
        <h1>Join your team</h1>
        <p className="muted">You have been invited to CloudWeave. Choose a password to activate your account.</p>
      </div>
      {tokens && me.data && (
        <div className="callout" role="status" data-testid="invite-signed-in-note">
          You are signed in as {me.data.email}. Accepting this invitation signs you in as the invited member instead.
        </div>
      )}
      <form className="stack" onSubmit={onSubmit} noValidate aria-label="Accept invitation">
        {formError && (
          <div className="form-error" role="alert" data-testid="invite-form-error">
            {formError}
          </div>
        )}
        <TextField
          label="Full name (optional)"
          name="name"
          autoComplete="name"
          data-testid="invite-name"
          value={values.name}
          onChange={set('name')}
          error={errors.name}
          hint="Leave empty to keep the name your administrator entered."
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          data-testid="invite-password"
          value={values.password}
          onChange={set('password')}
          error={errors.password}
          hint={`At least ${MIN_PASSWORD} characters.`}
          required
        />
        <Button type="submit" variant="primary" size="lg" block loading={isLoading} data-testid="accept-invite-button">
          Activate account
        </Button>
      </form>
      <p className="muted">
        Already set your password? <Link to="/login">Sign in</Link>
      </p>
    </AuthLayout>
  );
}
