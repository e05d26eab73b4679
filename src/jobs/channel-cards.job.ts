import { waitBeforeSend } from '../domain/rate-limit.js';
import { claimCardOnlyWork, extendLeases, saveCardsAndFinish, type ChannelWork } from '../store/channels.repository.js';
import { recentSendsByConversation } from '../store/send-log.repository.js';
import { getClusterViews } from '../store/clusters.repository.js';
import { WAITING } from '../domain/channel-waiting.js';
import { Postpone, WAIT_FOR_CONFIG_MS, type ChannelSyncDeps } from './channel-work.js';
import { giveBack, syncClusterChannel } from './channel-sync.job.js';
import { soonAgain } from './send-retry.js';

/**
 * Works through a batch of clusters. Those that only need their status card updated (the usual result of
 * a change that touches many clusters) take a fast path with a fixed number of queries for the whole
 * batch; the rest go one by one through the full synchronisation.
 */
export async function syncClusterChannels(deps: ChannelSyncDeps, clusterIds: readonly string[]): Promise<void> {
  const fast = await claimCardOnlyWork(deps.pool, clusterIds, deps.leaseSeconds);
  const claimed = new Set(fast.map((w) => w.clusterId));
  const slow = clusterIds.filter((id) => !claimed.has(id)).map((id) => syncClusterChannel(deps, id));
  await Promise.all([updateCards(deps, fast), ...slow]);
}

async function updateCards(deps: ChannelSyncDeps, works: ChannelWork[]): Promise<void> {
  if (works.length === 0) return;
  const ids = works.map((w) => w.clusterId);
  const renew = setInterval(
    () => void extendLeases(deps.pool, ids, deps.leaseSeconds).catch(() => undefined),
    (deps.leaseSeconds * 1000) / 3,
  );
  try {
    const views = new Map((await getClusterViews(deps.pool, ids)).map((v) => [v.id, v]));
    const recent = await recentSendsByConversation(
      deps.pool,
      works.map((w) => w.channelId!),
    );
    const sent: { clusterId: string; version: number; channelId: string }[] = [];
    await Promise.all(
      works.map(async (work) => {
        const log = deps.logger.child({ clusterId: work.clusterId, attempt: work.attempts });
        try {
          const team = await deps.teamRefs.get(deps.pool, work.teamId!);
          if (!team) throw new Postpone('waiting', WAIT_FOR_CONFIG_MS, WAITING.bot);
          const wait = waitBeforeSend(recent.get(work.channelId!) ?? [], Date.now());
          if (wait > 0) throw new Postpone('pending', wait, 'rate limit for the channel');
          const view = views.get(work.clusterId)!;
          await soonAgain(() => deps.cards.update(team.reference, work.channelId!, work.cardActivityId!, view));
          sent.push({ clusterId: work.clusterId, version: view.version, channelId: work.channelId! });
        } catch (err) {
          // A deleted card (404) and everything else go back through the full path, which knows what to do.
          await giveBack(deps, work, err, log);
        }
      }),
    );
    const ready = new Set(await saveCardsAndFinish(deps.pool, sent));
    for (const s of sent) if (!ready.has(s.clusterId)) await deps.retryLater(s.clusterId, 0);
    deps.logger.info({ updated: sent.length, of: works.length }, 'status cards updated');
  } finally {
    clearInterval(renew);
  }
}
