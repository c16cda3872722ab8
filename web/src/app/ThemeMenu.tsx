import { Popover } from '@/components/Popover';
import { IconMonitor, IconMoon, IconSun, IconCheck } from '@/components/icons';
import { resolvedTheme, setThemePreference, useThemePreference } from '@/lib/theme';
import type { ThemePreference } from '@/lib/api/types';

const OPTIONS: { value: ThemePreference; label: string; Icon: typeof IconSun }[] = [
  { value: 'light', label: 'Light', Icon: IconSun },
  { value: 'dark', label: 'Dark', Icon: IconMoon },
  { value: 'system', label: 'System', Icon: IconMonitor },
];

export function ThemeMenu({ onChange }: { onChange?: (theme: ThemePreference) => void }) {
  const pref = useThemePreference();
  const CurrentIcon = resolvedTheme(pref) === 'dark' ? IconMoon : IconSun;
  return (
    <Popover
      label="Theme"
      renderTrigger={({ ref, ...p }) => (
        <button ref={ref} type="button" className="btn btn-ghost btn-icon" aria-label={`Theme: ${pref}`} data-testid="theme-switch" {...p}>
          <CurrentIcon />
        </button>
      )}
    >
      {(close) => (
        <div role="group" aria-label="Choose theme">
          {OPTIONS.map(({ value, label, Icon }) => (
            <button
              key={value}
              type="button"
              className="menu-item"
              aria-pressed={pref === value}
              onClick={() => {
                setThemePreference(value);
                onChange?.(value);
                close();
              }}
            >
              <Icon />
              <span className="grow">{label}</span>
              {pref === value && <IconCheck />}
            </button>
          ))}
        </div>
      )}
    </Popover>
  );
}
