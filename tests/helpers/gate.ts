import type { BlobStore } from '../../core/ports.js';

/**
 * A one-shot gate for holding a step at a chosen point: the first `pass()` waits until `release()`
 * (`reached` resolves when it arrives); every later `pass()` goes straight through.
 */
export function gate() {
  let arrive!: () => void;
  let open!: () => void;
  const reached = new Promise<void>((r) => (arrive = r));
  const released = new Promise<void>((r) => (open = r));
  let used = false;
  return {
    reached,
    release: () => open(),
    /** Whether this call was the one held. */
    async pass(): Promise<boolean> {
      if (used) return false;
      used = true;
      arrive();
      await released;
      return true;
    },
  };
}

/** Holds the first read of a key that `matches` until released (a step paused at a known point). */
export function holdFirstRead(blobs: BlobStore, matches: (key: string) => boolean) {
  const getBytes = blobs.getBytes.bind(blobs);
  const first = gate();
  blobs.getBytes = async (key) => {
    if (matches(key)) await first.pass();
    return getBytes(key);
  };
  return { atRead: first.reached, release: first.release, restore: () => (blobs.getBytes = getBytes) };
}
