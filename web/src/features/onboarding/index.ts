export { OnboardingWizard as OnboardingPage } from './components/OnboardingWizard';
