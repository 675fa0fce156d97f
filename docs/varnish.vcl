# varnish.vcl — Varnish in front of sinmun, with purging by tag through
# vmod xkey (Debian: varnish, varnish-modules).  docs/operations.md
# "Varnish and CDNs" explains it; tests/http/cdn/varnish.test.mjs runs
# this very file (with its own backend port) in `make test`.
#
# sinmun: purge_urls = xkey+http://VARNISH_HOST:6081/
vcl 4.1;

import xkey;

# One backend per sinmun node (or a director over several).
backend sinmun {
    .host = "127.0.0.1";
    .port = "8080";
}

# Who may purge: the sinmun nodes.  Anyone else gets 403.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        # Every object tagged with any of the space-separated tags.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    # Forms, sign-in and the newsroom go straight to sinmun.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # A signed-in reader (a sid cookie) gets pages of their own, and
    # /csrf hands out the visitor cookie its token is bound to.
    if (req.http.Cookie ~ "(^|;\s*)sid=" || req.url ~ "^/csrf") {
        return (pass);
    }
    # No other cookie changes a public page; dropping them (analytics
    # cookies too) lets every anonymous reader share one copy, which is
    # what sinmun's "Vary: Accept-Encoding, Cookie" then allows.
    unset req.http.Cookie;
}

sub vcl_backend_response {
    # xkey indexes objects by their xkey header; sinmun names the tags in
    # Surrogate-Key (space-separated, the same list).
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
}

sub vcl_deliver {
    unset resp.http.xkey;
}
