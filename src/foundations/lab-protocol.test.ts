import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_CONFIG, DEFAULT_SGD, GRID, thin } from './lab-engine';
import { LabServer, MAX_STEPS_PER_REQUEST, serve, type GpuAccess, type LabReply, type LabState } from './lab-protocol';
import { Float32Device } from './mlp-batch';

describe('the training lab protocol', () => {
  it('resets to a fresh network with the data, then trains on request and the loss falls', () => {
    const state: LabState = {};
    const first = serve(state, { kind: 'reset', id: 1, config: DEFAULT_LAB_CONFIG, settings: DEFAULT_SGD });
    if (first.kind !== 'snapshot') throw new Error(JSON.stringify(first));
    expect(first.snapshot.step).toBe(0);
    expect(first.snapshot.points).toHaveLength(DEFAULT_LAB_CONFIG.points);
    expect(first.snapshot.grid).toHaveLength(GRID * GRID);
    let last: ReturnType<typeof serve> = first;
    for (let i = 0; i < 3; i++) last = serve(state, { kind: 'train', id: 2 + i, steps: MAX_STEPS_PER_REQUEST, settings: DEFAULT_SGD });
    if (last.kind !== 'snapshot') throw new Error(JSON.stringify(last));
    expect(last.snapshot.step).toBe(3 * MAX_STEPS_PER_REQUEST);
    expect(last.snapshot.loss).toBeLessThan(0.5 * first.snapshot.loss);
    expect(last.snapshot.accuracy).toBeGreaterThan(0.9);
    expect(last.snapshot.points).toEqual([]); // the data travels once, with the reset
    expect(last.snapshot.history[0]).toEqual([0, first.snapshot.loss]);
    expect(last.snapshot.history.at(-1)).toEqual([last.snapshot.step, last.snapshot.loss]);
  });

  it('answers a bad request with a message, not a throw', () => {
    const state: LabState = {};
    expect(serve(state, { kind: 'train', id: 1, steps: 1, settings: DEFAULT_SGD })).toMatchObject({ kind: 'error', message: /no network/ });
    serve(state, { kind: 'reset', id: 2, config: DEFAULT_LAB_CONFIG, settings: DEFAULT_SGD });
    expect(serve(state, { kind: 'train', id: 3, steps: MAX_STEPS_PER_REQUEST + 1, settings: DEFAULT_SGD })).toMatchObject({ kind: 'error' });
    expect(serve(state, { kind: 'train', id: 4, steps: 1, settings: { lr: -1, batch: 4 } })).toMatchObject({ kind: 'error', message: /learning rate/ });
  });

  it('thins a long history evenly, keeping both ends', () => {
    const xs = Array.from({ length: 1001 }, (_, i) => i);
    const t = thin(xs, 11);
    expect(t).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(thin([1, 2], 5)).toEqual([1, 2]);
  });
});

