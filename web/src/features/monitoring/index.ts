export { MonitoringPage } from './components/MonitoringPage';
