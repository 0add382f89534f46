/**
 * Training losses in the words their users know, for progress messages, errors and the web app's
 * charts. The keys of an epoch's `loss` record (stored in model histories and job metrics) stay as
 * they are; only their names change. CTGAN's critic loss (the Wasserstein term, without the penalty)
 * is what SDV/CTGAN print as "Loss D", the discriminator loss.
 */
const NAMES: Readonly<Record<string, string>> = { critic: 'discriminator loss', penalty: 'gradient penalty' };

/** A loss key ("critic", "train") as words ("discriminator loss", "train loss"). */
export const lossName = (key: string): string => NAMES[key] ?? `${key} loss`;
