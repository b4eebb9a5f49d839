// The floor's worker, a process of its own like the case worker: TEMPORAL_ADDRESS, BENCH_FLOOR_QUEUE.
import { NativeConnection, Worker } from '@temporalio/worker';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { floorActivities } from './floor-activities';

const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
const worker = await Worker.create({
  connection,
  taskQueue: process.env.BENCH_FLOOR_QUEUE ?? 'bench-floor',
  workflowsPath: path.join(path.dirname(fileURLToPath(import.meta.url)), 'floor-workflows.ts'),
  activities: floorActivities,
});
process.once('SIGTERM', () => worker.shutdown());
process.stdout.write('floor worker running\n');
await worker.run();
await connection.close();
