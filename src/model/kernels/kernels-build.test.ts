import { describe, expect, it } from 'vitest';
import { compileKernels, kernelsModule } from '../../../scripts/kernels/compile-kernels';
import { readFileSync } from 'node:fs';

describe('the committed WebAssembly', () => {
  it('is what assembly/kernels.ts compiles to (run `npm run build:kernels` after editing it)', async () => {
    const committed = readFileSync(new URL('./kernels-wasm.generated.ts', import.meta.url), 'utf8');
    expect(committed).toBe(kernelsModule(await compileKernels()));
  }, 60_000);
});
