export { LoginPage } from './components/LoginPage';
export { RegisterPage } from './components/RegisterPage';
export { AcceptInvitePage } from './components/AcceptInvitePage';
