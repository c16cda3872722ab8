import { NavLink, Navigate, Route, Routes } from 'react-router';
import { PageHeader } from '@/components/Card';
import { useGetMeQuery } from '@/lib/api/endpoints';
import { can } from '@/lib/auth/permissions';
import { ProfileSettings } from './ProfileSettings';
import { OrganizationSettings } from './OrganizationSettings';
import { CloudAccountsSettings } from './CloudAccountsSettings';
import { MembersSettings } from './MembersSettings';
import { ApiKeysSettings } from './ApiKeysSettings';
import { AuditSettings } from './AuditSettings';
import { NotificationsSettings } from './NotificationsSettings';

export function SettingsPage() {
  const { data: me } = useGetMeQuery();
  const role = me?.role;
  const tabs = [
    { to: 'profile', label: 'Profile & preferences', show: true },
    { to: 'organization', label: 'Organization', show: true },
    { to: 'cloud-accounts', label: 'Cloud accounts', show: true },
    { to: 'notifications', label: 'Notifications', show: true },
    { to: 'members', label: 'Members & roles', show: can(role, 'users:manage') },
    { to: 'api-keys', label: 'API keys', show: can(role, 'apikeys:manage') },
    { to: 'audit', label: 'Audit log', show: can(role, 'audit:read') },
  ].filter((t) => t.show);
  return (
    <>
      <PageHeader title="Settings" description="Your profile, your organization and how CloudWeave connects to your clouds." />
      <nav className="tabs" aria-label="Settings sections">
        {tabs.map((t) => (
          <NavLink key={t.to} to={`/settings/${t.to}`} className={({ isActive }) => `tab${isActive ? ' active' : ''}`}>
            {t.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to="profile" replace />} />
        <Route path="profile" element={<ProfileSettings />} />
        <Route path="organization" element={<OrganizationSettings />} />
        <Route path="cloud-accounts" element={<CloudAccountsSettings />} />
        <Route path="notifications" element={<NotificationsSettings />} />
        {can(role, 'users:manage') && <Route path="members" element={<MembersSettings />} />}
        {can(role, 'apikeys:manage') && <Route path="api-keys" element={<ApiKeysSettings />} />}
        {can(role, 'audit:read') && <Route path="audit" element={<AuditSettings />} />}
        <Route path="*" element={<NoAccess />} />
      </Routes>
    </>
  );
}

function NoAccess() {
  return (
    <div className="card">
      <div className="state">
        <h2 style={{ fontSize: 15 }}>Not available</h2>
        <p>This section does not exist or your role does not give access to it. Ask an administrator if you need it.</p>
      </div>
    </div>
  );
}
