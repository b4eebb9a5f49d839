import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { intakeUpdate, loopFloorWorkflow, stepUpdate } from './floor-workflows';
import { FLOOR_QUEUE, type Stack } from './stack';

export interface FloorShape {
  activitiesAtStart: number;
  updates: number;
  activitiesPerUpdate: number;
  /** Local activities, as the case workflow runs them, or remote ones. */
  local: boolean;
}

/** The floor of the whole loop: start, wait for the intake's activities, then the updates, no work anywhere. */
export function floorActor(stack: Stack, shape: FloorShape) {
  return async function carry(): Promise<void> {
    // Like a submission: start and wait until the intake's activities are done.
    const startWorkflowOperation = new WithStartWorkflowOperation(loopFloorWorkflow, {
      taskQueue: FLOOR_QUEUE,
      workflowId: `floor-loop-${randomUUID()}`,
      args: [shape],
      workflowIdConflictPolicy: 'FAIL',
    });
    await stack.client.workflow.executeUpdateWithStart(intakeUpdate, { startWorkflowOperation });
    const handle = await startWorkflowOperation.workflowHandle();
    for (let i = 0; i < shape.updates; i++) await handle.executeUpdate(stepUpdate, { args: [i] });
    await handle.result();
  };
}
