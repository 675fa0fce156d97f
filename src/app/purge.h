/*
 * purge.h — purging Varnish and CDN caches by tag when something changes.
 *
 * Pages carry their cache tags as Surrogate-Key and Cache-Tag headers
 * (web/server.c); a change records its tag in cache_events
 * (app_change()).  The purger sends those tags to the endpoints of the
 * purge_urls setting (Varnish xkey, Fastly) from a thread of its own, so
 * that neither a request nor the change feed ever waits for a CDN.  One
 * node of a cluster sends (the holder of a lease in the purge_state
 * table), from a cursor kept in that table: see purge.c and
 * docs/operations.md "Varnish and CDNs".
 *
 * Owner: `sinmun serve` (main.c) starts it after the change feed and
 * stops it before; nothing runs when purge_urls is empty.
 */
#ifndef SINMUN_APP_PURGE_H
#define SINMUN_APP_PURGE_H

#include "base/config.h"
#include "base/rc.h"
#include "store/store.h"

/*
 * Start the purger for the endpoints of 'pCfg' (purge_urls, purge_key,
 * purge_retries) on the database 'pStore'; both must outlive
 * purge_stop().  Does nothing (and returns OK) when purge_urls is empty.
 * Return OK, or ERR_INVALID after logging why (a fastly+ endpoint
 * without purge_key), or ERR_NOMEM.
 */
int purge_start(const Config *pCfg, Store *pStore) WARN_UNUSED;

/*
 * Tell the purger that this node has handled every cache_events row up
 * to 'lastId': its own cached pages of them are gone (and a read replica
 * has caught up).  The purger sends no row before that, so a proxy that
 * fetches a purged page again never gets this node's old copy.  The
 * change feed calls it when it starts (the rows before it count as
 * handled: nothing is cached yet) and after each read that found rows.
 * Never blocks; safe from any thread, and a no-op when the purger is not
 * running.
 */
void purge_wake(int64_t lastId);

/* Stop the purger; requests in flight are abandoned (the next holder of
   the lease sends them again from the cursor). */
void purge_stop(void);

#endif
