/** What each community sent: the items of its outbox (GET only). */
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';

/** How many recent activities the outbox shows. */
const OUTBOX_SIZE = 20;

interface SentActivity extends Document {
  community: string;
  activity: Record<string, unknown>;
  publishedAt: string;
}

export class SentActivities {
  readonly #sent: Collection<SentActivity>;

  private constructor(sent: Collection<SentActivity>) {
    this.#sent = sent;
  }

  static async open(store: Store): Promise<SentActivities> {
    return new SentActivities(await store.collection<SentActivity>({name: 'federation_outbox', indexes: [{fields: ['community', 'publishedAt']}, {fields: ['community']}]}));
  }

  async record(community: string, id: string, activity: Record<string, unknown>, now = new Date()): Promise<void> {
    try {
      await this.#sent.insert({id, community, activity, publishedAt: now.toISOString()});
    } catch (error) {
      // Recorded already (a retried publication): once is enough.
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  }

  async recent(community: string, limit = OUTBOX_SIZE): Promise<Array<Record<string, unknown>>> {
    return (await this.#sent.find({community}, {sortBy: 'publishedAt', descending: true, limit})).map(({doc}) => doc.activity);
  }

  async count(community: string): Promise<number> {
    return this.#sent.count({community});
  }
}

