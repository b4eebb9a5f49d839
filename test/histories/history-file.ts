import type { History } from '@temporalio/common/lib/proto-utils';
import proto from '@temporalio/proto';

// A CommonJS module: its namespace is reached through the default export under ESM.
const { temporal } = proto;

// historyToJSON of SDK 1.24 throws "type must be a Type" (two protobufjs copies in the tree),
// so histories are stored as protobufjs plain objects, which round-trip exactly.
const HistoryMessage = temporal.api.history.v1.History;

export function historyToFile(history: History): string {
  return JSON.stringify(HistoryMessage.toObject(HistoryMessage.fromObject(history), { longs: String, bytes: String, enums: String }), null, 1);
}

export function historyFromFile(text: string): History {
  return HistoryMessage.fromObject(JSON.parse(text));
}
