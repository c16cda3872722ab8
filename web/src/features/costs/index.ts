export { CostsPage } from './components/CostsPage';
