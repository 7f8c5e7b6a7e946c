/** The won and lost stages: system stages every pipeline has, with the same IDs in all of them. */
export const WON = 142;
export const LOST = 143;

export const isClosingStage = (statusId: unknown) =>
	Number(statusId) === WON || Number(statusId) === LOST;

/** Open = neither won nor lost. */
export const isOpenStatus = (statusId: unknown) => !isClosingStage(statusId);
