import type { ConfigItemSource } from '../../ports/inventory-source';
import { env } from '../../shared/env';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const e = env();

/**
 * Only oversized Config notifications (a summary without the item) need the Config API, a small
 * minority of events; the Config and STS SDK clients are therefore loaded on the first one, not at
 * every cold start (they were most of this function's init time). Kept for the container's life.
 */
let source: Promise<ConfigItemSource> | undefined;
const configItems: ConfigItemSource = {
  latest: (...args) => {
    source ??= import('../../adapters/aws/config-clients').then(
      (m) => m.configItemSource(e),
      (error) => {
        source = undefined;
        throw error;
      },
    );
    return source.then((s) => s.latest(...args));
  },
};

export const handler = createHandler({ configItems });
export default handler;
