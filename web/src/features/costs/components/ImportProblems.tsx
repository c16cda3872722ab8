import type { CostImportProblem } from '@/lib/api/types';

/** The problems that failed an import, where the server found them. */
export function ImportProblems({ problems }: { problems: CostImportProblem[] }) {
  return (
    <div className="table-wrap" role="region" aria-label="Problems in the file" tabIndex={0} style={{ maxHeight: 260 }}>
      <table className="table" data-testid="import-problems">
        <caption className="sr-only">Problems in the file</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td>{p.row === 0 ? 'Whole file' : p.row}</td>
              <td>{p.column || '—'}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
