import { Button, Caption1, Text } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getJson, type Authorization } from './api.js';
import type { Locale, Strings } from '../../i18n/tabs.js';
import { Notice, Section } from './parts.js';

interface HistoryAnswer {
  mission: { id: string; title: string; status: string };
  events: { at: string; kind: string; line: string; detail?: string }[];
  page: number;
  pages: number;
  total: number;
}

/** A mission's "Historik" in the portfolio tab: the same steps as in the chat, a page at a time, newest page first. */
export function HistoryPanel({
  t,
  locale,
  auth,
  missionId,
  onClose,
}: {
  t: Strings;
  locale: Locale;
  auth: Authorization;
  missionId: string;
  onClose: () => void;
}) {
  const [page, setPage] = useState(-1);
  const [data, setData] = useState<HistoryAnswer | undefined>();
  const [error, setError] = useState<string | undefined>();
  const region = useRef<HTMLDivElement>(null);
  const load = useCallback(() => {
    getJson<HistoryAnswer>(auth, `/api/tab/missions/${encodeURIComponent(missionId)}/history?page=${page}`)
      .then((d) => {
        setData(d);
        setError(undefined);
      })
      .catch((err: Error) => setError(`${t.loadFailed} ${err.message}`));
  }, [auth, missionId, page, t]);
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    region.current?.scrollIntoView({ block: 'start' });
  }, [missionId]);
  const tag = locale === 'da' ? 'da-DK' : 'en-GB';
  const day = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
  const dayAndTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  // The time too where several steps on the page share a day, as the chat's card does.
  const days = data?.events.map((e) => day.format(new Date(e.at))) ?? [];
  const stamp = (at: string, i: number) =>
    days.indexOf(days[i]) !== days.lastIndexOf(days[i]) ? dayAndTime.format(new Date(at)) : days[i];

  return (
    <div ref={region} id="history">
      <Section id="history-section" title={data ? t.historyOf(data.mission.title) : t.history} intro={t.historyIntro}>
        {error ? <Notice intent="error" text={error} action={<Button onClick={load}>{t.retry}</Button>} /> : null}
        {!data && !error ? <Notice intent="info" text={t.loading} /> : null}
        {data ? (
          <>
            {data.events.length === 0 ? <p>{t.historyEmpty}</p> : null}
            <ol className="timeline">
              {data.events.map((e, i) => (
                <li key={`${e.at}-${i}`} className={`event event-${e.kind}`}>
                  <Caption1 block className="meta">
                    {stamp(e.at, i)}
                  </Caption1>
                  <Text block>{e.line}</Text>
                  {e.detail ? <Caption1 block>{e.detail}</Caption1> : null}
                </li>
              ))}
            </ol>
            <div className="history-paging">
              {data.pages > 1 ? <Caption1>{t.historyPage(data.page + 1, data.pages, data.total)}</Caption1> : null}
              <Button disabled={data.page === 0} onClick={() => setPage(data.page - 1)}>
                {t.earlier}
              </Button>
              <Button disabled={data.page >= data.pages - 1} onClick={() => setPage(data.page + 1)}>
                {t.later}
              </Button>
              <Button appearance="subtle" onClick={onClose}>
                {t.close}
              </Button>
            </div>
          </>
        ) : null}
      </Section>
    </div>
  );
}
