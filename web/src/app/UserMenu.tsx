import { useNavigate } from 'react-router';
import { useAppDispatch } from '@/lib/hooks';
import { Popover } from '@/components/Popover';
import { IconLogout, IconSettings, IconUser, IconKey } from '@/components/icons';
import type { Me } from '@/lib/api/types';
import { useLogoutMutation } from '@/lib/api/endpoints';
import { api } from '@/lib/api/baseApi';
import { tokenStore } from '@/lib/auth/tokenStore';
import { realtimeReset } from '@/lib/realtime/realtimeSlice';
import { Avatar } from '@/components/Avatar';
import { humanize, initials } from '@/lib/format';

// Grapheme-safe (an emoji organization name used to show half a surrogate pair): lib/format.
export { initials };

/** Clears every trace of the session: tokens, cached data, live state. */
export function useSignOut() {
  const [logout] = useLogoutMutation();
  const dispatch = useAppDispatch();
  const navigate = useNavigate();
  return async () => {
    const tokens = tokenStore.get();
    if (tokens) {
      try {
        await logout({ refreshToken: tokens.refreshToken }).unwrap();
      } catch {
        /* the server may already consider it gone; sign out locally regardless */
      }
    }
    tokenStore.clear();
    dispatch(api.util.resetApiState());
    dispatch(realtimeReset());
    dispatch({ type: 'notifications/cleared' });
    navigate('/login', { replace: true });
  };
}

export function UserMenu({ me }: { me: Me }) {
  const navigate = useNavigate();
  const signOut = useSignOut();
  return (
    <Popover
      label="Account"
      renderTrigger={({ ref, ...p }) => (
        <button ref={ref} type="button" className="user-btn" data-testid="user-menu" {...p}>
          <span className="sr-only">Account menu for </span>
          <Avatar userId={me.id} name={me.name} />
          <span className="user-name">{me.name}</span>
        </button>
      )}
    >
      {(close) => (
        <div>
          <div style={{ padding: '8px 10px' }}>
            <div style={{ fontWeight: 600 }}>{me.name}</div>
            <div className="muted" style={{ fontSize: 12.5 }}>{me.email}</div>
            <div className="faint" style={{ fontSize: 12 }}>{humanize(me.role)}{me.organizationName ? ` · ${me.organizationName}` : ''}</div>
          </div>
          <div className="menu-sep" />
          <button type="button" className="menu-item" onClick={() => { close(); navigate('/settings/profile'); }}>
            <IconUser /> Profile & preferences
          </button>
          <button type="button" className="menu-item" onClick={() => { close(); navigate('/settings/cloud-accounts'); }}>
            <IconSettings /> Settings
          </button>
          <button type="button" className="menu-item" onClick={() => { close(); navigate('/settings/api-keys'); }}>
            <IconKey /> API keys
          </button>
          <div className="menu-sep" />
          <button type="button" className="menu-item" onClick={() => { close(); void signOut(); }} data-testid="logout">
            <IconLogout /> Sign out
          </button>
        </div>
      )}
    </Popover>
  );
}
