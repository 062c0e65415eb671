/**
 * WebGPU's usage and map-mode bit flags (values fixed by the WebGPU spec). TypeScript's DOM library types the
 * API but does not declare the GPUBufferUsage / GPUMapMode constant namespaces, so they are spelled out here.
 */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

export const MapMode = { READ: 0x0001 } as const;
