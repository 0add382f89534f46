import { z } from 'zod';

/**
 * The largest seed a request may give. Rng.seeded mixes a seed's low 32 bits, so a larger one would
 * silently draw what a smaller one does (1 and 2^32 + 1 alike); generation has always stopped here.
 */
export const SEED_MAX = 2 ** 31 - 1;

/** A request's seed: an integer from 0 to SEED_MAX. */
export const seedNumber = () => z.number().int().min(0).max(SEED_MAX);
