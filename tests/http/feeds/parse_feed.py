#!/usr/bin/python3
"""parse_feed.py — read an RSS or Atom document on standard input with
Debian's python3-feedparser and print what a feed reader sees, as JSON:

    {"bozo": false, "version": "rss20", "feed": {...},
     "entries": [{"title", "link", "id", "published", "updated",
                  "author", "summary", "content", "tags"}]}

Dates are the parsed times as ISO 8601 in UTC ("2014-12-19T09:00:10Z"),
so the tests compare instants, not spellings. Used by
tests/http/feeds/feeds.test.mjs; run with /usr/bin/python3 (Debian's,
which has feedparser), not a python3 from elsewhere on PATH.
"""
import calendar
import json
import sys
import time

import feedparser


def iso(struct):
    if struct is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ",
                         time.gmtime(calendar.timegm(struct)))


def main():
    data = sys.stdin.buffer.read()
    d = feedparser.parse(data)
    out = {
        "bozo": bool(d.bozo),
        "bozo_exception": str(d.get("bozo_exception", "")),
        "version": d.version,
        "feed": {
            "title": d.feed.get("title"),
            "link": d.feed.get("link"),
            "subtitle": d.feed.get("subtitle"),
            "language": d.feed.get("language"),
            "updated": iso(d.feed.get("updated_parsed")),
            "id": d.feed.get("id"),
            "links": [{"rel": l.get("rel"), "href": l.get("href"),
                       "type": l.get("type")}
                      for l in d.feed.get("links", [])],
        },
        "entries": [],
    }
    for e in d.entries:
        out["entries"].append({
            "title": e.get("title"),
            "link": e.get("link"),
            "id": e.get("id"),
            "published": iso(e.get("published_parsed")),
            "updated": iso(e.get("updated_parsed")),
            "author": e.get("author"),
            "summary": e.get("summary"),
            "content": [c.get("value") for c in e.get("content", [])],
            "tags": [t.get("term") for t in e.get("tags", [])],
        })
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
