// The engine's floor: workflows that do what a case does on Temporal (start; updates that each
// run activities) with no work inside, on the same server, so the case engine can be compared
// with what Temporal itself allows on this machine.
import * as wf from '@temporalio/workflow';
import type { floorActivities } from './floor-activities';

const remote = wf.proxyActivities<typeof floorActivities>({ startToCloseTimeout: '30 seconds' });
const local = wf.proxyLocalActivities<typeof floorActivities>({ startToCloseTimeout: '30 seconds' });

export const stepUpdate = wf.defineUpdate<number, [number]>('step');
export const intakeUpdate = wf.defineUpdate<number, []>('intake');

/** Returns at once: the bare cost of starting a workflow. */
export async function emptyWorkflow(): Promise<void> {}

/**
 * A case's shape without its work: `activitiesAtStart` activities at intake, then `updates`
 * updates each running `activitiesPerUpdate` activities, then done.
 */
export async function loopFloorWorkflow(shape: { activitiesAtStart: number; updates: number; activitiesPerUpdate: number; local: boolean }): Promise<number> {
  const { noop } = shape.local ? local : remote;
  let done = 0;
  let busy = false;
  let intakeDone = false;
  wf.setHandler(intakeUpdate, async () => {
    await wf.condition(() => intakeDone);
    return 0;
  });
  wf.setHandler(stepUpdate, async (n) => {
    await wf.condition(() => !busy);
    busy = true;
    try {
      for (let i = 0; i < shape.activitiesPerUpdate; i++) await noop();
      done++;
      return n;
    } finally {
      busy = false;
    }
  });
  for (let i = 0; i < shape.activitiesAtStart; i++) await noop();
  intakeDone = true;
  await wf.condition(() => done >= shape.updates);
  await wf.condition(wf.allHandlersFinished);
  return done;
}
