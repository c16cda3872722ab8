// A real ClamAV daemon (Debian's clamd) for the vault's virus-scan tests. The official signature
// database cannot be downloaded here, so it gets one made on the spot: sigtool's MD5 signature
// of the EICAR test file, the antivirus industry's standard harmless test string.
//
//   const clamd = await startClamd();   // { address: 'unix:/tmp/…/clamd.sock', eicar: Buffer, stop() }
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The EICAR test file (eicar.org): 68 bytes every scanner reports as "infected".
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*', 'latin1');

export async function startClamd() {
  const dir = mkdtempSync(join(tmpdir(), 'cw-clamd-'));
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'eicar.com'), EICAR);
  const signature = execFileSync('sigtool', ['--md5', join(dir, 'eicar.com')], { encoding: 'utf8' });
  writeFileSync(join(dir, 'db', 'eicar.hdb'), signature.replace(/:[^:]*eicar\.com/, ':Eicar-Test-Signature'));
  const socket = join(dir, 'clamd.sock');
  writeFileSync(join(dir, 'clamd.conf'), [
    `LocalSocket ${socket}`,
    `DatabaseDirectory ${join(dir, 'db')}`,
    'Foreground yes',
    `LogFile ${join(dir, 'clamd.log')}`,
    '',
  ].join('\n'));
  const child = spawn('clamd', ['-c', join(dir, 'clamd.conf')], { stdio: 'ignore' });
  const deadline = Date.now() + 30000;
  while (!existsSync(socket)) {
    if (child.exitCode !== null) throw new Error(`clamd exited with ${child.exitCode}; see ${join(dir, 'clamd.log')}`);
    if (Date.now() > deadline) throw new Error('clamd did not open its socket within 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    address: `unix:${socket}`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
