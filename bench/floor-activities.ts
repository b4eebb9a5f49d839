/** An activity that does nothing: the round trip alone. */
export const floorActivities = {
  async noop(): Promise<void> {},
};
