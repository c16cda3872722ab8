import { useGetDemoQuery, useGetMeQuery } from './endpoints';

/** Whether the organization is in demo mode: GET /demo when available, else /auth/me. */
export function useIsDemo() {
  const me = useGetMeQuery();
  const demo = useGetDemoQuery();
  const isDemo = demo.data ? !!demo.data.isDemo : !!me.data?.demoMode;
  const scenario = demo.data?.scenario ?? me.data?.demoScenario ?? null;
  return { isDemo, scenario };
}
