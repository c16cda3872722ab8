export { DemoBanner } from './components/DemoBanner';
