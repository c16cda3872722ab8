export { SecurityPage } from './components/SecurityPage';
