export function InfrastructurePage() { return null; }
