export { VaultPage } from './components/VaultPage';
export { PublicSharePage } from './components/PublicSharePage';
