import { jetstreamManager, JetStreamApiError } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { STREAM_NAME } from '../../src/nats/event-message';

/** One message of the COPYDESK stream, as a subscriber would read it. */
export interface StreamedMessage {
  readonly seq: number;
  readonly subject: string;
  readonly msgId: string | undefined;
  readonly contentType: string | undefined;
  readonly payload: Record<string, unknown>;
}

/** Every message the COPYDESK stream holds, by sequence; none when there is no stream yet. */
export async function streamMessages(url: string): Promise<StreamedMessage[]> {
  const connection = await connect({ servers: url, reconnect: false });
  try {
    const manager = await jetstreamManager(connection);
    let state;
    try {
      ({ state } = await manager.streams.info(STREAM_NAME));
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === 10059) return [];
      throw error;
    }
    const messages: StreamedMessage[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const message = await manager.streams.getMessage(STREAM_NAME, { seq });
      if (message === null) continue;
      messages.push({
        seq: message.seq,
        subject: message.subject,
        msgId: message.header.get('Nats-Msg-Id') || undefined,
        contentType: message.header.get('Content-Type') || undefined,
        payload: message.json<Record<string, unknown>>(),
      });
    }
    return messages;
  } finally {
    await connection.close();
  }
}

/** The stream's configuration as the broker holds it. */
export async function streamConfig(url: string) {
  const connection = await connect({ servers: url, reconnect: false });
  try {
    return (await (await jetstreamManager(connection)).streams.info(STREAM_NAME)).config;
  } finally {
    await connection.close();
  }
}