describe('LabServer, the worker’s side', () => {
  const access = (device = new Float32Device(), lost = new Promise<string>(() => {})): GpuAccess<Float32Array> & { lost: Promise<string> } => ({
    device,
    adapter: 'float32 stand-in',
    lost,
    guard: (work) => work(),
    lose: () => {},
  });
  const snapshot = (reply: LabReply) => {
    if (reply.kind !== 'snapshot') throw new Error(JSON.stringify(reply));
    return reply;
  };
  const reset = { kind: 'reset', id: 1, config: DEFAULT_LAB_CONFIG, settings: DEFAULT_SGD } as const;
  const train = (id: number, steps = 50) => ({ kind: 'train', id, steps, settings: DEFAULT_SGD }) as const;

  it('trains on the GPU it finds, says so, and follows the CPU’s curve', async () => {
    let asked = 0;
    const server = new LabServer(async () => (asked++, access()));
    const first = snapshot(await server.handle(reset));
    expect(first.backend).toEqual({ kind: 'webgpu', adapter: 'float32 stand-in' });
    const gpu = snapshot(await server.handle(train(2, 100))).snapshot;
    const state: LabState = {};
    serve(state, reset);
    const cpu = snapshot(serve(state, train(2, 100))).snapshot;
    expect(gpu.step).toBe(100);
    expect(Math.abs(gpu.loss - cpu.loss) / cpu.loss).toBeLessThan(1e-4);
    snapshot(await server.handle(reset));
    expect(asked).toBe(1); // the GPU is looked for once per worker
  });

  it('trains on the CPU, saying why, where there is no GPU or finding one fails', async () => {
    const none = new LabServer<Float32Array>(async () => ({ reason: 'WebGPU found no adapter' }));
    expect(snapshot(await none.handle(reset)).backend).toEqual({ kind: 'cpu', reason: 'WebGPU found no adapter' });
    expect(snapshot(await none.handle(train(2))).snapshot.step).toBe(50);
    const broken = new LabServer<Float32Array>(async () => Promise.reject(new Error('adapter exploded')));
    expect(snapshot(await broken.handle(reset)).backend).toEqual({ kind: 'cpu', reason: 'the GPU failed (adapter exploded)' });
  });

  it('goes on on the CPU from where the GPU was when the device is lost, and the step count never goes back', async () => {
    let lose: (reason: string) => void = () => {};
    const lost = new Promise<string>((resolve) => (lose = resolve));
    const device = new Float32Device();
    const gpu = { ...access(device, lost), lose: () => lose('the GPU device was lost (destroyed)') };
    const server = new LabServer(async () => gpu);
    snapshot(await server.handle(reset));
    const before = snapshot(await server.handle(train(2, 40))).snapshot;
    expect((await server.handle({ kind: 'lose-gpu', id: 3 })).kind).toBe('done');
    await lost;
    device.read = () => Promise.reject(new Error('Device is lost'));
    const after = snapshot(await server.handle(train(4, 40)));
    expect(after.backend).toEqual({ kind: 'cpu', reason: 'the GPU device was lost (destroyed); the lab went on from step 40 on the CPU' });
    expect(after.snapshot.step).toBe(80);
    expect(after.snapshot.history.slice(0, 41)).toEqual(before.history);
    expect(after.snapshot.loss).toBeLessThan(before.loss);
    // A new network after the loss stays on the CPU, and says why.
    expect(snapshot(await server.handle(reset)).backend).toEqual({ kind: 'cpu', reason: 'the GPU device was lost (destroyed)' });
  });

  it('answers in the order asked, even when a reset comes while a run is under way', async () => {
    const server = new LabServer(async () => access());
    const replies = await Promise.all([server.handle(reset), server.handle(train(2, 30)), server.handle({ ...reset, id: 3 }), server.handle(train(4, 5))]);
    expect(replies.map((r) => [r.id, snapshot(r).snapshot.step])).toEqual([
      [1, 0],
      [2, 30],
      [3, 0],
      [4, 5],
    ]);
  });
});

describe('LabServer when the GPU is already known to be gone before a request', () => {
  it('takes the whole request on the CPU', async () => {
    const device = new Float32Device();
    let gone = false;
    const server = new LabServer(async () => ({
      device,
      adapter: 'stand-in',
      lost: new Promise<string>(() => {}),
      guard: <T>(work: () => Promise<T>) => (gone ? Promise.reject(new Error('the GPU device was lost (destroyed)')) : work()),
      lose: () => {},
    }));
    await server.handle({ kind: 'reset', id: 1, config: DEFAULT_LAB_CONFIG, settings: DEFAULT_SGD });
    await server.handle({ kind: 'train', id: 2, steps: 20, settings: DEFAULT_SGD });
    gone = true;
    const reply = await server.handle({ kind: 'train', id: 3, steps: 5, settings: DEFAULT_SGD });
    if (reply.kind !== 'snapshot') throw new Error(JSON.stringify(reply));
    expect(reply.snapshot.step).toBe(25);
    expect(reply.backend).toEqual({ kind: 'cpu', reason: 'the GPU device was lost (destroyed); the lab went on from step 20 on the CPU' });
  });
});
