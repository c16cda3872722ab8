export { InfrastructurePage } from './components/InfrastructurePage';
