import type { VaultPathEntry } from '@/lib/api/types';

/** Where the folder is: each step opens that folder; the last one is the current folder. */
export function Breadcrumb({ path, onOpen }: { path: VaultPathEntry[] | undefined; onOpen: (id: string) => void }) {
  const steps = path?.length ? path : [{ id: 'root', name: 'Vault' }];
  return (
    <nav aria-label="Folder" className="vault-breadcrumb">
      <ol>
        {steps.map((step, i) => (
          <li key={step.id}>
            {i < steps.length - 1 ? (
              <button type="button" className="link-button" onClick={() => onOpen(step.id)}>
                {step.name}
              </button>
            ) : (
              <span aria-current="page">{step.name}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
