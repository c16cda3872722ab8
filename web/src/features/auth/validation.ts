export const MIN_PASSWORD = 10;

export function validateEmail(v: string): string | undefined {
  const s = v.trim();
  if (!s) return 'Enter your email address';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) return 'Enter a valid email address, like name@company.com';
  return undefined;
}

export function validatePassword(v: string): string | undefined {
  if (!v) return 'Enter a password';
  if (v.length < MIN_PASSWORD) return `Use at least ${MIN_PASSWORD} characters`;
  return undefined;
}

export function validateName(v: string): string | undefined {
  if (!v.trim()) return 'Enter your name';
  if (v.trim().length > 100) return 'Use at most 100 characters';
  return undefined;
}
