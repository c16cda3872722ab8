import { Button } from '@/components/Button';
import { downloadText } from '@/lib/download';
import type { BreakdownRow } from '../utils/breakdown';
import { breakdownCsv } from '../utils/csv';

/** Downloads the breakdown table as loaded (every group the API returned). */
export function ExportCsvButton({
  rows,
  currency,
  groupName,
  groupLabel,
  fileName,
  save = downloadText,
}: {
  rows: BreakdownRow[] | undefined;
  currency: string | null | undefined;
  groupName: string;
  groupLabel: (value: string) => string;
  fileName: string;
  save?: (fileName: string, text: string) => void;
}) {
  const ready = Boolean(rows?.length && currency);
  return (
    <Button
      disabled={!ready}
      onClick={() => rows && currency && save(fileName, breakdownCsv(groupName, currency, rows, groupLabel))}
      data-testid="cost-export"
    >
      Export CSV
    </Button>
  );
}
