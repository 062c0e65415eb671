/** `npm run build:kernels`: recompiles the WebAssembly kernels and rewrites src/model/kernels/kernels-wasm.generated.ts. */
import { writeFileSync } from 'node:fs';
import { compileKernels, kernelsModule } from './kernels/compile-kernels';

const binary = await compileKernels();
const out = new URL('../src/model/kernels/kernels-wasm.generated.ts', import.meta.url);
writeFileSync(out, kernelsModule(binary));
console.log(`kernels: ${binary.length} bytes of WebAssembly → ${out.pathname}`);
