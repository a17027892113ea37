import { MemoryStateStore } from '../../src/store/memory-state-store.ts';
import { describeStateStore } from './state-store-contract.ts';

describeStateStore('memory', async () => {
  const store = new MemoryStateStore();
  await store.open();
  // The memory store outlives close(): reopening is the same object.
  return { store, reopen: async () => store };
});
